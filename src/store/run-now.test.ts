import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate, openStore } from './database.ts';
import { sqlShortLivedStore } from './short-lived.ts';

/** A migrated SQLite store of the test's own, removed after it, and its short-lived store (prepared statements). */
async function sqliteStore(t: TestContext) {
  const dir = mkdtempSync(path.join(tmpdir(), 'portico-run-now-'));
  const store = await openStore(`sqlite:${path.join(dir, 'db.sqlite')}`);
  t.after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await migrate(store);
  const shortLived = sqlShortLivedStore(store.db);
  return { store, shortLived };
}

test('SQLite: a prepared statement run directly waits for another flow’s open transaction instead of joining it', async (t) => {
  const { store, shortLived } = await sqliteStore(t);

  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let began!: () => void;
  const begun = new Promise<void>((resolve) => (began = resolve));
  const rolledBack = store.transaction(async (tx) => {
    await tx.insertInto('short_lived').values({ key: 'inside', value: '1', expires_at: '9999-01-01T00:00:00.000Z' }).execute();
    began();
    await held;
    throw new Error('rolled back');
  });
  await begun;
  // Written while the other transaction is open: had it joined it, the rollback would take it too.
  const outside = shortLived.set('outside', 1, 60_000);
  release();
  await assert.rejects(rolledBack, /rolled back/);
  await outside;
  assert.equal(await shortLived.get('outside'), 1);
  assert.equal(await shortLived.get('inside'), undefined);
});

test('SQLite: a prepared statement run directly answers as Kysely would (rows read, rows changed)', async (t) => {
  const { shortLived } = await sqliteStore(t);
  assert.equal(await shortLived.setIfAbsent('k', 'a', 60_000), true);
  assert.equal(await shortLived.setIfAbsent('k', 'b', 60_000), false);
  assert.equal(await shortLived.take('k'), 'a');
  assert.equal(await shortLived.take('k'), undefined);
});
