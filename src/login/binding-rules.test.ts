import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide } from './binding-rules.ts';

const on = { autoBind: true, notAssociated: 'bind_existing' } as const;
const type = 'dingtalk';
const active = { id: 'usr_a', status: 'active' };

test('an identity already bound signs its user in', () => {
  assert.deepEqual(decide({ type, verified: true, policy: on, bound: active, matches: [] }), { kind: 'sign_in', userId: 'usr_a', reason: 'dingtalk.bound' });
});

test('a bound but disabled or locked user is denied, whatever the settings', () => {
  for (const status of ['disabled', 'locked']) {
    const d = decide({ type, verified: true, policy: { autoBind: false, notAssociated: 'create_user' }, bound: { id: 'u', status }, matches: [] });
    assert.equal(d.kind, 'deny');
    assert.equal(d.reason, 'login.user_inactive');
  }
});

test('auto-bind with exactly one active match binds without asking for a phone', () => {
  assert.deepEqual(decide({ type, verified: true, policy: on, attributeValue: '+8613800000001', matches: [active] }), { kind: 'bind', userId: 'usr_a', reason: 'dingtalk.bound_auto' });
});

test('auto-bind with one inactive match is denied rather than bound or duplicated', () => {
  const d = decide({ type, verified: true, policy: { autoBind: true, notAssociated: 'create_user' }, attributeValue: 'x', matches: [{ id: 'u', status: 'locked' }] });
  assert.equal(d.reason, 'login.user_inactive');
});

test('no match, several matches or a missing attribute follow the When User is Not Associated policy', () => {
  const cases = [
    { attributeValue: 'x', matches: [], cause: 'no_match' },
    { attributeValue: 'x', matches: [active, { id: 'usr_b', status: 'active' }], cause: 'ambiguous' },
    { attributeValue: undefined, matches: [], cause: 'attribute_missing' },
  ];
  for (const c of cases) {
    assert.deepEqual(decide({ type, verified: true, policy: on, attributeValue: c.attributeValue, matches: c.matches }), {
      kind: 'ask_phone',
      reason: 'dingtalk.not_associated.bind_existing',
      cause: c.cause,
    });
    assert.equal(decide({ type, verified: true, policy: { autoBind: true, notAssociated: 'create_user' }, ...c }).kind, 'create_user');
    const denied = decide({ type, verified: true, policy: { autoBind: true, notAssociated: 'deny' }, ...c });
    assert.equal(denied.kind, 'deny');
    assert.equal(denied.reason, 'dingtalk.not_associated.denied');
  }
});

test('auto-bind off always asks for the phone and code on first use, even when a user would match', () => {
  assert.deepEqual(decide({ type, verified: true, policy: { autoBind: false, notAssociated: 'deny' }, attributeValue: 'x', matches: [active] }), {
    kind: 'ask_phone',
    reason: 'dingtalk.autobind_off',
    cause: 'autobind_off',
  });
});

test('a value the upstream did not verify never binds: the When User is Not Associated policy decides', () => {
  assert.deepEqual(decide({ type: 'openid', policy: on, attributeValue: 'victim@example.com', verified: false, matches: [active] }), {
    kind: 'ask_phone',
    reason: 'openid.not_associated.bind_existing',
    cause: 'attribute_unverified',
  });
});
