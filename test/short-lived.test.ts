import { describe, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { REDIS_URL, redisProblem, startNode, describeEachDialect, type TestNode } from './helpers/harness.ts';
import { purgeExpired, redisShortLivedStore, sqlShortLivedStore, type ShortLivedStore } from '../src/store/short-lived.ts';

/** The same contract for every backend: a second node must see exactly what the first wrote. */
function contract(getStore: () => ShortLivedStore) {
  const key = () => `test:${randomBytes(6).toString('hex')}`;

  test('set then get returns the value until it expires', async () => {
    const store = getStore();
    const k = key();
    await store.set(k, { state: 'abc', n: 1 }, 150);
    assert.deepEqual(await store.get(k), { state: 'abc', n: 1 });
    assert.ok((await store.ttl(k)) > 0);
    await sleep(200);
    assert.equal(await store.get(k), undefined);
    assert.equal(await store.ttl(k), 0);
  });

  test('take returns the value to exactly one of many concurrent callers', async () => {
    const store = getStore();
    const k = key();
    await store.set(k, 'once', 10_000);
    const results = await Promise.all(Array.from({ length: 8 }, () => store.take<string>(k)));
    assert.equal(results.filter((r) => r === 'once').length, 1);
    assert.equal(await store.get(k), undefined);
  });

  test('take of an expired value returns nothing', async () => {
    const store = getStore();
    const k = key();
    await store.set(k, 'old', 50);
    await sleep(80);
    assert.equal(await store.take(k), undefined);
  });

  test('setIfAbsent sets once, and again after expiry', async () => {
    const store = getStore();
    const k = key();
    assert.equal(await store.setIfAbsent(k, 1, 100), true);
    assert.equal(await store.setIfAbsent(k, 2, 100), false);
    assert.equal(await store.get(k), 1);
    await sleep(150);
    assert.equal(await store.setIfAbsent(k, 3, 1000), true);
    assert.equal(await store.get(k), 3);
  });

  test('increment counts concurrent calls exactly and restarts after the window', async () => {
    const store = getStore();
    const k = key();
    const counts = await Promise.all(Array.from({ length: 10 }, () => store.increment(k, 300)));
    assert.deepEqual([...counts].sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await sleep(350);
    assert.equal(await store.increment(k, 300), 1);
  });

  test('delete removes', async () => {
    const store = getStore();
    const k = key();
    await store.set(k, 'x', 10_000);
    await store.delete(k);
    assert.equal(await store.get(k), undefined);
  });
}

describeEachDialect('short-lived state in SQL', (dialect) => {
  let node: TestNode;
  before(async () => {
    node = await startNode(dialect);
  });
  after(() => node?.close());
  contract(() => sqlShortLivedStore(node.portico.store.db));

  test('expired rows are purged', async () => {
    const store = sqlShortLivedStore(node.portico.store.db);
    await store.set('purge:me', 1, 1);
    await sleep(10);
    assert.ok((await purgeExpired(node.portico.store.db)) >= 1);
  });
});

describe('short-lived state in Redis', { skip: redisProblem ? `Redis unreachable at ${REDIS_URL}: ${redisProblem}` : false }, () => {
  let redis: Redis;
  before(() => {
    redis = new Redis(REDIS_URL);
  });
  after(() => redis?.quit());
  contract(() => redisShortLivedStore(redis, `t${randomBytes(3).toString('hex')}:`));
});
