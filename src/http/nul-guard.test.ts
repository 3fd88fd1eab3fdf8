import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findNul } from './nul-guard.ts';

test('a NUL is found anywhere in a request part, keys included, and named by its place', () => {
  assert.equal(findNul('a\u0000b'), '/');
  assert.equal(findNul({ displayName: 'ok', config: { endpoints: { api: 'x\u0000' } } }), '/config/endpoints/api');
  assert.equal(findNul({ sources: ['src_a', '\u0000'] }), '/sources/1');
  assert.equal(findNul({ ['k\u0000']: 1 }), '/k\u0000');
  for (const clean of ['张三', { a: [1, null, true, 'x'] }, undefined, null, 5]) assert.equal(findNul(clean), undefined);
});
