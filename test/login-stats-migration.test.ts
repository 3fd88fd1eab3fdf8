/**
 * Migration 018 on a database with login events the previous version wrote: they are counted into the
 * roll-ups once, so the Dashboard shows the same history before and after the upgrade; and an event a
 * node of the previous version writes during a rolling upgrade is counted by the trigger.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDialect } from './helpers/harness.ts';
import { storeBeforeMigration } from './helpers/store-at-migration.ts';
import { migrate } from '../src/store/database.ts';
import { loginStats } from '../src/audit/login-stats.ts';

const MIGRATION = '018_login_stats';
const HOUR = 3_600_000;

/** A login event as the previous version wrote it. */
const legacyEvent = (at: number, o: { outcome: 'success' | 'failure'; method?: string; reason?: string; action?: string }) => ({
  at: new Date(at).toISOString(),
  category: 'login',
  actor_type: 'user',
  actor_id: o.outcome === 'success' ? 'usr_1' : null,
  actor_name: null,
  action: o.action ?? 'login.password',
  target_type: null,
  target_id: null,
  outcome: o.outcome,
  reason: o.reason ?? null,
  method: o.method ?? null,
  before: null,
  after: null,
  ip: null,
  user_agent: null,
});

describeEachDialect('Migration 018: login statistics roll-ups', (dialect) => {
  const at = storeBeforeMigration(dialect, MIGRATION);

  const stats = () => loginStats(at.store.db, dialect, { days: 7, tzOffsetMinutes: 480, methods: ['password', 'dingtalk'] });

  test('events stored before are counted once; the Dashboard reads the same after the upgrade', async () => {
    const now = Date.now();
    await (at.store.db as any)
      .insertInto('audit_events')
      .values([
        legacyEvent(now - 2 * HOUR, { outcome: 'success', method: 'password' }),
        legacyEvent(now - 30 * HOUR, { outcome: 'success', method: 'dingtalk' }),
        legacyEvent(now - 30 * HOUR, { outcome: 'success', method: 'dingtalk' }),
        legacyEvent(now - HOUR, { outcome: 'failure', reason: 'login.invalid_credentials' }),
        legacyEvent(now - HOUR, { outcome: 'failure', reason: 'factor.code_invalid', action: 'login.factor' }),
      ])
      .execute();
    assert.ok((await migrate(at.store)).includes(MIGRATION));
    const body = await stats();
    assert.deepEqual(body.totals, { signIns: 3, failures: 2 });
    assert.deepEqual(body.secondFactorFailures, [{ reason: 'factor.code_invalid', count: 1 }]);
    assert.equal(body.days.reduce((n, d) => n + d.counts.dingtalk, 0), 2);
  });

  test('an event written after the upgrade, by any code path, is counted by the trigger', async () => {
    await (at.store.db as any).insertInto('audit_events').values(legacyEvent(Date.now(), { outcome: 'success', method: 'password' })).execute();
    assert.equal((await stats()).totals.signIns, 4);
  });
});
