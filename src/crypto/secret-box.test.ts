import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createSecretBox } from './secret-box.ts';

test('a sealed secret opens with the same key and context', () => {
  const box = createSecretBox(randomBytes(32));
  const sealed = box.seal('AppSecret-值', 'auth_sources:a');
  assert.ok(!sealed.includes('AppSecret'));
  assert.equal(box.open(sealed, 'auth_sources:a'), 'AppSecret-值');
});

test('a sealed secret does not open in another row, under another key, or when tampered with', () => {
  const key = randomBytes(32);
  const sealed = createSecretBox(key).seal('s3cret', 'auth_sources:a');
  assert.throws(() => createSecretBox(key).open(sealed, 'auth_sources:b'));
  assert.throws(() => createSecretBox(randomBytes(32)).open(sealed, 'auth_sources:a'));
  const parts = sealed.split('.');
  // Flip one bit of the ciphertext (replacing a byte could leave it unchanged).
  const body = Buffer.from(parts[2], 'base64url');
  body[0] ^= 1;
  parts[2] = body.toString('base64url');
  assert.throws(() => createSecretBox(key).open(parts.join('.'), 'auth_sources:a'));
});

test('the same secret sealed twice gives different ciphertexts (fresh IV)', () => {
  const box = createSecretBox(randomBytes(32));
  assert.notEqual(box.seal('x', 'c'), box.seal('x', 'c'));
});

test('a secret once opened still does not open under another context from the same box', () => {
  const box = createSecretBox(randomBytes(32));
  const sealed = box.seal('s3cret', 'applications:a');
  assert.equal(box.open(sealed, 'applications:a'), 's3cret');
  assert.equal(box.open(sealed, 'applications:a'), 's3cret');
  assert.throws(() => box.open(sealed, 'applications:b'));
});
