/**
 * GET /metrics (Prometheus text) fed by the login events, the DingTalk connector's fetch, the SMS
 * sender and every HTTP response; its optional bearer token; and readiness (/readyz) following the
 * store and Redis as they go away and come back.
 */
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeEachDialect, pgProblem, PG_URL, REDIS_URL, redisProblem, startNode, type TestNode } from './helpers/harness.ts';
import { Browser, field } from './helpers/browser.ts';
import { scan, startSimulator, SIM_APP, type Simulator } from './helpers/dingtalk.ts';
import { parsePrometheus, valueOf } from './helpers/prometheus.ts';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.ts';
import { PASSWORD_SOURCE_ID, SMS_SOURCE_ID, USER_CENTER_APP_ID } from '../src/store/well-known.ts';

const V1 = '/api/admin/v1';
const PASSWORD = 'a long enough password';
/** Reconnection (ioredis back-off, a new pool connection) takes a moment: poll up to this long. */
const RECOVERY_TIMEOUT_MS = 10_000;

async function metricsOf(node: TestNode) {
  const res = await fetch(`${node.url}/metrics`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return parsePrometheus(await res.text());
}

async function readiness(url: string) {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: (await res.json()) as { status: string; checks: Record<string, string> } };
}

async function eventually(url: string, status: number) {
  const deadline = Date.now() + RECOVERY_TIMEOUT_MS;
  for (;;) {
    const ready = await readiness(url);
    if (ready.status === status || Date.now() > deadline) return ready;
    await sleep(100);
  }
}

