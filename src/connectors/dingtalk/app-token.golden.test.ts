// App token: golden requests (ref §5.1, §5.2), caching, single flight, test connection.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { APP_TOKEN_REFRESH_MARGIN_MS, MemoryAppTokenCache } from './app-token.ts';
import { createDingTalkClient } from './client.ts';
import { DingTalkError } from './errors.ts';
import { fakeFetch, repeat } from './fake-fetch.ts';
import { clientWith, TEST_APP_KEY, TEST_APP_SECRET } from './testing-client.ts';
import type { AppTokenCache } from './types.ts';

const NEW_OK = { json: { accessToken: 'fw8ef8we8f76e6f7s8dxxxx', expireIn: 7200 } };
const LEGACY_OK = { json: { errcode: 0, access_token: '96fc7a7axxx', errmsg: 'ok', expires_in: 7200 } };
const is = (code: string) => (e: unknown) => e instanceof DingTalkError && e.code === code;

test('new flavour: POST api/v1.0/oauth2/accessToken with JSON {appKey, appSecret}', async () => {
  const { client, ff } = clientWith([NEW_OK]);
  assert.equal(await client.getAppAccessToken(), 'fw8ef8we8f76e6f7s8dxxxx');
  assert.deepEqual(ff.calls, [{
    method: 'POST',
    url: 'https://api.dingtalk.com/v1.0/oauth2/accessToken',
    headers: { 'content-type': 'application/json' },
    body: { appKey: TEST_APP_KEY, appSecret: TEST_APP_SECRET },
  }]);
});

test('legacy flavour: GET oapi/gettoken with appkey/appsecret in the query', async () => {
  const { client, ff } = clientWith([LEGACY_OK], { appTokenFlavour: 'legacy' });
  assert.equal(await client.getAppAccessToken(), '96fc7a7axxx');
  assert.deepEqual(ff.calls, [{
    method: 'GET',
    url: `https://oapi.dingtalk.com/gettoken?appkey=${TEST_APP_KEY}&appsecret=${TEST_APP_SECRET}`,
    headers: {},
    body: undefined,
  }]);
});

test('the token is cached: a second call makes no request', async () => {
  const { client, ff } = clientWith([NEW_OK]);
  await client.getAppAccessToken();
  assert.equal(await client.getAppAccessToken(), 'fw8ef8we8f76e6f7s8dxxxx');
  assert.equal(ff.calls.length, 1);
});

test('single flight: 10 concurrent callers cause one upstream request', async () => {
  const { client, ff } = clientWith([NEW_OK]);
  const tokens = await Promise.all(Array.from({ length: 10 }, () => client.getAppAccessToken()));
  assert.equal(ff.calls.length, 1);
  assert.ok(tokens.every((t) => t === 'fw8ef8we8f76e6f7s8dxxxx'));
});

test('single flight also spans two clients sharing one cache', async () => {
  const ff = fakeFetch(...repeat(2, NEW_OK));
  const tokenCache = new MemoryAppTokenCache();
  const make = () => createDingTalkClient({ appKey: 'k-shared', appSecret: 's-shared', fetch: ff.fetch, tokenCache });
  await Promise.all([make().getAppAccessToken(), make().getAppAccessToken(), make().getAppAccessToken()]);
  assert.equal(ff.calls.length, 1);
});

test('refreshes APP_TOKEN_REFRESH_MARGIN_MS before expiry', async () => {
  let now = 1_000_000;
  const { client, ff } = clientWith([NEW_OK, { json: { accessToken: 'second', expireIn: 7200 } }], { now: () => now });
  await client.getAppAccessToken();
  now += 7200_000 - APP_TOKEN_REFRESH_MARGIN_MS - 1;
  assert.equal(await client.getAppAccessToken(), 'fw8ef8we8f76e6f7s8dxxxx');
  assert.equal(ff.calls.length, 1);
  now += 1;
  assert.equal(await client.getAppAccessToken(), 'second');
  assert.equal(ff.calls.length, 2);
});

test('a short-lived token stays usable for half its life', async () => {
  let now = 0;
  const { client, ff } = clientWith([{ json: { accessToken: 'short', expireIn: 60 } }, NEW_OK], { now: () => now });
  await client.getAppAccessToken();
  now = 29_999;
  await client.getAppAccessToken();
  assert.equal(ff.calls.length, 1);
  now = 30_000;
  assert.equal(await client.getAppAccessToken(), 'fw8ef8we8f76e6f7s8dxxxx');
});

