import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verificationMarks } from './verification.ts';

const NOW = '2025-06-01T00:00:00.000Z';
const EARLIER = '2025-01-01T00:00:00.000Z';
const stored = (o: Partial<{ email: string | null; mobile: string | null; email_verified_at: string | null; mobile_verified_at: string | null }> = {}) => ({
  email: 'a@example.com',
  mobile: '+8613800000001',
  email_verified_at: null,
  mobile_verified_at: null,
  ...o,
});

test('a new user: both marks, set only where the request vouches for a value it gives', () => {
  assert.deepEqual(verificationMarks(undefined, { email: 'a@example.com', mobile: '+8613800000001' }, NOW), { email_verified_at: null, mobile_verified_at: null });
  assert.deepEqual(verificationMarks(undefined, { email: 'a@example.com', emailVerified: true }, NOW), { email_verified_at: NOW, mobile_verified_at: null });
});

test('vouching for a value the user will not have is refused, on the flag', () => {
  assert.throws(() => verificationMarks(undefined, { mobileVerified: true }, NOW), { code: 'user.nothing_to_verify', field: '/mobileVerified' });
  assert.throws(() => verificationMarks(stored({ email: null }), { emailVerified: true }, NOW), { code: 'user.nothing_to_verify', field: '/emailVerified' });
  assert.throws(() => verificationMarks(stored(), { email: null, emailVerified: true }, NOW), { code: 'user.nothing_to_verify', field: '/emailVerified' });
  assert.deepEqual(verificationMarks(stored({ email: null }), { emailVerified: false }, NOW), {}, 'withdrawing nothing is no change');
});

test('a changed or cleared value loses its mark: a new address is not verified', () => {
  const verified = stored({ email_verified_at: EARLIER, mobile_verified_at: EARLIER });
  assert.deepEqual(verificationMarks(verified, { email: 'b@example.com' }, NOW), { email_verified_at: null });
  assert.deepEqual(verificationMarks(verified, { mobile: null }, NOW), { mobile_verified_at: null });
  assert.deepEqual(verificationMarks(verified, { email: 'b@example.com', mobile: '+8613800000002' }, NOW), { email_verified_at: null, mobile_verified_at: null });
});

test('a change that vouches for the new value marks it now', () => {
  assert.deepEqual(verificationMarks(stored({ email_verified_at: EARLIER }), { email: 'b@example.com', emailVerified: true }, NOW), { email_verified_at: NOW });
});

test('the same value sent again, or other fields changed, keep the mark', () => {
  const verified = stored({ email_verified_at: EARLIER });
  assert.deepEqual(verificationMarks(verified, { email: 'a@example.com' }, NOW), {});
  assert.deepEqual(verificationMarks(verified, {}, NOW), {});
  assert.deepEqual(verificationMarks(verified, { emailVerified: true }, NOW), {}, 'vouching again keeps when it was first verified');
});

test('an administrator marks and withdraws each flag on its own', () => {
  assert.deepEqual(verificationMarks(stored(), { mobileVerified: true }, NOW), { mobile_verified_at: NOW });
  assert.deepEqual(verificationMarks(stored({ mobile_verified_at: EARLIER, email_verified_at: EARLIER }), { mobileVerified: false }, NOW), { mobile_verified_at: null });
});
