import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changedTrustField, trustDefaults } from './trust-rules.ts';
import { dingtalkSourceType } from '../identity/dingtalk/type.ts';
import { DEFAULT_DINGTALK_ENDPOINTS } from '../connectors/dingtalk/index.ts';

test("a new DingTalk source's trust settings default to auto-bind by mobile, no organisation, no binding by password, DingTalk's own hosts", () => {
  assert.deepEqual(trustDefaults(dingtalkSourceType), {
    corpId: null,
    autoBind: true,
    sourceAttribute: 'mobile',
    userAttribute: 'mobile',
    notAssociated: 'bind_existing',
    notAssociatedOrgUnitId: null,
    passwordLink: false,
    endpoints: { ...DEFAULT_DINGTALK_ENDPOINTS },
  });
  assert.ok(!('appKey' in trustDefaults(dingtalkSourceType)), 'the AppKey is the creator\'s choice');
});

test('a change is found in the field it touches, down to the key of an object', () => {
  const current = { autoBind: true, corpId: null, endpoints: { ...DEFAULT_DINGTALK_ENDPOINTS }, appKey: 'k' };
  const fields = dingtalkSourceType.trustFields;
  assert.equal(changedTrustField(fields, current, { name: 'x', timeoutMs: 100 }), undefined, 'other fields are not trust settings');
  assert.equal(changedTrustField(fields, current, { autoBind: true, corpId: null }), undefined, 'the same values change nothing');
  assert.equal(changedTrustField(fields, current, { corpId: undefined }), undefined, 'null and absent are the same');
  assert.equal(changedTrustField(fields, current, { autoBind: false }), '/autoBind');
  assert.equal(changedTrustField(fields, current, { appKey: 'other' }), '/appKey');
  assert.equal(changedTrustField(fields, current, { endpoints: { ...DEFAULT_DINGTALK_ENDPOINTS, api: 'https://evil.example' } }), '/endpoints/api');
  assert.equal(changedTrustField(fields, current, { endpoints: { api: DEFAULT_DINGTALK_ENDPOINTS.api, oapi: DEFAULT_DINGTALK_ENDPOINTS.oapi, login: DEFAULT_DINGTALK_ENDPOINTS.login } }), undefined, 'key order does not matter');
});