describeEachDialect('Observability', (dialect) => {
  let node: TestNode;
  let sim: Simulator;
  let admin: string;

  before(async () => {
    sim = await startSimulator();
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
  });
  after(async () => {
    await node?.close();
    await sim?.close();
  });

  async function enable(sources: string[]) {
    const put = await node.api('PUT', `${V1}/applications/${USER_CENTER_APP_ID}/login-configuration`, { token: admin, body: { sources } });
    assert.equal(put.status, 200, JSON.stringify(put.body));
  }

  async function user(mobile?: string) {
    const tag = randomBytes(4).toString('hex');
    const res = await node.api('POST', `${V1}/users`, { token: admin, body: { username: `m${tag}`, displayName: `M ${tag}`, password: PASSWORD, ...(mobile ? { mobile } : {}) } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { id: string; username: string };
  }

  test('sign-ins are counted by method and outcome, and every login step by reason', async () => {
    await enable([PASSWORD_SOURCE_ID, SMS_SOURCE_ID]);
    const u = await user();
    const before = await metricsOf(node);
    const b = new Browser(node.url);
    const page = await b.get(`/login?app=user-center&method=${PASSWORD_SOURCE_ID}`);
    const form = { app: 'user-center', csrf: field(page.body, 'csrf'), username: u.username };
    assert.equal((await b.post('/login/password', { ...form, password: 'not the password' })).status, 401);
    assert.equal((await b.post('/login/password', { ...form, password: PASSWORD })).status, 303);
    const after = await metricsOf(node);
    const delta = (labels: Record<string, string>, name = 'portico_logins_total') => valueOf(after, name, labels) - valueOf(before, name, labels);
    assert.equal(delta({ method: 'password', outcome: 'success' }), 1);
    assert.equal(delta({ method: 'password', outcome: 'failure' }), 1);
    assert.equal(delta({ action: 'login.password', outcome: 'failure', reason: 'login.invalid_credentials' }, 'portico_login_events_total'), 1);
    assert.equal(delta({ action: 'login.password', outcome: 'success', reason: 'password.ok' }, 'portico_login_events_total'), 1);
  });

  test('SMS sends are counted by sender and outcome', async () => {
    await enable([SMS_SOURCE_ID, PASSWORD_SOURCE_ID]);
    const before = valueOf(await metricsOf(node), 'portico_sms_sends_total', { sender: 'console', outcome: 'success' });
    const b = new Browser(node.url);
    const page = await b.get(`/login?app=user-center&method=${SMS_SOURCE_ID}`);
    const phone = `137${String(randomInt(0, 1e8)).padStart(8, '0')}`;
    const sent = await b.post('/login/sms', { app: 'user-center', csrf: field(page.body, 'csrf'), action: 'send', phone });
    assert.equal(sent.status, 200);
    const after = await metricsOf(node);
    assert.equal(valueOf(after, 'portico_sms_sends_total', { sender: 'console', outcome: 'success' }) - before, 1);
    assert.ok(valueOf(after, 'portico_sms_send_duration_seconds_count', { sender: 'console' }) >= 1);
  });

  test('request durations are labelled by route pattern, never by the raw URL', async () => {
    const secret = `zz${randomBytes(6).toString('hex')}`;
    await fetch(`${node.url}/login/dingtalk/${secret}?app=user-center`);
    await fetch(`${node.url}/no/such/${secret}`);
    const text = await (await fetch(`${node.url}/metrics`)).text();
    assert.ok(!text.includes(secret), 'no raw path segment reaches a label');
    const samples = parsePrometheus(text);
    assert.ok(samples.some((s) => s.name === 'portico_http_request_duration_seconds_count' && s.labels.route === '/login/:type/:sourceId'));
    assert.ok(samples.some((s) => s.name === 'portico_http_request_duration_seconds_count' && s.labels.route === 'unmatched' && s.labels.status === '404'));
    assert.ok(valueOf(samples, 'process_resident_memory_bytes') > 0);
  });

  test('DingTalk calls are timed by API path and status, and their failures counted', async () => {
    const created = await node.api('POST', `${V1}/sources`, {
      token: admin,
      body: { type: 'dingtalk', name: `DT ${randomBytes(3).toString('hex')}`, config: { ...SIM_APP, endpoints: { login: sim.url, api: sim.url, oapi: sim.url } } },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await sim.allowRedirects([created.body.callbackUrl]);
    await enable([created.body.id, PASSWORD_SOURCE_ID]);
    const mobile = `139${String(randomInt(0, 1e8)).padStart(8, '0')}`;
    await user(`+86${mobile}`);
    const unionId = `u${randomBytes(4).toString('hex')}`;
    await sim.addUser({ unionId, userId: `user${unionId}`, name: 'Metered', nick: 'metered', mobile });

    const b = new Browser(node.url);
    const { callbackUrl } = await scan(b, sim, `/login/dingtalk/${created.body.id}?app=user-center`, unionId);
    assert.equal((await b.get(callbackUrl!)).location, '/account');
    let samples = await metricsOf(node);
    assert.ok(valueOf(samples, 'portico_dingtalk_request_duration_seconds_count', { path: '/v1.0/oauth2/userAccessToken', status: '200' }) >= 1);
    assert.ok(valueOf(samples, 'portico_dingtalk_request_duration_seconds_count', { path: '/v1.0/contact/users/me', status: '200' }) >= 1);
    const failuresBefore = valueOf(samples, 'portico_dingtalk_request_errors_total', { path: '/v1.0/contact/users/me', kind: 'dingtalk.unavailable' });

    await sim.api('POST', '/sim/api/faults', { pathPrefix: '/v1.0/contact/users/me', status: 500, times: 2 });
    const again = new Browser(node.url);
    const second = await scan(again, sim, `/login/dingtalk/${created.body.id}?app=user-center`, unionId);
    assert.notEqual((await again.get(second.callbackUrl!)).location, '/account', 'DingTalk failed, so no sign-in');
    samples = await metricsOf(node);
    assert.ok(valueOf(samples, 'portico_dingtalk_request_errors_total', { path: '/v1.0/contact/users/me', kind: 'dingtalk.unavailable' }) > failuresBefore);
    assert.ok(valueOf(samples, 'portico_dingtalk_request_duration_seconds_count', { path: '/v1.0/contact/users/me', status: '500' }) >= 1);
    assert.ok(valueOf(samples, 'portico_logins_total', { method: 'dingtalk', outcome: 'failure' }) >= 1);
  });

  test('with PORTICO_METRICS_TOKEN set, /metrics asks for that bearer token', async () => {
    const token = randomBytes(24).toString('hex');
    const guarded = await startNode(dialect, { PORTICO_METRICS_TOKEN: token });
    try {
      const none = await fetch(`${guarded.url}/metrics`);
      assert.equal(none.status, 401);
      assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer/);
      assert.equal((await none.json()).code, 'metrics.unauthenticated');
      assert.equal((await fetch(`${guarded.url}/metrics`, { headers: { authorization: `Bearer ${token}x` } })).status, 401);
      const ok = await fetch(`${guarded.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(ok.status, 200);
      assert.match(await ok.text(), /^# TYPE portico_logins_total counter$/m);
    } finally {
      await guarded.close();
    }
  });

  test('readiness answers 503 naming the store once the store is closed', async () => {
    const doomed = await startNode(dialect);
    try {
      assert.deepEqual((await readiness(doomed.url)).body, { status: 'ready', checks: { store: 'ok' } });
      await doomed.portico.store.close();
      const ready = await readiness(doomed.url);
      assert.equal(ready.status, 503);
      assert.deepEqual(ready.body, { status: 'unavailable', checks: { store: 'unreachable' } });
      assert.equal((await fetch(`${doomed.url}/healthz`)).status, 200, 'still alive: only not ready');
    } finally {
      await doomed.close(); // closing the store again is harmless
    }
  });
});

describe('Readiness when PostgreSQL goes away', { skip: pgProblem ? `PostgreSQL unreachable at ${PG_URL}: ${pgProblem}` : false }, () => {
  let proxy: TcpProxy;
  let node: TestNode;
  before(async () => {
    const pg = new URL(PG_URL);
    proxy = await startTcpProxy(pg.hostname, Number(pg.port || 5432));
    const viaProxy = new URL(PG_URL);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    node = await startNode('postgres', { PORTICO_DATABASE_URL: viaProxy.toString() });
  });
  after(async () => {
    await proxy?.restore().catch(() => {});
    await node?.close();
    await proxy?.close();
  });

  test('readiness fails while PostgreSQL is unreachable, the node survives the broken connections, and recovers', async () => {
    assert.equal((await readiness(node.url)).status, 200);
    await proxy.cut();
    const down = await eventually(node.url, 503);
    assert.equal(down.status, 503);
    assert.deepEqual(down.body, { status: 'unavailable', checks: { store: 'unreachable' } });
    await proxy.restore();
    const up = await eventually(node.url, 200);
    assert.deepEqual(up.body, { status: 'ready', checks: { store: 'ok' } });
    assert.equal((await node.api('GET', `${V1}/users`, { token: await node.tokenFor('super_admin') })).status, 200, 'queries work again');
  });
});

describe('Readiness when Redis goes away', { skip: redisProblem ? `Redis unreachable at ${REDIS_URL}: ${redisProblem}` : false }, () => {
  let proxy: TcpProxy;
  let node: TestNode;
  before(async () => {
    const redis = new URL(REDIS_URL);
    proxy = await startTcpProxy(redis.hostname, Number(redis.port || 6379));
    const viaProxy = new URL(REDIS_URL);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    node = await startNode('sqlite', { PORTICO_REDIS_URL: viaProxy.toString() });
  });
  after(async () => {
    await proxy?.restore().catch(() => {});
    await node?.close();
    await proxy?.close();
  });

  test('readiness checks Redis when it is configured, fails while it is unreachable, and recovers', async () => {
    assert.deepEqual((await readiness(node.url)).body, { status: 'ready', checks: { store: 'ok', redis: 'ok' } });
    await proxy.cut();
    const down = await eventually(node.url, 503);
    assert.deepEqual(down.body, { status: 'unavailable', checks: { store: 'ok', redis: 'unreachable' } });
    await proxy.restore();
    const up = await eventually(node.url, 200);
    assert.deepEqual(up.body, { status: 'ready', checks: { store: 'ok', redis: 'ok' } });
  });
});
