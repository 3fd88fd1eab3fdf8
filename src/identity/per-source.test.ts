import { test } from 'node:test';
import assert from 'node:assert/strict';
import { perSource } from './per-source.ts';

test('a value is built once per source and configuration, and again when the configuration changes', () => {
  let built = 0;
  const cached = perSource<{ key: string }, number>({ fingerprint: (c) => [c.key], build: () => ++built });
  const scope = {};
  assert.equal(cached(scope, 'src_1', { key: 'a' }), 1);
  assert.equal(cached(scope, 'src_1', { key: 'a' }), 1);
  assert.equal(cached(scope, 'src_2', { key: 'a' }), 2);
  assert.equal(cached(scope, 'src_1', { key: 'b' }), 3);
  assert.equal(cached({}, 'src_1', { key: 'b' }), 4, 'another node builds its own');
});

test('a value is built again when its time is up', async () => {
  let built = 0;
  const cached = perSource<object, number>({ fingerprint: () => [], build: () => ++built, ttlMs: 5 });
  const scope = {};
  assert.equal(cached(scope, 's', {}), 1);
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(cached(scope, 's', {}), 2);
});

test('a failed promise is forgotten, so the next request tries again', async () => {
  let attempts = 0;
  const cached = perSource<object, Promise<number>>({
    fingerprint: () => [],
    build: async () => {
      attempts++;
      if (attempts === 1) throw new Error('upstream down');
      return attempts;
    },
  });
  const scope = {};
  await assert.rejects(cached(scope, 's', {}), /upstream down/);
  await new Promise((r) => setImmediate(r));
  assert.equal(await cached(scope, 's', {}), 2);
  assert.equal(await cached(scope, 's', {}), 2);
});
