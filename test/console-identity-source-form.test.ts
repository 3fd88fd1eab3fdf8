/** The identity source form's own rules, without a browser: its defaults, what it tells before sending, and the body it sends. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, checkForm, formOf } from '../web/src/pages/identity-sources/identitySourceForm.ts';
import { changedAttributes } from '../web/src/pages/identity-sources/syncText.ts';
import { en } from '../web/src/i18n/en.ts';
import { zh } from '../web/src/i18n/zh.ts';

const valid = { ...formOf(), corpId: 'dingcorp', appKey: 'dingapp', appSecret: 'secret' };

test('a new identity source starts as the API defaults it: the whole organisation into the root, matched by mobile, Stream mode, 02:00, 10 %', () => {
  const v = formOf();
  assert.equal(v.rootDeptId, '1');
  assert.equal(v.orgUnitId, 'ou_root');
  assert.equal(v.matchKey, 'mobile');
  assert.equal(v.inactive, 'skip');
  assert.equal(v.transport, 'stream');
  assert.equal(v.reconcileHour, '2');
  assert.equal(v.disableThresholdPercent, '10');
  assert.deepEqual(v.fieldMapping, { displayName: 'name', mobile: 'mobile', email: 'email', employeeNumber: 'job_number', username: '', externalId: '' });
  assert.deepEqual(checkForm(valid), {});
});

test('the form asks for CorpId, AppKey and a new AppSecret, but keeps a stored secret when left empty', () => {
  assert.deepEqual(checkForm(formOf()), { corpId: 'validation.required', appKey: 'validation.required', appSecret: 'validation.required' });
  assert.deepEqual(checkForm({ ...valid, appSecret: '' }, { appSecret: true, pushToken: false, pushAesKey: false }), {});
});

test('matching by an attribute needs that attribute mapped, and the display name is always mapped', () => {
  const unmapped = { ...valid, matchKey: 'employeeNumber' as const, fieldMapping: { ...valid.fieldMapping, employeeNumber: '' as const, displayName: '' as const } };
  assert.deepEqual(checkForm(unmapped), { matchKey: 'idSource.validation.matchKeyMapped', 'fieldMapping.displayName': 'idSource.validation.displayNameMapped' });
  assert.deepEqual(checkForm({ ...unmapped, matchKey: 'none', fieldMapping: valid.fieldMapping }), {});
});

test('HTTP push needs its token and a 43-character AES key; the other transports do not', () => {
  assert.deepEqual(checkForm({ ...valid, transport: 'http_push' }), { pushToken: 'validation.required', pushAesKey: 'validation.required' });
  assert.deepEqual(checkForm({ ...valid, transport: 'http_push', pushToken: 't', pushAesKey: 'short' }), { pushAesKey: 'idSource.validation.aesKey' });
  assert.deepEqual(checkForm({ ...valid, transport: 'http_push', pushToken: 't', pushAesKey: 'a'.repeat(43) }), {});
});

test('numbers out of range and half-given API base URLs are caught', () => {
  assert.deepEqual(checkForm({ ...valid, rootDeptId: '0', disableThresholdPercent: '101', apiBase: 'http://127.0.0.1:9000' }), {
    rootDeptId: 'idSource.validation.deptId',
    disableThresholdPercent: 'idSource.validation.percent',
    'endpoints.oapi': 'validation.url',
  });
});

test('the body carries the whole configuration, only the mapped attributes, no endpoints unless given, and only the secrets typed in', () => {
  const body = bodyOf({ ...valid, reconcileHour: '', bindSourceId: 'src_dt' });
  assert.deepEqual(body, {
    name: 'DingTalk',
    enabled: true,
    config: {
      corpId: 'dingcorp',
      appKey: 'dingapp',
      rootDeptId: 1,
      orgUnitId: 'ou_root',
      fieldMapping: { displayName: 'name', mobile: 'mobile', email: 'email', employeeNumber: 'job_number' },
      matchKey: 'mobile',
      inactive: 'skip',
      disableThresholdPercent: 10,
      reconcileHour: null,
      transport: 'stream',
      bindSourceId: 'src_dt',
    },
    secrets: { appSecret: 'secret' },
  });
  const edited = bodyOf({ ...valid, appSecret: '', apiBase: 'http://sim', oapiBase: 'http://sim' });
  assert.equal('secrets' in edited, false, 'an empty secret keeps the stored one');
  assert.deepEqual(edited.config.endpoints, { api: 'http://sim', oapi: 'http://sim' });
});

test('a change shows the attributes that differ: all of a new one, only the changed of an update', () => {
  assert.deepEqual(changedAttributes(null, { displayName: '张三', mobile: '+8613800000001' }), ['displayName', 'mobile']);
  assert.deepEqual(changedAttributes({ displayName: '张 三', mobile: '+86138' }, { displayName: '张三', mobile: '+86138' }), ['displayName']);
});

test('every word the sync pages use is there in Chinese too', () => {
  const ours = Object.keys(en).filter((k) => /^(idSources?|syncRun|csv|duration)\.|^users\.tab/.test(k));
  assert.ok(ours.length > 100);
  for (const key of ours) assert.ok(zh[key as keyof typeof zh]?.trim(), key);
});
