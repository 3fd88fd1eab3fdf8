import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomToken } from './random-token.ts';

test('tokens have the asked length and never repeat, across refills of the pool', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 2000; i++) {
    const token = randomToken(32);
    assert.equal(Buffer.from(token, 'base64url').length, 32);
    assert.ok(!seen.has(token));
    seen.add(token);
  }
  assert.equal(Buffer.from(randomToken(24), 'base64url').length, 24);
});

test('sizes outside the pool are refused', () => {
  assert.throws(() => randomToken(0), RangeError);
  assert.throws(() => randomToken(4097), RangeError);
});
