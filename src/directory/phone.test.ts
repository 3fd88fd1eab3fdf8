import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeEmail, normalizePhone } from './phone.ts';

test('a bare mainland mobile number gets +86', () => {
  assert.equal(normalizePhone('13800000000'), '+8613800000000');
  assert.equal(normalizePhone(' 138-0000-0000 '), '+8613800000000');
});

test('international prefixes are understood', () => {
  assert.equal(normalizePhone('+86 138 0000 0000'), '+8613800000000');
  assert.equal(normalizePhone('008613800000000'), '+8613800000000');
  assert.equal(normalizePhone('+1 (415) 555-0100'), '+14155550100');
});

test('a separate country code, as DingTalk returns it, is applied', () => {
  assert.equal(normalizePhone('13800000000', '86'), '+8613800000000');
  assert.equal(normalizePhone('4155550100', '+1'), '+14155550100');
});

test('numbers that cannot be E.164 are refused', () => {
  for (const bad of ['', 'abc', '12345', '+86123', '1380000000', '+1234567890123456', '23800000000']) {
    assert.equal(normalizePhone(bad), undefined, bad);
  }
});

test('emails are trimmed and lower-cased; non-addresses refused', () => {
  assert.equal(normalizeEmail('  ZhangSan@Example.COM '), 'zhangsan@example.com');
  assert.equal(normalizeEmail('not-an-email'), undefined);
  assert.equal(normalizeEmail('a@b'), undefined);
});
