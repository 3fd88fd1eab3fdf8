import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attributesOf, needsOrgRecord } from './flow.ts';

test("the mobile attribute is normalized to E.164 with DingTalk's country code", () => {
  const mobile = (identity: Parameters<typeof attributesOf>[0], org?: Parameters<typeof attributesOf>[1]) => attributesOf(identity, org).mobile;
  assert.equal(mobile({ unionId: 'u', mobile: '13800000001', stateCode: '86' }), '+8613800000001');
  assert.equal(mobile({ unionId: 'u', mobile: '4155550100', stateCode: '1' }), '+14155550100');
  assert.equal(mobile({ unionId: 'u', mobile: '155****3240', stateCode: '86' }), undefined, 'masked numbers never match');
  assert.equal(mobile({ unionId: 'u' }), undefined);
  assert.equal(mobile({ unionId: 'u' }, { userId: 'z', mobile: '13800000002', stateCode: '86' }), '+8613800000002');
});

test('email is lower-cased; job number and userId come from the org record', () => {
  assert.equal(attributesOf({ unionId: 'u', email: 'ZhangSan@Demo.Example' }, undefined).email, 'zhangsan@demo.example');
  assert.equal(attributesOf({ unionId: 'u' }, { userId: 'z', jobNumber: ' E001 ' }).jobNumber, 'E001');
  assert.equal(attributesOf({ unionId: 'u' }, { userId: 'z', jobNumber: '' }).jobNumber, undefined);
  assert.equal(attributesOf({ unionId: 'u' }, { userId: 'zhangsan' }).userId, 'zhangsan');
  assert.equal(attributesOf({ unionId: 'uZhang' }, undefined).unionId, 'uZhang');
});

test('the org record is needed for job number and userId, and for a mobile or email the profile lacks', () => {
  assert.equal(needsOrgRecord('jobNumber', { unionId: 'u' }), true);
  assert.equal(needsOrgRecord('userId', { unionId: 'u' }), true);
  assert.equal(needsOrgRecord('mobile', { unionId: 'u', mobile: '138' }), false);
  assert.equal(needsOrgRecord('mobile', { unionId: 'u' }), true);
  assert.equal(needsOrgRecord('unionId', { unionId: 'u' }), false);
});
