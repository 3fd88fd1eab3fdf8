import { test } from 'node:test';
import assert from 'node:assert/strict';
import { enrollableFactors, secondFactorDue, secondFactorGiven, usableFactors, type HeldFactors } from './policy.ts';
import { DEFAULT_SECOND_FACTOR_POLICY, type SecondFactorPolicy } from './views.ts';

const policy = (p: Partial<SecondFactorPolicy>): SecondFactorPolicy => ({ ...DEFAULT_SECOND_FACTOR_POLICY, mode: 'always', ...p });
const NOTHING: HeldFactors = { totp: false, passkey: false, mobile: false };
const facts = (o: Partial<Parameters<typeof secondFactorDue>[1]> = {}) => ({ amr: ['pwd'], method: 'password', knownDevice: false, held: NOTHING, ...o });

test('each mode asks when it says: never, always, after the methods named, on a device not remembered', () => {
  const held = { ...NOTHING, totp: true };
  assert.equal(secondFactorDue(policy({ mode: 'never' }), facts({ held })), false);
  assert.equal(secondFactorDue(policy({}), facts({ held })), true);
  assert.equal(secondFactorDue(policy({ mode: 'after_methods', methods: ['sms'] }), facts({ held })), false);
  assert.equal(secondFactorDue(policy({ mode: 'after_methods', methods: ['sms'] }), facts({ held, method: 'sms', amr: ['sms'] })), true);
  assert.equal(secondFactorDue(policy({ mode: 'new_device' }), facts({ held, knownDevice: true })), false);
  assert.equal(secondFactorDue(policy({ mode: 'new_device' }), facts({ held })), true);
});

test('someone with no accepted factor enrolls when the policy has them enroll, else goes on', () => {
  assert.equal(secondFactorDue(policy({ enroll: true }), facts()), true);
  assert.equal(secondFactorDue(policy({ enroll: false }), facts()), false);
  assert.equal(secondFactorDue(policy({ enroll: false, factors: ['passkey'] }), facts({ held: { ...NOTHING, totp: true } })), false, 'an app does not answer a keys-only application');
});

test('an SMS code is usable only with a mobile, and never after an SMS sign-in', () => {
  const p = policy({ factors: ['totp', 'sms'] });
  assert.deepEqual(usableFactors(p, { ...NOTHING, mobile: true }, 'password'), ['sms']);
  assert.deepEqual(usableFactors(p, { ...NOTHING, mobile: true }, 'sms'), []);
  assert.deepEqual(usableFactors(p, { totp: true, passkey: true, mobile: false }, 'dingtalk'), ['totp']);
  assert.deepEqual(enrollableFactors(p), ['totp']);
});

test('factors given answer a policy that accepts their kind; a recovery code answers any; a session older than the rule counts mfa', () => {
  const appsOnly = policy({ factors: ['totp'] });
  assert.equal(secondFactorGiven(appsOnly, { amr: ['pwd', 'sms', 'mfa'], factors: [{ kind: 'sms', at: 1 }] }), false);
  assert.equal(secondFactorGiven(appsOnly, { amr: ['pwd', 'otp', 'mfa'], factors: [{ kind: 'totp', at: 1 }] }), true);
  assert.equal(secondFactorGiven(appsOnly, { amr: ['pwd', 'otp', 'mfa'], factors: [{ kind: 'recovery', at: 1 }] }), true);
  assert.equal(secondFactorGiven(appsOnly, { amr: ['pwd', 'otp', 'mfa'] }), true);
  assert.equal(secondFactorGiven(appsOnly, { amr: ['pwd'] }), false);
});