test('the cache is keyed by endpoint and AppKey, and stores an absolute expiry', async () => {
  const seen: Array<[string, unknown]> = [];
  const tokenCache: AppTokenCache = { get: async () => undefined, set: async (k, v) => void seen.push([k, v]) };
  const { client } = clientWith([NEW_OK], { tokenCache, now: () => 0, endpoints: { api: 'http://sim:1/api' } });
  await client.getAppAccessToken();
  assert.deepEqual(seen, [[`dingtalk:app-token:http://sim:1/api:${TEST_APP_KEY}`, { token: 'fw8ef8we8f76e6f7s8dxxxx', expiresAt: 7200_000 - APP_TOKEN_REFRESH_MARGIN_MS }]]);
});

test('a failing shared cache does not break token fetching', async () => {
  const tokenCache: AppTokenCache = { get: async () => { throw new Error('redis down'); }, set: async () => { throw new Error('redis down'); } };
  const { client } = clientWith([NEW_OK], { tokenCache });
  assert.equal(await client.getAppAccessToken(), 'fw8ef8we8f76e6f7s8dxxxx');
});

test('failures are not cached', async () => {
  const { client, ff } = clientWith([{ status: 400, json: { code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret' } }, NEW_OK]);
  await assert.rejects(client.getAppAccessToken(), is('dingtalk.invalid_client'));
  assert.equal(await client.getAppAccessToken(), 'fw8ef8we8f76e6f7s8dxxxx');
  assert.equal(ff.calls.length, 2);
});

test('the app token fetch is retried once on 5xx, not more', async () => {
  const { client, ff } = clientWith([{ status: 500, json: { code: 'unknownError', message: '未知错误' } }, NEW_OK]);
  assert.equal(await client.getAppAccessToken(), 'fw8ef8we8f76e6f7s8dxxxx');
  assert.equal(ff.calls.length, 2);
  const { client: c2, ff: ff2 } = clientWith(repeat(3, { status: 503, text: 'busy' }));
  await assert.rejects(c2.getAppAccessToken(), is('dingtalk.unavailable'));
  assert.equal(ff2.calls.length, 2);
});

test('legacy gettoken is retried once on errcode -1', async () => {
  const { client, ff } = clientWith([{ json: { errcode: -1, errmsg: '系统繁忙' } }, LEGACY_OK], { appTokenFlavour: 'legacy' });
  assert.equal(await client.getAppAccessToken(), '96fc7a7axxx');
  assert.equal(ff.calls.length, 2);
});

test('testConnection bypasses the cache, does not fill it, and reports ok', async () => {
  const { client, ff } = clientWith([NEW_OK, NEW_OK, NEW_OK]);
  await client.getAppAccessToken();
  assert.deepEqual(await client.testConnection(), { ok: true });
  assert.deepEqual(await client.testConnection(), { ok: true });
  assert.equal(ff.calls.length, 3);
});

test('testConnection says what is wrong', async () => {
  const cases: Array<[Parameters<typeof clientWith>[0], Parameters<typeof clientWith>[1], string]> = [
    [[{ status: 400, json: { code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret', requestid: 'r1' } }], {}, 'dingtalk.invalid_client'],
    [[{ json: { errcode: 40096, errmsg: '不合法的appKey或appSecret' } }], { appTokenFlavour: 'legacy' }, 'dingtalk.invalid_client'],
    [[{ json: { errcode: 60020, errmsg: '访问ip不在白名单之中,request ip=1.2.3.4 appKey(k)' } }], { appTokenFlavour: 'legacy' }, 'dingtalk.ip_not_whitelisted'],
    [[{ status: 403, json: { code: 'Forbidden.AccessDenied.IpNotInWhiteList', message: 'ip' } }], {}, 'dingtalk.ip_not_whitelisted'],
    [repeat(2, { networkError: 'ECONNREFUSED' }), {}, 'dingtalk.unavailable'],
    [repeat(2, { hang: true }), { timeoutMs: 20 }, 'dingtalk.timeout'],
  ];
  for (const [script, opts, code] of cases) {
    const { client } = clientWith(script, opts);
    await assert.rejects(client.testConnection(), is(code), code);
  }
});
