// Directory calls are polite (ref §1.10): throttling and busy answers back off with jitter, hopeless ones do not;
// a client keeps to its in-flight cap and per-path rate.
import { RATE_WINDOW_MS } from './limiter.ts';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DIRECTORY_BACKOFF, backoffDelay } from './backoff.ts';
import { DingTalkError } from './errors.ts';
import { repeat, type Scripted } from './fake-fetch.ts';
import { createRequestLimiter } from './limiter.ts';
import { clientWith } from './testing-client.ts';
import type { FetchLike } from './types.ts';

const TOKEN = { json: { accessToken: 'app-tok', expireIn: 7200 } };
const COUNT = { json: { errcode: 0, errmsg: 'ok', result: { count: 7 } } };
const is = (code: string) => (e: unknown) => e instanceof DingTalkError && e.code === code;

function recordingSleep() {
  const slept: number[] = [];
  return { slept, sleep: async (ms: number) => void slept.push(ms) };
}

const THROTTLING: Array<[string, Scripted]> = [
  ['90002 global limit', { json: { errcode: 90002, errmsg: '您的服务器调用钉钉开放平台当前接口的所有请求都被暂时禁用了, apiPath(/user/list)' } }],
  ['90018 per-app limit', { json: { errcode: 90018, errmsg: '当前应用调用该接口的请求过于频繁' } }],
  ['90019 per-org limit', { json: { errcode: 90019, errmsg: 'x' } }],
  ['-1 system busy', { json: { errcode: -1, errmsg: '系统繁忙' } }],
  ['15 remote timeout', { json: { errcode: 15, sub_code: 'isp.top-remote-connection-timeout', errmsg: 'x' } }],
  ['88 with an empty sub_code', { json: { errcode: 88, sub_code: '', errmsg: 'x' } }],
  ['88 without sub_code', { json: { errcode: 88, errmsg: 'x' } }],
  ['HTTP 504', { status: 504, text: '<html>Gateway Timeout</html>' }],
  ['the WAF block', { json: { status: 1111, wait: 5, punish: 'deny' } }],
  ['a network error', { networkError: 'ECONNRESET' }],
];

for (const [name, answer] of THROTTLING) {
  test(`${name} is retried after a backoff`, async () => {
    const { slept, sleep } = recordingSleep();
    const { client, ff } = clientWith([TOKEN, answer, COUNT], { sleep });
    assert.equal(await client.countUsers(false), 7);
    assert.equal(ff.calls.length, 3);
    assert.deepEqual(slept, [1000]);
  });
}

