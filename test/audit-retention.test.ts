/**
 * Retention and export of the audit log, on both databases: login events and the other audit events
 * are deleted past their own periods, in batches, by one node at a time, the purge itself audited; the
 * Dashboard's history stays (its roll-ups are not deleted); and the log exports as JSON Lines by date
 * range and filter, each event once, for a SIEM, before it goes.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { acquireLease, releaseLease } from '../src/jobs/leases.ts';
import { createRetentionJob, purgeExpiredEvents, RETENTION_BATCH_ROWS, RETENTION_LEASE } from '../src/audit/retention.ts';

const V1 = '/api/admin/v1';
const DAY = 24 * 60 * 60 * 1000;
const quiet = { warn() {}, info() {} };

describeEachDialect('Audit log retention and export', (dialect) => {
  let node: TestNode;
  let token: string;
  before(async () => {
    // This node's own job keeps everything, so the tests' purges are the only ones here.
    node = await startNode(dialect, { PORTICO_LOGIN_EVENT_RETENTION_DAYS: '36500', PORTICO_AUDIT_RETENTION_DAYS: '36500' });
    token = await node.tokenFor('super_admin');
  });
  after(() => node?.close());
  beforeEach(async () => {
    await node.portico.store.db.deleteFrom('audit_events').execute();
    await node.portico.store.db.deleteFrom('login_stats').execute();
  });

  /** `count` events of `category`, `ageDays` old, as a bulk insert (the trigger counts the login ones). */
  async function events(count: number, category: string, ageDays: number, o: { action?: string; outcome?: string } = {}, on = node) {
    const at = new Date(Date.now() - ageDays * DAY).toISOString();
    const rows = Array.from({ length: count }, (_, i) => ({
      at,
      category,
      actor_type: 'user',
      actor_id: `usr_${i}`,
      actor_name: null,
      action: o.action ?? (category === 'login' ? 'login.password' : 'user.update'),
      target_type: null,
      target_id: null,
      outcome: o.outcome ?? 'success',
      reason: null,
      method: category === 'login' ? 'password' : null,
      before: null,
      after: null,
      ip: null,
      user_agent: null,
    }));
    for (let i = 0; i < rows.length; i += 500) await on.portico.store.db.insertInto('audit_events').values(rows.slice(i, i + 500)).execute();
  }
  const count = async (category: string, on = node) =>
    Number((await on.portico.store.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).where('category', '=', category).executeTakeFirstOrThrow()).n);

  test('each kind is kept for its own period: old login events go, recent ones and admin changes stay; many batches of them', async () => {
    await events(RETENTION_BATCH_ROWS * 2 + 7, 'login', 200);
    await events(5, 'login', 10);
    await events(3, 'admin', 4 * 365);
    await events(4, 'admin', 365);
    const purged = await purgeExpiredEvents(node.portico.store.db, { loginEventDays: 180, auditDays: 3 * 365 }, { pauseMs: 0 });
    assert.deepEqual(purged, { loginEvents: RETENTION_BATCH_ROWS * 2 + 7, auditEvents: 3 });
    assert.equal(await count('login'), 5);
    assert.equal(await count('admin'), 4);
  });

  test("a node's own job purges on its interval and records it; the Dashboard keeps the days it counted", async () => {
    // A purge every second, login events kept 30 days: the job is seen at work.
    const busy = await startNode(dialect, { PORTICO_RETENTION_INTERVAL_MS: '1000', PORTICO_LOGIN_EVENT_RETENTION_DAYS: '30' });
    try {
      await events(6, 'login', 40, {}, busy);
      await events(2, 'login', 1, {}, busy);
      const beforeStats = (await busy.api('GET', `${V1}/stats/logins?days=90`, { token: await busy.tokenFor('auditor') })).body;
      assert.equal(beforeStats.totals.signIns, 8);
      let purge;
      for (let i = 0; i < 50 && !purge; i++) {
        await sleep(200);
        purge = await busy.portico.store.db.selectFrom('audit_events').selectAll().where('action', '=', 'audit.retention_purge').executeTakeFirst();
      }
      assert.ok(purge, 'the job ran within its interval');
      assert.equal(purge.category, 'security');
      assert.equal(purge.actor_type, 'system');
      assert.deepEqual(JSON.parse(purge.after!), { loginEvents: 6, auditEvents: 0, loginEventDays: 30, auditDays: 3 * 365 });
      assert.equal(await count('login', busy), 2);
      const afterStats = (await busy.api('GET', `${V1}/stats/logins?days=90`, { token: await busy.tokenFor('auditor') })).body;
      assert.deepEqual(afterStats.days, beforeStats.days, 'the roll-ups outlive the raw events');
    } finally {
      await busy.close();
    }
  });

  test('one node at a time: while another holds the lease, a purge waits its turn', async () => {
    await events(3, 'login', 400);
    const { db } = node.portico.store;
    const job = createRetentionJob({ db, policy: { loginEventDays: 180, auditDays: 1095 }, everyMs: 3_600_000, log: quiet });
    assert.ok(await acquireLease(db, RETENTION_LEASE, 'another-node', 60_000));
    try {
      assert.equal(await job.runOnce(), undefined);
      assert.equal(await count('login'), 3);
    } finally {
      await releaseLease(db, RETENTION_LEASE, 'another-node');
    }
    assert.deepEqual(await job.runOnce(), { loginEvents: 3, auditEvents: 0 });
    await job.stop();
  });

  test('JSON Lines export: the range and filters chosen, oldest first, each event once across batches; the export is audited', async () => {
    await events(1_234, 'login', 5);
    await events(2, 'login', 5, { outcome: 'failure' });
    await events(3, 'admin', 5);
    await events(4, 'login', 50);
    const from = new Date(Date.now() - 10 * DAY).toISOString();
    const res = await fetch(`${node.url}${V1}/audit-events/export.jsonl?category=login&from=${encodeURIComponent(from)}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/x-ndjson; charset=utf-8');
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="portico-audit-\d{4}-\d{2}-\d{2}_all\.jsonl"$/);
    const lines = (await res.text()).split('\n');
    assert.equal(lines.pop(), '', 'every line ends with a newline');
    const rows = lines.map((l) => JSON.parse(l));
    assert.equal(rows.length, 1_236);
    assert.equal(new Set(rows.map((r) => r.id)).size, rows.length, 'each once');
    assert.ok(rows.every((r, i) => i === 0 || r.id > rows[i - 1].id), 'oldest first');
    assert.ok(rows.every((r) => r.category === 'login' && r.at >= from));
    assert.deepEqual(Object.keys(rows[0]).sort(), ['action', 'actor', 'after', 'at', 'before', 'category', 'id', 'ip', 'method', 'outcome', 'reason', 'target', 'userAgent']);
    const failures = await fetch(`${node.url}${V1}/audit-events/export.jsonl?outcome=failure`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal((await failures.text()).trim().split('\n').length, 2);
    const recorded = await node.portico.store.db.selectFrom('audit_events').selectAll().where('action', '=', 'audit.export').execute();
    assert.equal(recorded.length, 2);
    assert.equal(JSON.parse(recorded[0].after!).category, 'login');
  });

  test('an auditor may export; an application admin and a stranger may not; a bad range is refused', async () => {
    const url = `${node.url}${V1}/audit-events/export.jsonl`;
    assert.equal((await fetch(url, { headers: { authorization: `Bearer ${await node.tokenFor('auditor')}` } })).status, 200);
    assert.equal((await fetch(url, { headers: { authorization: `Bearer ${await node.tokenFor('app_admin')}` } })).status, 403);
    assert.equal((await fetch(url)).status, 401);
    const bad = await fetch(`${url}?from=yesterday`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).field, '/querystring/from');
  });
});
