/** The console's own rules, without a browser: the DingTalk and application forms, admin accounts, the org unit tree, chart axes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, checkForm, formOf, NEW_DINGTALK, NOT_ASSOCIATED, PROTOCOLS, QR_MODES, SOURCE_ATTRIBUTES, USER_ATTRIBUTES } from '../web/src/pages/sources/dingtalkForm.ts';
import { en } from '../web/src/i18n/en.ts';
import { zh } from '../web/src/i18n/zh.ts';
import { flattenTree } from '../web/src/lib/orgTree.ts';
import { niceTicks } from '../web/src/charts/scale.ts';
import { NEW_APPLICATION, bodyOf as applicationBody, checkForm as checkApplication, formOf as applicationForm, rowKey } from '../web/src/pages/applications/applicationForm.ts';
import { generatePassword, isLastSuperAdmin, passwordProblem, usernameProblem } from '../web/src/pages/admins/adminForm.ts';
import type { Admin, Application } from '../web/src/lib/types.ts';

const valid = { ...NEW_DINGTALK, appKey: 'dingapp', appSecret: 'secret' };

test('a new DingTalk source starts with Auto-bind on, mobile matched with mobile, and DingTalk’s own hosts', () => {
  assert.equal(NEW_DINGTALK.autoBind, true);
  assert.equal(NEW_DINGTALK.sourceAttribute, 'mobile');
  assert.equal(NEW_DINGTALK.userAttribute, 'mobile');
  assert.equal(NEW_DINGTALK.notAssociated, 'bind_existing');
  assert.deepEqual(NEW_DINGTALK.endpoints, { login: 'https://login.dingtalk.com', api: 'https://api.dingtalk.com', oapi: 'https://oapi.dingtalk.com' });
  assert.deepEqual(checkForm(valid, true), {});
});

test('every choice of the DingTalk form has its words in both languages (DingTalkFields builds the keys)', () => {
  const choices = { sourceAttribute: SOURCE_ATTRIBUTES, userAttribute: USER_ATTRIBUTES, notAssociated: NOT_ASSOCIATED, qrMode: QR_MODES, protocol: PROTOCOLS };
  for (const [field, values] of Object.entries(choices)) {
    for (const key of [`dingtalk.${field}`, `dingtalk.${field}.hint`, ...values.map((v) => `dingtalk.${field}.${v}`)]) {
      assert.ok(key in en && key in zh, key);
    }
  }
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
  const at = { createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z' };
  const rows = flattenTree([
    { id: 'b', parentId: 'root', name: 'Sales', ...at },
    { id: 'root', parentId: null, name: 'Root', ...at },
    { id: 'c', parentId: 'b', name: 'East', ...at },
    { id: 'a', parentId: 'root', name: 'Engineering', ...at },
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

// ---- applications


const newApp = { ...NEW_APPLICATION, name: 'HR', redirectUris: ['https://hr.example.com/cb'] };

test('a redirect URI is refused for the reasons the server refuses it, on the row it is on', () => {
  assert.deepEqual(checkApplication(newApp, false), {});
  const rows = ['hr.example.com/cb', 'ftp://hr.example.com/cb', 'https://hr.example.com/cb#x', 'https://me:pw@hr.example.com/cb', 'http://hr.example.com/cb', '', 'https://hr.example.com/cb', 'https://hr.example.com/cb'];
  assert.deepEqual(checkApplication({ ...newApp, redirectUris: rows }, false), {
    'redirectUris.0': 'validation.uri.absolute',
    'redirectUris.1': 'validation.uri.scheme',
    'redirectUris.2': 'validation.uri.fragment',
    'redirectUris.3': 'validation.uri.credentials',
    'redirectUris.4': 'validation.uri.https',
    'redirectUris.7': 'validation.uri.duplicate',
  });
  for (const uri of ['http://localhost:5173/cb', 'http://127.0.0.1/cb', 'http://[::1]:8080/cb']) assert.deepEqual(checkApplication({ ...newApp, redirectUris: [uri] }, false), {}, uri);
  const many = Array.from({ length: 21 }, (_, i) => `https://hr.example.com/cb${i}`);
  assert.deepEqual(checkApplication({ ...newApp, postLogoutRedirectUris: many }, false), { postLogoutRedirectUris: 'validation.uri.tooMany' });
  assert.deepEqual(checkApplication({ ...newApp, name: ' ', logoUrl: 'logo.png' }, false), { name: 'validation.required', logoUrl: 'validation.url' });
});

test("blank rows are not sent, and the server's /redirectUris/N lands on the row it came from", () => {
  const { body, rows } = applicationBody({ ...newApp, redirectUris: ['', ' https://a.example/cb ', '', 'https://b.example/cb'] });
  assert.deepEqual(body.redirectUris, ['https://a.example/cb', 'https://b.example/cb']);
  assert.equal(body.logoUrl, null);
  assert.equal(body.clientType, 'confidential');
  assert.equal(rowKey('redirectUris.1', rows), 'redirectUris.3');
  assert.equal(rowKey('redirectUris', rows), 'redirectUris');
  assert.equal(rowKey('name', rows), 'name');
});

test('changing an application sends only what changed; the User Center only its name, description and logo', () => {
  const app: Application = {
    id: 'app_1', kind: 'oidc', builtIn: false, name: 'HR', description: '', logoUrl: null, clientId: 'c', clientType: 'confidential', hasSecret: true,
    redirectUris: ['https://hr.example.com/cb'], postLogoutRedirectUris: [], firstParty: false, createdAt: '', updatedAt: '',
  };
  assert.deepEqual(applicationBody(applicationForm(app), app).body, {});
  assert.deepEqual(applicationBody({ ...applicationForm(app), name: 'HR 2', redirectUris: ['https://hr.example.com/cb', ''] }, app).body, { name: 'HR 2' });
  assert.deepEqual(applicationBody({ ...applicationForm(app), clientType: 'public' }, app).body, { clientType: 'public' });
  const userCenter = { ...app, kind: 'user_center' as const, builtIn: true, clientType: 'public' as const, redirectUris: [] };
  assert.deepEqual(applicationBody({ ...applicationForm(userCenter), name: 'Me', firstParty: false, redirectUris: ['https://x.example/cb'] }, userCenter).body, { name: 'Me' });
  assert.deepEqual(checkApplication({ ...applicationForm(userCenter), redirectUris: ['not a url'] }, true), {}, 'the User Center has no URIs to check');
});

// ---- administrators

test('an admin account follows the API: username pattern, password length, one active super admin kept', () => {
  assert.equal(usernameProblem(''), 'validation.required');
  for (const bad of ['-wang', 'w', 'wang wu', 'a'.repeat(65)]) assert.equal(usernameProblem(bad), 'validation.adminUsername', bad);
  for (const good of ['wangwu', 'Wang.Wu', 'ops@corp', 'a1']) assert.equal(usernameProblem(good), undefined, good);
  assert.equal(passwordProblem(''), 'validation.required');
  assert.equal(passwordProblem('1234567'), 'validation.passwordShort');
  assert.equal(passwordProblem('12345678'), undefined);
  assert.equal(passwordProblem('x'.repeat(257)), 'validation.tooLong');

  const admin = (id: string, role: Admin['role'], status: Admin['status'] = 'active'): Admin => ({ id, username: id, displayName: id, role, status, createdAt: '', updatedAt: '', lastLoginAt: null });
  const root = admin('a', 'super_admin');
  assert.equal(isLastSuperAdmin(root, [root, admin('b', 'app_admin'), admin('c', 'super_admin', 'disabled')]), true);
  assert.equal(isLastSuperAdmin(root, [root, admin('c', 'super_admin')]), false);
  assert.equal(isLastSuperAdmin(admin('b', 'app_admin'), [root]), false);
});

test('a generated password is 20 characters without look-alikes, and new each time', () => {
  const passwords = new Set(Array.from({ length: 50 }, () => generatePassword()));
  assert.equal(passwords.size, 50);
  for (const p of passwords) assert.match(p, /^[A-HJ-NP-Za-km-z2-9]{20}$/);
});
