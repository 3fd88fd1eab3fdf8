/**
 * GET /api/admin/v1/stats/logins: the dashboard's aggregates from the audit log, on both databases.
 * Events are written straight into the audit table so that their times are exactly known.
 */
import { before, after, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { SIGN_IN_METHODS } from '../src/identity/registry.ts';

const V1 = '/api/admin/v1';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The calendar day of `t` for a viewer `offsetMinutes` from UTC. */
const dayOf = (t: number, offsetMinutes = 0) => new Date(t + offsetMinutes * MINUTE).toISOString().slice(0, 10);

describeEachDialect('Enterprise Center API, login statistics', (dialect) => {
  let node: TestNode;
  let token: string;

  before(async () => {
    node = await startNode(dialect);
    token = await node.tokenFor('super_admin');
  });
  after(() => node?.close());
  beforeEach(() => node.portico.store.db.deleteFrom('audit_events').execute());

  async function event(at: number, action: string, o: { outcome?: 'success' | 'failure'; reason?: string; userId?: string | null; category?: string; method?: string } = {}) {
    await node.portico.store.db
      .insertInto('audit_events')
      .values({
        at: new Date(at).toISOString(),
        category: o.category ?? 'login',
        actor_type: o.userId ? 'user' : 'anonymous',
        actor_id: o.userId === undefined ? 'usr_1' : o.userId,
        actor_name: null,
        action,
        target_type: null,
        target_id: null,
        outcome: o.outcome ?? 'success',
        reason: o.reason ?? null,
        // As the login routes record it: the method an attempt ended with (`login.<type>`, `login.<type>.bind`).
        method: o.method ?? /^login\.(password|sms|dingtalk)(\.bind)?$/.exec(action)?.[1] ?? null,
        before: null,
        after: null,
        ip: null,
        user_agent: null,
      })
      .execute();
  }

  const stats = async (query = '') => {
    const res = await node.api('GET', `${V1}/stats/logins${query}`, { token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { days: { date: string; counts: Record<string, number>; total: number }[]; methods: string[]; failures: { reason: string; count: number }[]; secondFactorFailures: { reason: string; count: number }[]; totals: { signIns: number; failures: number } };
  };
  const day = (body: Awaited<ReturnType<typeof stats>>, date: string) => body.days.find((d) => d.date === date);

  test('sign-ins are counted per day and per method; steps, SSO reuse, sign-outs and admin events are not', async () => {
    const now = Date.now();
    const recent = now - MINUTE;
    const yesterday = now - DAY;
    await event(recent, 'login.password');
    await event(recent, 'login.dingtalk', { reason: 'dingtalk.bound_auto' });
    await event(recent, 'login.dingtalk.bind', { reason: 'dingtalk.bound_phone', userId: 'usr_2' });
    await event(recent, 'login.dingtalk', { reason: 'dingtalk.bound', method: 'dingtalk_inapp' }); // inside the DingTalk client
    await event(recent, 'login.dingtalk', { reason: 'dingtalk.autobind_off', userId: null }); // scanned, now asked to bind: nobody signed in yet
    await event(recent, 'login.dingtalk.start', { reason: 'dingtalk.qr_shown', userId: null });
    await event(recent, 'login.dingtalk.bind.send', { reason: 'otp.sent', userId: null });
    await event(recent, 'login.sso', { reason: 'sso.session' });
    await event(recent, 'logout', { reason: 'session.ended' });
    await event(recent, 'admin.sign_in', { category: 'admin' });
    await event(yesterday, 'login.sms');
    await event(yesterday, 'login.sms');
    await event(now - 20 * DAY, 'login.password'); // outside the 14 days

    const body = await stats();
    assert.deepEqual(body.methods, SIGN_IN_METHODS, 'every sign-in method, with or without sign-ins');
    assert.ok(body.methods.includes('dingtalk_inapp'), "a type's further methods too (DingTalk in app)");
    assert.equal(body.days.length, 14, 'the last 14 days, today included');
    assert.equal(body.days.at(-1)!.date, dayOf(now));
    const none = Object.fromEntries(SIGN_IN_METHODS.map((m) => [m, 0]));
    assert.deepEqual(day(body, dayOf(recent))?.counts, { ...none, password: 1, dingtalk: 2, dingtalk_inapp: 1 });
    assert.deepEqual(day(body, dayOf(yesterday))?.counts, { ...none, sms: 2 });
    assert.equal(body.totals.signIns, 6);
    assert.ok(body.days.every((d) => d.total === Object.values(d.counts).reduce((a, b) => a + b, 0)));
    const quiet = body.days.filter((d) => d.date !== dayOf(recent) && d.date !== dayOf(yesterday));
    assert.ok(quiet.every((d) => d.total === 0), 'days without sign-ins are there, with zeros');
  });

  test('failures are grouped by reason code, most frequent first, login steps only', async () => {
    const recent = Date.now() - MINUTE;
    for (let i = 0; i < 3; i++) await event(recent, 'login.password', { outcome: 'failure', reason: 'login.invalid_credentials' });
    await event(recent, 'login.dingtalk.bind', { outcome: 'failure', reason: 'otp.invalid_code' });
    await event(recent, 'login.dingtalk', { outcome: 'failure', reason: 'dingtalk.authorization_denied', userId: null });
    await event(recent, 'login.dingtalk', { outcome: 'failure', reason: 'dingtalk.authorization_denied', userId: null });
    await event(recent, 'admin.sign_in', { outcome: 'failure', reason: 'admin.invalid_credentials', category: 'admin' });

    const body = await stats('?days=7');
    assert.equal(body.days.length, 7);
    assert.deepEqual(body.failures, [
      { reason: 'login.invalid_credentials', count: 3 },
      { reason: 'dingtalk.authorization_denied', count: 2 },
      { reason: 'otp.invalid_code', count: 1 },
    ]);
    assert.deepEqual(body.totals, { signIns: 0, failures: 6 });
    assert.deepEqual(body.secondFactorFailures, []);
  });

  test('second-factor failures are counted apart too, by reason', async () => {
    const recent = Date.now() - MINUTE;
    for (let i = 0; i < 2; i++) await event(recent, 'login.factor', { outcome: 'failure', reason: 'factor.code_invalid' });
    await event(recent, 'login.factor', { outcome: 'failure', reason: 'factor.code_replayed' });
    await event(recent, 'login.factor', { outcome: 'success', reason: 'factor.passed' });
    const body = await stats('?days=7');
    assert.deepEqual(body.secondFactorFailures, [
      { reason: 'factor.code_invalid', count: 2 },
      { reason: 'factor.code_replayed', count: 1 },
    ]);
    assert.ok(body.failures.some((f: { reason: string }) => f.reason === 'factor.code_invalid'), 'also among all failures');
  });

  test("days begin at the viewer's midnight: half past eleven UTC is the next day in Beijing", async () => {
    const utcMidnight = Math.floor(Date.now() / DAY) * DAY;
    const lateEvening = utcMidnight - 30 * MINUTE; // 23:30 UTC = 07:30 the next day at UTC+8
    await event(lateEvening, 'login.dingtalk');

    const utc = await stats('?tzOffsetMinutes=0');
    const beijing = await stats('?tzOffsetMinutes=480');
    assert.notEqual(dayOf(lateEvening, 0), dayOf(lateEvening, 480));
    assert.equal(day(utc, dayOf(lateEvening, 0))?.counts.dingtalk, 1);
    assert.equal(day(beijing, dayOf(lateEvening, 480))?.counts.dingtalk, 1);
    assert.equal(day(beijing, dayOf(lateEvening, 0))?.counts.dingtalk ?? 0, 0);
    assert.equal(beijing.days.at(-1)!.date, dayOf(Date.now(), 480), "the last day is today in the viewer's time zone");
  });

  test('auditors may read the statistics; application admins and strangers may not; bad queries are 400', async () => {
    const auditor = await node.tokenFor('auditor');
    const appAdmin = await node.tokenFor('app_admin');
    assert.equal((await node.api('GET', `${V1}/stats/logins`, { token: auditor })).status, 200);
    const forbidden = await node.api('GET', `${V1}/stats/logins`, { token: appAdmin });
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.body.code, 'admin.forbidden');
    const anonymous = await node.api('GET', `${V1}/stats/logins`);
    assert.equal(anonymous.status, 401);
    for (const [query, field] of [
      ['?days=0', '/querystring/days'],
      ['?days=91', '/querystring/days'],
      ['?tzOffsetMinutes=900', '/querystring/tzOffsetMinutes'],
      ['?since=yesterday', '/querystring/since'],
    ]) {
      const res = await node.api('GET', `${V1}/stats/logins${query}`, { token });
      assert.equal(res.status, 400, query);
      assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.equal(res.body.field, field, query);
    }
  });

  test('the endpoint is in the OpenAPI document', async () => {
    const doc = (await node.api('GET', `${V1}/openapi.json`)).body;
    const op = doc.paths['/api/admin/v1/stats/logins'].get;
    assert.deepEqual(op.tags, ['audit']);
    assert.deepEqual(op.parameters.map((p: { name: string }) => p.name).sort(), ['days', 'tzOffsetMinutes']);
  });
});
