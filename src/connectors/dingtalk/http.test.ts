// Transport behaviour: timeout, network error, non-JSON, and retry only where safe.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DingTalkError } from './errors.ts';
import { repeat } from './fake-fetch.ts';
import { DEFAULT_TIMEOUT_MS } from './http.ts';
import { clientWith } from './testing-client.ts';

const is = (code: string) => (e: unknown) => e instanceof DingTalkError && e.code === code;
const ME = { json: { unionId: 'u1' } };

test('default timeout is 5 s', () => assert.equal(DEFAULT_TIMEOUT_MS, 5000));

test('a server that never answers → dingtalk.timeout after timeoutMs', async () => {
  const { client, ff } = clientWith(repeat(2, { hang: true }), { timeoutMs: 30 });
  const started = Date.now();
  await assert.rejects(client.exchangeUserToken('c'), (e) => is('dingtalk.timeout')(e) && (e as DingTalkError).retryable && (e as DingTalkError).httpStatus === undefined);
  assert.ok(Date.now() - started < 2000);
  assert.equal(ff.calls.length, 1);
});

test('network failure → dingtalk.unavailable, with only the system code in the message', async () => {
  const { client } = clientWith([{ networkError: 'ECONNREFUSED' }]);
  await assert.rejects(client.exchangeUserToken('c'), (e) => is('dingtalk.unavailable')(e) && /ECONNREFUSED/.test((e as Error).message) && !/https?:/.test((e as Error).message));
});

test('non-JSON bodies → bad_response (both families); 5xx HTML → unavailable', async () => {
  const { client } = clientWith([{ text: '<html>hi</html>' }, { text: 'oops' }, { status: 502, text: '<html>Bad Gateway</html>' }], { appTokenFlavour: 'legacy' });
  await assert.rejects(client.getCurrentUser('t'), is('dingtalk.bad_response'));
  await assert.rejects(client.getUserInfoByTmpCode('c'), is('dingtalk.bad_response'));
  await assert.rejects(client.exchangeUserToken('c'), (e) => is('dingtalk.unavailable')(e) && (e as DingTalkError).httpStatus === 502);
});

test('an oapi answer without errcode → bad_response; a JSON array → bad_response', async () => {
  const { client } = clientWith([{ json: { user_info: { unionid: 'u' } } }, { json: [1, 2] }]);
  await assert.rejects(client.getUserInfoByTmpCode('c'), is('dingtalk.bad_response'));
  await assert.rejects(client.getCurrentUser('t'), is('dingtalk.bad_response'));
});

test('the authCode exchange is called exactly once on a 500 (single-use code)', async () => {
  const { client, ff } = clientWith([{ status: 500, json: { code: 'unknownError', message: '未知错误' } }, { json: {} }]);
  await assert.rejects(client.exchangeUserToken('c'), is('dingtalk.unavailable'));
  assert.equal(ff.calls.length, 1);
});

test('the authCode exchange is called exactly once on a network error', async () => {
  const { client, ff } = clientWith([{ networkError: 'ECONNRESET' }, { json: {} }]);
  await assert.rejects(client.exchangeUserToken('c'), is('dingtalk.unavailable'));
  assert.equal(ff.calls.length, 1);
});

test('refreshUserToken is not retried on 500 either', async () => {
  const { client, ff } = clientWith([{ status: 500, json: { code: 'unknownError' } }, { json: {} }]);
  await assert.rejects(client.refreshUserToken('r'), is('dingtalk.unavailable'));
  assert.equal(ff.calls.length, 1);
});

test('users/me (idempotent GET) is retried once on 500 and on network error', async () => {
  const { client, ff } = clientWith([{ status: 500, json: { code: 'unknownError' } }, ME, { networkError: 'ECONNRESET' }, ME]);
  assert.equal((await client.getCurrentUser('t')).unionId, 'u1');
  assert.equal((await client.getCurrentUser('t')).unionId, 'u1');
  assert.equal(ff.calls.length, 4);
});

test('no retry on 4xx errors, even for safe calls', async () => {
  const { client, ff } = clientWith([{ status: 400, json: { code: 'InvalidAuthentication', message: '不合法的access_token' } }, ME]);
  await assert.rejects(client.getCurrentUser('t'), is('dingtalk.token_invalid'));
  assert.equal(ff.calls.length, 1);
});

test('the logger gets method, path, status, duration and request id on success', async () => {
  const lines: Array<[string, Record<string, unknown>, string]> = [];
  const logger = { debug: (o: Record<string, unknown>, m: string) => lines.push(['debug', o, m]), warn: (o: Record<string, unknown>, m: string) => lines.push(['warn', o, m]) };
  const { client } = clientWith([{ json: { unionId: 'u1' }, headers: { 'x-acs-request-id': 'rid-9' } }], { logger });
  await client.getCurrentUser('t');
  assert.equal(lines.length, 1);
  const [level, obj] = lines[0];
  assert.equal(level, 'debug');
  assert.deepEqual({ ...obj, durationMs: typeof obj.durationMs }, { method: 'GET', path: '/v1.0/contact/users/me', attempt: 1, status: 200, requestId: 'rid-9', durationMs: 'number' });
});
