import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inMemoryStore } from '../store/in-memory.ts';
import { delayAfter, PASSWORD_FAILURE_CEILING, PASSWORD_FREE_TRIES, PASSWORD_MAX_DELAY_MS, passwordThrottle, resetPasswordThrottle, type ThrottleVerdict } from './password-throttle.ts';

const db = inMemoryStore();

let n = 0;
const name = () => `someone-${++n}`;
/** `count` wrong passwords from `client`, each try asked first; the verdicts. */
async function guess(throttle: ReturnType<typeof passwordThrottle>, who: string, client: string, count: number): Promise<ThrottleVerdict[]> {
  const verdicts: ThrottleVerdict[] = [];
  for (let i = 0; i < count; i++) {
    const verdict = await throttle.begin(who, client);
    verdicts.push(verdict);
    if (verdict.allowed) await throttle.failed(who);
  }
  return verdicts;
}
test('a client gets a few free tries, then waits longer and longer between tries', async () => {
  const throttle = passwordThrottle(db.shortLived, 'user');
  const who = name();
  const verdicts = await guess(throttle, who, '192.0.2.1', PASSWORD_FREE_TRIES + 1);
  assert.deepEqual(verdicts.slice(0, PASSWORD_FREE_TRIES).map((v) => v.allowed), Array(PASSWORD_FREE_TRIES).fill(true));
  const refused = verdicts.at(-1)!;
  assert.ok(!refused.allowed && refused.retryAfterSec === 1, JSON.stringify(refused));
  assert.deepEqual([0, 1, 2, 3].map(delayAfter), [1000, 2000, 4000, 8000], 'each wait doubles');
  assert.equal(delayAfter(40), PASSWORD_MAX_DELAY_MS, 'up to the longest');
});

test("one client's guesses never hold up the owner on another client", async () => {
  const throttle = passwordThrottle(db.shortLived, 'user');
  const who = name();
  const attacker = await guess(throttle, who, '203.0.113.9', 30);
  assert.ok(attacker.filter((v) => !v.allowed).length >= 20, 'the guessing client is slowed');
  assert.deepEqual(await throttle.begin(who, '198.51.100.7'), { allowed: true });
});

test('a burst of parallel tries gets no more than the free ones', async () => {
  const throttle = passwordThrottle(db.shortLived, 'user');
  const who = name();
  const verdicts = await Promise.all(Array.from({ length: 40 }, () => throttle.begin(who, '192.0.2.50')));
  assert.ok(verdicts.filter((v) => v.allowed).length <= PASSWORD_FREE_TRIES + 1, `${verdicts.filter((v) => v.allowed).length} allowed`);
});

test('past the ceiling every client waits from its first wrong try, and the right password still gets in at once', async () => {
  const throttle = passwordThrottle(db.shortLived, 'user');
  const who = name();
  for (let i = 0; i < PASSWORD_FAILURE_CEILING; i++) await throttle.failed(who);
  const fresh = await guess(throttle, who, '198.51.100.20', 2);
  assert.deepEqual(fresh.map((v) => v.allowed), [true, false], 'a new client gets one try, then waits');
  assert.deepEqual(await throttle.begin(who, '198.51.100.21'), { allowed: true }, 'never locked: the first try of another client is heard');
});

test('the right password lets that client start over', async () => {
  const throttle = passwordThrottle(db.shortLived, 'user');
  const who = name();
  await guess(throttle, who, '192.0.2.77', PASSWORD_FREE_TRIES - 1);
  await throttle.succeeded(who, '192.0.2.77');
  assert.ok((await guess(throttle, who, '192.0.2.77', PASSWORD_FREE_TRIES)).every((v) => v.allowed));
});

test('users and admins with the same name are counted apart', async () => {
  const who = name();
  await guess(passwordThrottle(db.shortLived, 'admin'), who, '192.0.2.88', 20);
  assert.deepEqual(await passwordThrottle(db.shortLived, 'user').begin(who, '192.0.2.88'), { allowed: true });
});

test('a reset forgets every client of the name', async () => {
  const throttle = passwordThrottle(db.shortLived, 'admin');
  const who = name();
  for (let i = 0; i < PASSWORD_FAILURE_CEILING; i++) await throttle.failed(who);
  assert.ok(!(await guess(throttle, who, '192.0.2.99', PASSWORD_FREE_TRIES + 3)).at(-1)!.allowed);
  await resetPasswordThrottle(db.shortLived, 'admin', who);
  assert.ok((await guess(throttle, who, '192.0.2.99', PASSWORD_FREE_TRIES)).every((v) => v.allowed));
});
