import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLimiter } from './limiter.ts';

test('never runs more than the limit at once, and runs waiting tasks in arrival order', async () => {
  const limiter = createLimiter(2);
  let running = 0;
  let most = 0;
  const order: number[] = [];
  await Promise.all(
    Array.from({ length: 7 }, (_, i) =>
      limiter.run(async () => {
        order.push(i);
        running++;
        most = Math.max(most, running);
        await sleep(5);
        running--;
      }),
    ),
  );
  assert.equal(most, 2);
  assert.deepEqual(order, [0, 1, 2, 3, 4, 5, 6]);
  assert.equal(limiter.active, 0);
  assert.equal(limiter.waiting, 0);
});

test('a failing task frees its place and its error reaches the caller', async () => {
  const limiter = createLimiter(1);
  await assert.rejects(limiter.run(async () => Promise.reject(new Error('boom'))), /boom/);
  assert.equal(await limiter.run(async () => 'next'), 'next');
});

test('the limit must be a positive integer', () => {
  assert.throws(() => createLimiter(0), RangeError);
});

test('a newcomer arriving as a place frees up waits behind those already waiting', async () => {
  const limiter = createLimiter(1);
  let running = 0;
  let most = 0;
  const task = async () => {
    running++;
    most = Math.max(most, running);
    await sleep(1);
    running--;
  };
  const first = limiter.run(task);
  const second = limiter.run(task);
  await first;
  const third = limiter.run(task); // arrives just as `first` handed its place to `second`
  await Promise.all([second, third]);
  assert.equal(most, 1);
});
