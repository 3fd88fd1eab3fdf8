import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callbackError, parseCallback } from './callback.ts';
import { DingTalkError } from './errors.ts';

test('reads authCode and state (ref §2.2)', () => {
  assert.deepEqual(parseCallback(new URLSearchParams('authCode=abc&state=s1')), { kind: 'code', code: 'abc', state: 's1' });
});

test('reads code when authCode is absent (legacy flow, Logto-style)', () => {
  assert.deepEqual(parseCallback({ code: 'abc', state: 's1' }), { kind: 'code', code: 'abc', state: 's1' });
});

test('accepts both code and authCode with the same value; rejects different values', () => {
  assert.deepEqual(parseCallback(new URLSearchParams('code=x1&authCode=x1&state=s')), { kind: 'code', code: 'x1', state: 's' });
  assert.throws(() => parseCallback({ code: 'x1', authCode: 'x2' }), (e) => e instanceof DingTalkError && e.code === 'dingtalk.callback_invalid');
});

test('an error callback becomes the error kind, and maps to authorization_denied', () => {
  const r = parseCallback(new URLSearchParams('error=access_denied&state=s9'));
  assert.deepEqual(r, { kind: 'error', error: 'access_denied', state: 's9' });
  assert.equal(r.kind === 'error' && callbackError(r).code, 'dingtalk.authorization_denied');
});

test('error wins over a code', () => {
  assert.equal(parseCallback({ error: 'x', code: 'c' }).kind, 'error');
});

test('state is undefined when absent', () => {
  assert.deepEqual(parseCallback({ authCode: 'c' }), { kind: 'code', code: 'c', state: undefined });
});

test('neither code nor error, empty values, repeated or non-string params → callback_invalid', () => {
  const isInvalid = (e: unknown) => e instanceof DingTalkError && e.code === 'dingtalk.callback_invalid';
  assert.throws(() => parseCallback({ state: 's' }), isInvalid);
  assert.throws(() => parseCallback({ code: '' }), isInvalid);
  assert.throws(() => parseCallback(new URLSearchParams('code=a&code=b')), isInvalid);
  assert.throws(() => parseCallback({ code: ['a', 'b'] }), isInvalid);
});
