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
  // The roll-ups outlive the raw events (retention deletes only those): each test starts with neither.
  beforeEach(async () => {
    await node.portico.store.db.deleteFrom('audit_events').execute();
    await node.portico.store.db.deleteFrom('login_stats').execute();
  });

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
    return res.body as { from: string; to: string; days: { date: string; counts: Record<string, number>; total: number }[]; methods: string[]; failures: { reason: string; count: number }[]; secondFactorFailures: { reason: string; count: number }[]; totals: { signIns: number; failures: number } };
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

  test('the roll-ups give exactly what a count over the raw events gives, for any time zone and range, events at slot edges included', async () => {
    const { db } = node.portico.store;
    const now = Date.now();
    // Random login events over 40 days, some exactly on 15-minute boundaries, of every kind the roll-ups tell apart.
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    type EventOptions = NonNullable<Parameters<typeof event>[2]>;
    const kinds: (() => [string, EventOptions])[] = [
      () => ['login.password', { method: 'password' }],
      () => ['login.dingtalk', { method: 'dingtalk' }],
      () => ['login.dingtalk', { userId: null, reason: 'dingtalk.bind_required' }],
      () => ['login.password', { outcome: 'failure', reason: 'login.invalid_credentials' }],
      () => ['login.factor', { outcome: 'failure', reason: 'factor.code_invalid' }],
      () => ['login.factor', { outcome: 'failure' }],
      () => ['login.sms.send', {}],
      () => ['admin.sign_in', { category: 'admin', outcome: 'failure', reason: 'admin.invalid_credentials' }],
    ];
    for (let i = 0; i < 300; i++) {
      const at = i % 10 === 0 ? Math.floor((now - random() * 40 * DAY) / (15 * MINUTE)) * 15 * MINUTE : now - random() * 40 * DAY;
      const [action, o] = kinds[Math.floor(random() * kinds.length)]();
      await event(at, action, o);
    }
    // The oracle: the Dashboard's rules applied to the raw events.
    const raw = await db.selectFrom('audit_events').selectAll().where('category', '=', 'login').execute();
    for (const tz of [0, 480, -300, 330, 345, -720, 840]) {
      for (const days of [1, 14, 30, 90]) {
        const body = await stats(`?days=${days}&tzOffsetMinutes=${tz}`);
        const inRange = raw.filter((e) => e.at >= body.from && e.at <= body.to);
        const dayOfEvent = (at: string) => new Date(Date.parse(at) + tz * MINUTE).toISOString().slice(0, 10);
        const expectedDays = new Map<string, Record<string, number>>();
        for (const e of inRange.filter((e) => e.outcome === 'success' && e.method && e.actor_id)) {
          const counts = expectedDays.get(dayOfEvent(e.at)) ?? {};
          counts[e.method!] = (counts[e.method!] ?? 0) + 1;
          expectedDays.set(dayOfEvent(e.at), counts);
        }
        for (const d of body.days) {
          const expected = expectedDays.get(d.date) ?? {};
          for (const m of body.methods) assert.equal(d.counts[m], expected[m] ?? 0, `tz ${tz}, ${days} days, ${d.date}, ${m}`);
        }
        const tally = (events: typeof raw) => {
          const by = new Map<string, number>();
          for (const e of events) by.set(e.reason ?? 'unknown', (by.get(e.reason ?? 'unknown') ?? 0) + 1);
          return Object.fromEntries(by);
        };
        const failures = inRange.filter((e) => e.outcome === 'failure');
        assert.deepEqual(Object.fromEntries(body.failures.map((f) => [f.reason, f.count])), tally(failures), `failures, tz ${tz}, ${days} days`);
        assert.deepEqual(Object.fromEntries(body.secondFactorFailures.map((f) => [f.reason, f.count])), tally(failures.filter((e) => e.action === 'login.factor')));
      }
    }
    // Raw events purged (retention), the history stays.
    const { to: _then, ...before } = await stats('?days=90');
    await db.deleteFrom('audit_events').execute();
    const { to: _now, ...after } = await stats('?days=90');
    assert.deepEqual(after, before);
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
