import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { storeReadinessCheck } from './store-readiness.ts';
import type { Store } from '../store/database.ts';

/** A store whose answers the test sets: `reachable` for the ping, `writable` for the probe. */
function fakeStore() {
  const state = { reachable: true, writable: true, probes: 0, probeDelayMs: 0 };
  const store = { ping: async () => state.reachable, db: undefined as unknown as Store['db'] };
  const probe = async () => {
    state.probes++;
    if (state.probeDelayMs) await sleep(state.probeDelayMs);
    if (!state.writable) throw new Error('database or disk is full');
  };
  return { state, store, probe };
}

test('the write probe runs at most once per interval, however often readiness is asked, and its answer stands meanwhile', async () => {
  const { state, store, probe } = fakeStore();
  const check = storeReadinessCheck(store, { intervalMs: 200, probe });
  for (let i = 0; i < 20; i++) assert.equal(await check(), 'ok');
  assert.equal(state.probes, 1);

  state.writable = false;
  assert.equal(await check(), 'ok', 'the last answer stands until the interval is over');
  await sleep(250);
  assert.equal(await check(), 'unwritable');
  for (let i = 0; i < 20; i++) assert.equal(await check(), 'unwritable');
  assert.equal(state.probes, 2, 'a failing probe is rate-limited too');

  state.writable = true;
  await sleep(250);
  assert.equal(await check(), 'ok');
  assert.equal(state.probes, 3);
});

test('concurrent checks share one probe in flight', async () => {
  const { state, store, probe } = fakeStore();
  state.probeDelayMs = 50;
  const check = storeReadinessCheck(store, { intervalMs: 1000, probe });
  assert.deepEqual(await Promise.all(Array.from({ length: 10 }, check)), Array(10).fill('ok'));
  assert.equal(state.probes, 1);
});

test('a store that does not answer is unreachable, and is probed afresh once it answers again', async () => {
  const { state, store, probe } = fakeStore();
  const check = storeReadinessCheck(store, { intervalMs: 60_000, probe });
  state.writable = false;
  assert.equal(await check(), 'unwritable');
  state.reachable = false;
  assert.equal(await check(), 'unreachable');
  state.reachable = true;
  state.writable = true;
  assert.equal(await check(), 'ok', 'not the unwritable answer of before the outage, though the interval is long');
  assert.equal(state.probes, 2);
});

test('a probe that fails because the store went away answers unreachable, not unwritable', async () => {
  const { state, store } = fakeStore();
  const check = storeReadinessCheck(store, {
    probe: async () => {
      state.reachable = false;
      throw new Error('Connection terminated unexpectedly');
    },
  });
  assert.equal(await check(), 'unreachable');
});
