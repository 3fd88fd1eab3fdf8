import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, needsOrgRecord, sourceAttributeValue } from './binding-rules.ts';

const on = { autoBind: true, notAssociated: 'bind_existing' } as const;
const active = { id: 'usr_a', status: 'active' };

test('an identity already bound signs its user in', () => {
  assert.deepEqual(decide({ config: on, bound: active, matches: [] }), { kind: 'sign_in', userId: 'usr_a', reason: 'dingtalk.bound' });
});

test('a bound but disabled or locked user is denied, whatever the settings', () => {
  for (const status of ['disabled', 'locked']) {
    const d = decide({ config: { autoBind: false, notAssociated: 'create_user' }, bound: { id: 'u', status }, matches: [] });
    assert.equal(d.kind, 'deny');
    assert.equal(d.reason, 'login.user_inactive');
  }
});

test('auto-bind with exactly one active match binds without asking for a phone', () => {
  assert.deepEqual(decide({ config: on, attributeValue: '+8613800000001', matches: [active] }), { kind: 'bind', userId: 'usr_a', reason: 'dingtalk.bound_auto' });
});

test('auto-bind with one inactive match is denied rather than bound or duplicated', () => {
  const d = decide({ config: { autoBind: true, notAssociated: 'create_user' }, attributeValue: 'x', matches: [{ id: 'u', status: 'locked' }] });
  assert.equal(d.reason, 'login.user_inactive');
});

test('no match, several matches or a missing attribute follow the When User is Not Associated policy', () => {
  const cases = [
    { attributeValue: 'x', matches: [], cause: 'no_match' },
    { attributeValue: 'x', matches: [active, { id: 'usr_b', status: 'active' }], cause: 'ambiguous' },
    { attributeValue: undefined, matches: [], cause: 'attribute_missing' },
  ];
  for (const c of cases) {
    assert.deepEqual(decide({ config: on, attributeValue: c.attributeValue, matches: c.matches }), {
      kind: 'ask_phone',
      reason: 'dingtalk.not_associated.bind_existing',
      cause: c.cause,
    });
    assert.equal(decide({ config: { autoBind: true, notAssociated: 'create_user' }, ...c }).kind, 'create_user');
    const denied = decide({ config: { autoBind: true, notAssociated: 'deny' }, ...c });
    assert.equal(denied.kind, 'deny');
    assert.equal(denied.reason, 'dingtalk.not_associated.denied');
  }
});

test('auto-bind off always asks for the phone and code on first use, even when a user would match', () => {
  assert.deepEqual(decide({ config: { autoBind: false, notAssociated: 'deny' }, attributeValue: 'x', matches: [active] }), {
    kind: 'ask_phone',
    reason: 'dingtalk.autobind_off',
    cause: 'autobind_off',
  });
});

test('the mobile attribute is normalized to E.164 with DingTalk\'s country code', () => {
  assert.equal(sourceAttributeValue('mobile', { unionId: 'u', mobile: '13800000001', stateCode: '86' }), '+8613800000001');
  assert.equal(sourceAttributeValue('mobile', { unionId: 'u', mobile: '4155550100', stateCode: '1' }), '+14155550100');
  assert.equal(sourceAttributeValue('mobile', { unionId: 'u', mobile: '155****3240', stateCode: '86' }), undefined, 'masked numbers never match');
  assert.equal(sourceAttributeValue('mobile', { unionId: 'u' }), undefined);
  assert.equal(sourceAttributeValue('mobile', { unionId: 'u' }, { userId: 'z', mobile: '13800000002', stateCode: '86' }), '+8613800000002');
});

test('email is lower-cased; job number and userId come from the org record', () => {
  assert.equal(sourceAttributeValue('email', { unionId: 'u', email: 'ZhangSan@Demo.Example' }), 'zhangsan@demo.example');
  assert.equal(sourceAttributeValue('jobNumber', { unionId: 'u' }, { userId: 'z', jobNumber: ' E001 ' }), 'E001');
  assert.equal(sourceAttributeValue('jobNumber', { unionId: 'u' }, { userId: 'z', jobNumber: '' }), undefined);
  assert.equal(sourceAttributeValue('userId', { unionId: 'u' }, { userId: 'zhangsan' }), 'zhangsan');
  assert.equal(sourceAttributeValue('unionId', { unionId: 'uZhang' }), 'uZhang');
});

test('the org record is needed for job number and userId, and for a mobile or email the profile lacks', () => {
  assert.equal(needsOrgRecord('jobNumber', { unionId: 'u' }), true);
  assert.equal(needsOrgRecord('userId', { unionId: 'u' }), true);
  assert.equal(needsOrgRecord('mobile', { unionId: 'u', mobile: '138' }), false);
  assert.equal(needsOrgRecord('mobile', { unionId: 'u' }), true);
  assert.equal(needsOrgRecord('unionId', { unionId: 'u' }), false);
});
