// No secret, code or token may reach a log line or an error (brief §7; ref §4.3 signature included).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { createDingTalkClient } from './client.ts';
import { MemoryAppTokenCache } from './app-token.ts';
import { fakeFetch, type Scripted } from './fake-fetch.ts';
import { legacySignature } from './signature.ts';
import type { FetchLike } from './types.ts';

const SECRET = 'SeCrEt-0123456789abcdef';
const AUTH_CODE = 'authcode-77f85c6b77';
const TMP_CODE = 'tmpcode-5544aa';
const USER_TOKEN = 'usertoken-abc123';
const REFRESH = 'refresh-def456';
const APP_TOKEN = 'apptoken-96fc7a7a';
const NOW = 1700000000000;
const SIG = legacySignature(SECRET, NOW);
const FORBIDDEN = [SECRET, AUTH_CODE, TMP_CODE, USER_TOKEN, REFRESH, APP_TOKEN, SIG, encodeURIComponent(SIG), encodeURIComponent(SECRET)];

function harness(script: Scripted[] | FetchLike, extra: { appTokenFlavour?: 'new' | 'legacy'; timeoutMs?: number } = {}) {
  const lines: string[] = [];
  const log = (o: Record<string, unknown>, m: string) => void lines.push(JSON.stringify(o) + ' ' + m);
  const client = createDingTalkClient({
    appKey: 'dingkey', appSecret: SECRET, now: () => NOW, retryDelayMs: 0, tokenCache: new MemoryAppTokenCache(),
    fetch: typeof script === 'function' ? script : fakeFetch(...script).fetch, logger: { debug: log, warn: log }, ...extra,
  });
  return { client, lines };
}

const echo = (...parts: string[]) => `echo: ${parts.join(' ')} ${parts.map(encodeURIComponent).join(' ')}`;

async function failureOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(() => assert.fail('expected a failure'), (e: unknown) => e);
}

function assertClean(texts: string[]): void {
  for (const text of texts) for (const f of FORBIDDEN) assert.ok(!text.includes(f), `leaked ${f.slice(0, 6)}… in: ${text.slice(0, 200)}`);
}

test('successful calls log no secret, code or token', async () => {
  const { client, lines } = harness([
    { json: { accessToken: USER_TOKEN, refreshToken: REFRESH, expireIn: 7200 } },
    { json: { unionId: 'u1' } },
    { json: { errcode: 0, user_info: { unionid: 'u2' } } },
    { json: { accessToken: APP_TOKEN, expireIn: 7200 } },
    { json: { errcode: 0, result: { userid: 'z', contact_type: 0 } } },
  ]);
  await client.exchangeUserToken(AUTH_CODE);
  await client.getCurrentUser(USER_TOKEN);
  await client.getUserInfoByTmpCode(TMP_CODE);
  await client.getUserIdByUnionId('u1');
  assert.ok(lines.length >= 5);
  assertClean(lines);
});

test('errors (and their logs) never carry secrets, even when DingTalk echoes them', async () => {
  const errors: unknown[] = [];
  const all: string[] = [];
  const run = async (script: Scripted[] | FetchLike, call: (c: ReturnType<typeof harness>['client']) => Promise<unknown>, extra = {}) => {
    const h = harness(script, extra);
    errors.push(await failureOf(call(h.client)));
    all.push(...h.lines);
  };
  await run([{ status: 400, json: { code: 'invalidParameter.authCode.notFound', message: echo(AUTH_CODE, SECRET) } }], (c) => c.exchangeUserToken(AUTH_CODE));
  await run([{ status: 400, json: { code: 'x', message: echo(REFRESH) } }], (c) => c.refreshUserToken(REFRESH));
  await run([{ status: 400, json: { code: 'InvalidAuthentication', message: echo(USER_TOKEN) } }], (c) => c.getCurrentUser(USER_TOKEN));
  await run([{ json: { errcode: 40078, errmsg: echo(TMP_CODE, SIG) } }], (c) => c.getUserInfoByTmpCode(TMP_CODE));
  await run([{ json: { errcode: 40096, errmsg: echo(SECRET) } }], (c) => c.testConnection(), { appTokenFlavour: 'legacy' });
  const badToken = { json: { errcode: 88, sub_code: '40014', sub_msg: echo(APP_TOKEN), errmsg: echo(APP_TOKEN) } };
  const tok = { json: { accessToken: APP_TOKEN, expireIn: 7200 } };
  await run([tok, badToken, tok, badToken], (c) => c.getOrgUser('u'));
  await run([{ hang: true }, { hang: true }], (c) => c.getAppAccessToken(), { timeoutMs: 10, appTokenFlavour: 'legacy' });
  // A transport error whose own text quotes the full URL (query included).
  const urlQuoting: FetchLike = async (url) => { throw new TypeError(`Failed to parse URL from ${url}`, { cause: new Error(url) }); };
  await run(urlQuoting, (c) => c.getAppAccessToken(), { appTokenFlavour: 'legacy' });
  await run(urlQuoting, (c) => c.getUserInfoByTmpCode(TMP_CODE));

  assert.equal(errors.length, 9);
  assertClean(all);
  assertClean(errors.map((e) => inspect(e, { depth: 5 }) + String(e) + JSON.stringify(e)));
  // The scrubbed text is still useful.
  assert.match(String((errors[0] as { upstreamMessage: string }).upstreamMessage), /echo: \[redacted\]/);
});