test('403 QpsLimit* on the app token (v1.0 API) is backed off too', async () => {
  const { slept, sleep } = recordingSleep();
  const qps = { status: 403, json: { code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', message: 'qps' } };
  const { client, ff } = clientWith([qps, TOKEN, COUNT], { sleep });
  assert.equal(await client.countUsers(false), 7);
  assert.equal(ff.calls.length, 3);
  assert.deepEqual(slept, [1000]);
});

test('delays double from 1 s with U(0, 1 s) jitter; after 6 tries the call fails with dingtalk.throttled', async () => {
  const { slept, sleep } = recordingSleep();
  const busy = { json: { errcode: 90018, errmsg: '请求过于频繁', request_id: 'rq-last' } };
  const { client, ff } = clientWith([TOKEN, ...repeat(6, busy)], { sleep, random: () => 0.5 });
  const err = await client.listSubDepartments(1).then(() => assert.fail('resolved'), (e: unknown) => e);
  assert.ok(err instanceof DingTalkError);
  assert.equal(err.code, 'dingtalk.throttled');
  assert.equal(err.upstreamCode, '90018');
  assert.equal(err.requestId, 'rq-last');
  assert.equal(err.retryable, true);
  assert.equal(ff.calls.length, 1 + DIRECTORY_BACKOFF.tries);
  assert.deepEqual(slept, [1500, 2500, 4500, 8500, 16500]);
});

test('the backoff delay is capped at 60 s', () => {
  assert.equal(backoffDelay(5, () => 0.999), 32_999);
  assert.equal(backoffDelay(6, () => 0), 60_000);
  assert.equal(backoffDelay(20, () => 0.5), 60_000);
});

test('each backoff is logged with path, attempt, delay and codes', async () => {
  const warnings: Array<Record<string, unknown>> = [];
  const logger = { debug: () => {}, warn: (o: Record<string, unknown>, m: string) => void (m === 'dingtalk backoff' && warnings.push(o)) };
  const { client } = clientWith([TOKEN, { json: { errcode: 90002, errmsg: 'x' } }, { json: { errcode: -1, errmsg: 'x' } }, COUNT], { logger });
  await client.countUsers(true);
  assert.deepEqual(warnings, [
    { path: '/topapi/user/count', attempt: 1, delayMs: 1000, code: 'dingtalk.rate_limited', upstreamCode: '90002' },
    { path: '/topapi/user/count', attempt: 2, delayMs: 2000, code: 'dingtalk.unavailable', upstreamCode: '-1' },
  ]);
});

const HOPELESS: Array<[string, Scripted, string]> = [
  ['40078', { json: { errcode: 40078, errmsg: '不存在的临时授权码' } }, 'dingtalk.auth_code_invalid'],
  ['88/60011', { json: { errcode: 88, sub_code: '60011', errmsg: 'x' } }, 'dingtalk.permission_denied'],
  ['60011', { json: { errcode: 60011, errmsg: 'x' } }, 'dingtalk.permission_denied'],
  ['60003', { json: { errcode: 60003, errmsg: '部门不存在' } }, 'dingtalk.department_not_found'],
  ['400002', { json: { errcode: 400002, errmsg: '无效的参数' } }, 'dingtalk.upstream_error'],
  ['90020 monthly quota', { json: { errcode: 90020, errmsg: 'x' } }, 'dingtalk.quota_exceeded'],
];

for (const [name, answer, code] of HOPELESS) {
  test(`${name} is not retried`, async () => {
    const { slept, sleep } = recordingSleep();
    const { client, ff } = clientWith([TOKEN, answer, COUNT], { sleep });
    await assert.rejects(client.countUsers(false), is(code));
    assert.equal(ff.calls.length, 2);
    assert.deepEqual(slept, []);
  });
}

test('40014 twice: one token refresh, then token_invalid without backoff', async () => {
  const { slept, sleep } = recordingSleep();
  const bad = { json: { errcode: 40014, errmsg: '不合法的access_token' } };
  const { client, ff } = clientWith([TOKEN, bad, TOKEN, bad], { sleep });
  await assert.rejects(client.countUsers(false), is('dingtalk.token_invalid'));
  assert.equal(ff.calls.length, 4);
  assert.deepEqual(slept, []);
});

/** A fetch answering every directory call after `ms`, tracking how many are in flight. */
function slowFetch(ms: number) {
  const seen = { inFlight: 0, max: 0, calls: 0 };
  const fetch: FetchLike = async (url) => {
    if (url.includes('/oauth2/accessToken')) return new Response(JSON.stringify({ accessToken: 't', expireIn: 7200 }));
    seen.calls++;
    seen.inFlight++;
    seen.max = Math.max(seen.max, seen.inFlight);
    await new Promise((r) => setTimeout(r, ms));
    seen.inFlight--;
    return new Response(JSON.stringify({ errcode: 0, result: { count: 1 } }));
  };
  return { fetch, seen };
}

test('at most 5 directory requests are in flight by default, and directoryLimits.concurrency changes it', async () => {
  for (const [limits, expected] of [[undefined, 5], [{ concurrency: 2 }, 2]] as const) {
    const { fetch, seen } = slowFetch(5);
    const { client } = clientWith([], { fetch, directoryLimits: limits });
    await Promise.all(Array.from({ length: 12 }, () => client.countUsers(false)));
    assert.equal(seen.calls, 12);
    assert.equal(seen.max, expected);
  }
});

test('at most perSecond starts per API path in any second; other paths are not held back', async () => {
  let now = 0;
  const slept: number[] = [];
  const limiter = createRequestLimiter({ now: () => now, sleep: async (ms) => { slept.push(ms); now += ms; } }, { perSecond: 2 });
  const starts: Array<[string, number]> = [];
  const run = (path: string) => limiter.run(path, async () => void starts.push([path, now]));
  for (let i = 0; i < 5; i++) await run('/a');
  await run('/b');
  const W = RATE_WINDOW_MS;
  assert.deepEqual(starts, [['/a', 0], ['/a', 0], ['/a', W], ['/a', W], ['/a', 2 * W], ['/b', 2 * W]]);
  assert.deepEqual(slept, [W, W]);
});

test('the default is 20 requests per second per path', async () => {
  let now = 0;
  const limiter = createRequestLimiter({ now: () => now, sleep: async (ms) => { now += ms; } });
  const starts: number[] = [];
  for (let i = 0; i < 41; i++) await limiter.run('/p', async () => void starts.push(now));
  assert.deepEqual([starts[19], starts[20], starts[39], starts[40]], [0, RATE_WINDOW_MS, RATE_WINDOW_MS, 2 * RATE_WINDOW_MS]);
});

test('directoryLimits must be positive integers', () => {
  assert.throws(() => clientWith([], { directoryLimits: { concurrency: 0 } }), RangeError);
  assert.throws(() => clientWith([], { directoryLimits: { perSecond: 1.5 } }), RangeError);
});
