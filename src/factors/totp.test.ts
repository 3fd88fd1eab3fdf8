import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptTotp, newTotpSecret, totpCode, totpUri } from './totp.ts';
import { canonicalRecoveryCode, newRecoveryCodes, RECOVERY_CODE_COUNT } from './recovery.ts';

const at = Date.parse('2026-12-07T00:00:15Z');

test('RFC 6238 codes: right now and one step either side are accepted, two steps away are not', () => {
  const secret = newTotpSecret();
  assert.match(secret, /^[A-Z2-7]{32}$/, '160 bits in base32');
  const step = Math.floor(at / 30_000);
  assert.deepEqual(acceptTotp(secret, totpCode(secret, at), null, at), { step });
  assert.deepEqual(acceptTotp(secret, totpCode(secret, at - 30_000), null, at), { step: step - 1 });
  assert.deepEqual(acceptTotp(secret, totpCode(secret, at + 30_000), null, at), { step: step + 1 });
  assert.deepEqual(acceptTotp(secret, totpCode(secret, at + 60_000), null, at), { refused: 'invalid' });
  assert.deepEqual(acceptTotp(secret, 'abcdef', null, at), { refused: 'invalid' });
});

test('a code is accepted once: its step or an earlier one is a replay', () => {
  const secret = newTotpSecret();
  const step = Math.floor(at / 30_000);
  assert.deepEqual(acceptTotp(secret, totpCode(secret, at), step, at), { refused: 'replayed' });
  assert.deepEqual(acceptTotp(secret, totpCode(secret, at - 30_000), step - 1, at), { refused: 'replayed' });
  assert.deepEqual(acceptTotp(secret, totpCode(secret, at + 30_000), step, at), { step: step + 1 });
});

test('the RFC 6238 test vector (SHA-1, T = 59 s) gives 287082 in 6 digits', () => {
  // The RFC's 20-byte ASCII secret "12345678901234567890" in base32.
  assert.equal(totpCode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 59_000), '287082');
});

test('the otpauth URI names the issuer and account for the app', () => {
  const uri = totpUri('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 'zhangsan', 'Portico');
  assert.match(uri, /^otpauth:\/\/totp\/Portico:zhangsan\?/);
  assert.match(uri, /algorithm=SHA1&digits=6&period=30/);
});

test('recovery codes: ten distinct, typed in any case or spacing, with confusable letters folded', () => {
  const codes = newRecoveryCodes();
  assert.equal(new Set(codes).size, RECOVERY_CODE_COUNT);
  for (const c of codes) assert.match(c, /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
  assert.equal(canonicalRecoveryCode(' ab1c2-d3e4f '), 'AB1C2D3E4F');
  assert.equal(canonicalRecoveryCode('oo1il-00000'), '00111' + '00000');
  assert.equal(canonicalRecoveryCode('short'), null);
  assert.equal(canonicalRecoveryCode('ABCDE-FGHIU'), null, 'U is not in the alphabet');
});
