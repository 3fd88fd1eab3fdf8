/** The console's own rules, without a browser: the DingTalk form, the org unit tree, chart axes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, checkForm, formOf, NEW_DINGTALK } from '../web/src/pages/sources/dingtalkForm.ts';
import { flattenTree } from '../web/src/lib/orgTree.ts';
import { niceTicks } from '../web/src/charts/scale.ts';

const valid = { ...NEW_DINGTALK, appKey: 'dingapp', appSecret: 'secret' };

test('a new DingTalk source starts with Auto-bind on, mobile matched with mobile, and DingTalk’s own hosts', () => {
  assert.equal(NEW_DINGTALK.autoBind, true);
  assert.equal(NEW_DINGTALK.sourceAttribute, 'mobile');
  assert.equal(NEW_DINGTALK.userAttribute, 'mobile');
  assert.equal(NEW_DINGTALK.notAssociated, 'bind_existing');
  assert.deepEqual(NEW_DINGTALK.endpoints, { login: 'https://login.dingtalk.com', api: 'https://api.dingtalk.com', oapi: 'https://oapi.dingtalk.com' });
  assert.deepEqual(checkForm(valid, true), {});
});

test('the DingTalk form names each bad field before anything is sent', () => {
  assert.deepEqual(checkForm({ ...NEW_DINGTALK, name: ' ' }, true), { name: 'validation.required', appKey: 'validation.required', appSecret: 'validation.required' });
  assert.deepEqual(checkForm({ ...valid, appSecret: '' }, false), {}, 'an existing source keeps its secret when the field is empty');
  assert.deepEqual(checkForm({ ...valid, appKey: 'ding app', corpId: 'ding corp' }, true), { appKey: 'validation.noSpaces', corpId: 'validation.noSpaces' });
  assert.deepEqual(checkForm({ ...valid, endpoints: { ...valid.endpoints, api: 'api.dingtalk.com', oapi: 'ftp://x' } }, true), {
    'endpoints.api': 'validation.url',
    'endpoints.oapi': 'validation.url',
  });
  for (const timeoutMs of ['499', '30001', '1.5', 'soon']) assert.deepEqual(checkForm({ ...valid, timeoutMs }, true), { timeoutMs: 'validation.timeout' }, timeoutMs);
  assert.deepEqual(checkForm({ ...valid, notAssociated: 'create_user' }, true), { notAssociatedOrgUnitId: 'validation.orgUnit' });
});

test('the body sent clears empty optional fields and carries the secret only when one was typed', () => {
  const body = bodyOf({ ...valid, name: ' DingTalk ', corpId: ' ', denyMessage: '', timeoutMs: '8000' });
  assert.equal(body.name, 'DingTalk');
  assert.equal(body.config.corpId, null);
  assert.equal(body.config.denyMessage, null);
  assert.equal(body.config.notAssociatedOrgUnitId, null);
  assert.equal(body.config.timeoutMs, 8000);
  assert.equal(body.config.appSecret, 'secret');
  assert.equal('appSecret' in bodyOf({ ...valid, appSecret: '' }).config, false);
});

test('a stored source fills the form, with defaults for what it does not say and never its secret', () => {
  const form = formOf({
    id: 'src_1',
    type: 'dingtalk',
    name: 'DingTalk',
    config: { appKey: 'dingapp', autoBind: false, sourceAttribute: 'jobNumber', userAttribute: 'employeeNumber', endpoints: { login: 'http://sim' } },
    secretsSet: ['appSecret'],
    callbackUrl: 'http://portico/login/callback/dingtalk/src_1',
    createdAt: '',
    updatedAt: '',
  });
  assert.equal(form.autoBind, false);
  assert.equal(form.sourceAttribute, 'jobNumber');
  assert.equal(form.userAttribute, 'employeeNumber');
  assert.equal(form.appSecret, '');
  assert.deepEqual(form.endpoints, { login: 'http://sim', api: 'https://api.dingtalk.com', oapi: 'https://oapi.dingtalk.com' });
  assert.equal(form.timeoutMs, '5000');
});

test('the org unit tree lists parents before children, siblings by name, with depth and path', () => {
  const rows = flattenTree([
    { id: 'b', parentId: 'root', name: 'Sales' },
    { id: 'root', parentId: null, name: 'Root' },
    { id: 'c', parentId: 'b', name: 'East' },
    { id: 'a', parentId: 'root', name: 'Engineering' },
  ]);
  assert.deepEqual(
    rows.map((r) => [r.unit.id, r.depth, r.path]),
    [
      ['root', 0, 'Root'],
      ['a', 1, 'Root / Engineering'],
      ['b', 1, 'Root / Sales'],
      ['c', 2, 'Root / Sales / East'],
    ],
  );
});

test('chart axes end on a round number at or above the highest bar', () => {
  assert.deepEqual(niceTicks(0), [0, 1]);
  assert.deepEqual(niceTicks(3), [0, 1, 2, 3]);
  assert.deepEqual(niceTicks(7), [0, 2, 4, 6, 8]);
  assert.deepEqual(niceTicks(95), [0, 50, 100]);
  assert.deepEqual(niceTicks(1234), [0, 500, 1000, 1500]);
});
