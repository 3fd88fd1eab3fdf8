import { test } from 'node:test';
import assert from 'node:assert/strict';
import { argon2Sync, randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword, verifyDecoy } from './password.ts';

test('passwords are hashed with argon2id at OWASP parameters in PHC format', async () => {
  const hash = await hashPassword('correct horse');
  assert.match(hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  assert.equal(await verifyPassword('correct horse', hash), true);
  assert.equal(await verifyPassword('correct horsf', hash), false);
});

test('two hashes of one password differ (random salt)', async () => {
  assert.notEqual(await hashPassword('same'), await hashPassword('same'));
});

test('a malformed hash never verifies, and the decoy always fails', async () => {
  assert.equal(await verifyPassword('x', 'plain-text'), false);
  assert.equal(await verifyDecoy('anything'), false);
});

test('hashes made by node:crypto argon2id (data folders from earlier versions) still verify', async () => {
  const salt = randomBytes(16);
  const raw = argon2Sync('argon2id', { message: 'old password', nonce: salt, memory: 19456, passes: 2, parallelism: 1, tagLength: 32 });
  const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');
  const phc = `$argon2id$v=19$m=19456,t=2,p=1$${b64(salt)}$${b64(raw)}`;
  assert.equal(await verifyPassword('old password', phc), true);
  assert.equal(await verifyPassword('old passwore', phc), false);
});
