import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate, openStore } from '../store/database.ts';
import { acquireLease, leaseHolder, releaseLease } from './leases.ts';

test('one holder at a time; renewal keeps it; it lapses when not renewed and another takes it; release frees it', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'portico-lease-'));
  const store = await openStore(`sqlite:${path.join(dir, 'db.sqlite')}`);
  try {
    await migrate(store);
    const t0 = Date.parse('2026-12-07T00:00:00Z');
    assert.equal(await acquireLease(store.db, 'job', 'a', 1000, t0), true);
    assert.equal(await acquireLease(store.db, 'job', 'b', 1000, t0 + 500), false, 'held by a');
    assert.equal(await acquireLease(store.db, 'job', 'a', 1000, t0 + 900), true, 'a renews');
    assert.equal(await acquireLease(store.db, 'job', 'b', 1000, t0 + 1500), false, 'renewed until t0 + 1900');
    assert.equal(await leaseHolder(store.db, 'job', t0 + 1500), 'a');
    assert.equal(await acquireLease(store.db, 'job', 'b', 1000, t0 + 2000), true, 'lapsed: b takes it over');
    assert.equal(await acquireLease(store.db, 'job', 'a', 1000, t0 + 2100), false, 'a has lost it');
    await releaseLease(store.db, 'job', 'a');
    assert.equal(await leaseHolder(store.db, 'job', t0 + 2100), 'b', 'only the holder can release');
    await releaseLease(store.db, 'job', 'b');
    assert.equal(await leaseHolder(store.db, 'job', t0 + 2100), null);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
