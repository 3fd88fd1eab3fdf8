/** The console's own rules, without a browser: the source and application forms, admin accounts, the org unit tree, chart axes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, checkForm, fieldsOf, formOf, isShown, problemText, sectionsWithProblems, summaryOf, type Problem } from '../web/src/pages/sources/sourceForm.ts';
import { en } from '../web/src/i18n/en.ts';
import { zh } from '../web/src/i18n/zh.ts';
import { flattenTree } from '../web/src/lib/orgTree.ts';
import { niceTicks } from '../web/src/charts/scale.ts';
import { NEW_APPLICATION, bodyOf as applicationBody, checkForm as checkApplication, formOf as applicationForm } from '../web/src/pages/applications/applicationForm.ts';
import { generatePassword, isLastSuperAdmin, passwordProblem, usernameProblem } from '../web/src/pages/admins/adminForm.ts';
import type { Admin, CasApplication, Localized, OidcApplication, Source } from '../web/src/lib/types.ts';
import { SOURCE_TYPES } from '../src/identity/registry.ts';
import { sourceTypeView } from '../src/sources/type-view.ts';
import { DINGTALK_TRUST_FIELDS } from '../src/identity/dingtalk/trust.ts';
import { advancedSettingsOf } from '../src/protocols/oidc/advanced-defaults.ts';

// The descriptions as GET /source-types sends them.
const TYPES = SOURCE_TYPES.map((t) => JSON.parse(JSON.stringify(sourceTypeView(t))) as ReturnType<typeof sourceTypeView>);
const dingtalk = TYPES.find((t) => t.type === 'dingtalk')!;
const NEW_DINGTALK = formOf(dingtalk);
const valid = { ...NEW_DINGTALK, appKey: 'dingapp', appSecret: 'secret' };
const fill = (text: string, vars?: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (m, k: string) => String(vars?.[k] ?? m));
/** What the page says beside the field, in English and in Chinese. */
const say = (p: Problem) => problemText(p, (key, vars) => fill(en[key], vars), 'en');
const sayZh = (p: Problem) => problemText(p, (key, vars) => fill(zh[key], vars), 'zh-CN');
const said = (problems: Record<string, Problem>) => Object.fromEntries(Object.entries(problems).map(([k, p]) => [k, say(p)]));

test('a new DingTalk source starts with Auto-bind on, mobile matched with mobile, and DingTalk’s own hosts', () => {
  assert.equal(NEW_DINGTALK.name, 'DingTalk');
  assert.equal(NEW_DINGTALK.autoBind, true);
  assert.equal(NEW_DINGTALK.sourceAttribute, 'mobile');
  assert.equal(NEW_DINGTALK.userAttribute, 'mobile');
  assert.equal(NEW_DINGTALK.notAssociated, 'bind_existing');
  assert.deepEqual(NEW_DINGTALK.endpoints, { login: 'https://login.dingtalk.com', api: 'https://api.dingtalk.com', oapi: 'https://oapi.dingtalk.com' });
  assert.equal(NEW_DINGTALK.timeoutMs, '5000');
  assert.deepEqual(checkForm(dingtalk, valid, true), {});
});

test('every field and choice of every form has its words in both languages', () => {
  const words = (l: Localized | undefined, what: string) => l === undefined || assert.ok(l.en.trim() && l['zh-CN'].trim(), what);
  for (const type of TYPES.filter((t) => t.form)) {
    const form = type.form!;
    for (const [what, l] of [['intro', form.intro], ['trustNotice', form.trustNotice], ...form.sections.map((s) => [s.id, s.title] as const)] as const) words(l, `${type.type} ${what}`);
    for (const f of [...form.items, ...fieldsOf(form).flatMap((g) => g.members ?? [])]) {
      words(f.label, `${type.type} ${f.key}`);
      words(f.help, `${type.type} ${f.key} help`);
      assert.ok(form.sections.some((s) => s.id === f.section), `${type.type} ${f.key} is in a section the form has`);
      if (f.kind !== 'display') for (const o of f.options ?? []) words(o.label, `${type.type} ${f.key} ${o.value}`);
    }
  }
});

test('the DingTalk form names each bad field before anything is sent', () => {
  assert.deepEqual(checkForm(dingtalk, { ...NEW_DINGTALK, name: ' ' }, true), { name: 'validation.required', appKey: 'validation.required', appSecret: 'validation.required' });
  assert.deepEqual(checkForm(dingtalk, { ...valid, appSecret: '' }, false), {}, 'an existing source keeps its secret when the field is empty');
  assert.deepEqual(checkForm(dingtalk, { ...valid, appKey: 'ding app', corpId: 'ding corp' }, true), { appKey: 'validation.noSpaces', corpId: 'validation.noSpaces' });
  assert.deepEqual(checkForm(dingtalk, { ...valid, endpoints: { ...NEW_DINGTALK.endpoints as Record<string, string>, api: 'api.dingtalk.com', oapi: 'ftp://x' } }, true), {
    'endpoints.api': 'validation.url',
    'endpoints.oapi': 'validation.url',
  });
  for (const timeoutMs of ['499', '30001', '1.5', 'soon', '']) {
    assert.deepEqual(said(checkForm(dingtalk, { ...valid, timeoutMs }, true)), { timeoutMs: 'Enter a number of milliseconds from 500 to 30000.' }, timeoutMs);
  }
  assert.equal(sayZh(checkForm(dingtalk, { ...valid, timeoutMs: '1' }, true).timeoutMs), '请输入 500 到 30000 之间的毫秒数。');
  assert.deepEqual(said(checkForm(dingtalk, { ...valid, notAssociated: 'create_user' }, true)), { notAssociatedOrgUnitId: 'Choose the org unit that new accounts are created in.' });
  assert.deepEqual(said(checkForm(dingtalk, { ...valid, sourceAttribute: 'jobNumber' }, true)), {
    corpId: 'Required when Auto-bind matches by job number or userId: they are unique only within one DingTalk organisation.',
  }, "the server's rule across fields, said first");
  assert.deepEqual(checkForm(dingtalk, { ...valid, sourceAttribute: 'jobNumber', autoBind: false }, true), {});
  assert.deepEqual(checkForm(dingtalk, { ...valid, denyMessage: 'x'.repeat(501) }, true), {}, 'a field not shown is not checked');
  assert.deepEqual(checkForm(dingtalk, { ...valid, notAssociated: 'deny', denyMessage: 'x'.repeat(501) }, true), { denyMessage: 'validation.tooLong' });
});

test('a field is shown when its condition holds; a problem in a folded section is found there', () => {
  const orgUnit = fieldsOf(dingtalk.form!).find((f) => f.key === 'notAssociatedOrgUnitId')!;
  assert.equal(isShown(orgUnit, NEW_DINGTALK), false);
  assert.equal(isShown(orgUnit, { ...NEW_DINGTALK, notAssociated: 'create_user' }), true);
  assert.deepEqual([...sectionsWithProblems(dingtalk.form!, { 'endpoints.api': 'x', name: 'y' })].sort(), ['advanced', 'app']);
});

test('the body sent clears empty optional fields and carries the secret only when one was typed', () => {
  const body = bodyOf(dingtalk, { ...valid, name: ' DingTalk ', corpId: ' ', denyMessage: '', timeoutMs: '8000' });
  assert.equal(body.name, 'DingTalk');
  assert.equal(body.config.corpId, null);
  assert.equal(body.config.denyMessage, null);
  assert.equal(body.config.notAssociatedOrgUnitId, null);
  assert.equal(body.config.timeoutMs, 8000);
  assert.equal(body.config.appSecret, 'secret');
  assert.equal('appSecret' in bodyOf(dingtalk, { ...valid, appSecret: '' }).config, false);
});

test('an admin who may not change the trust settings sends none of them, but the AppKey of a new source', () => {
  const trustIn = (config: Record<string, unknown>) => DINGTALK_TRUST_FIELDS.filter((k) => k in config);
  assert.deepEqual(trustIn(bodyOf(dingtalk, valid).config), [...DINGTALK_TRUST_FIELDS]);
  assert.deepEqual(trustIn(bodyOf(dingtalk, valid, { withTrust: false, isNew: true }).config), ['appKey']);
  assert.deepEqual(trustIn(bodyOf(dingtalk, valid, { withTrust: false, isNew: false }).config), []);
  assert.equal(bodyOf(dingtalk, valid, { withTrust: false, isNew: false }).config.timeoutMs, 5000, 'the other fields are sent');
});

test('a stored source fills the form, with defaults for what it does not say and never its secret', () => {
  const source: Source = {
    id: 'src_1',
    type: 'dingtalk',
    name: 'DingTalk',
    config: { appKey: 'dingapp', autoBind: false, sourceAttribute: 'jobNumber', userAttribute: 'employeeNumber', endpoints: { login: 'http://sim' } },
    secretsSet: ['appSecret'],
    callbackUrl: 'http://portico/login/callback/dingtalk/src_1',
    createdAt: '',
    updatedAt: '',
  };
  const form = formOf(dingtalk, source);
  assert.equal(form.autoBind, false);
  assert.equal(form.sourceAttribute, 'jobNumber');
  assert.equal(form.userAttribute, 'employeeNumber');
  assert.equal(form.appSecret, '');
  assert.deepEqual(form.endpoints, { login: 'http://sim', api: 'https://api.dingtalk.com', oapi: 'https://oapi.dingtalk.com' });
  assert.equal(form.timeoutMs, '5000');
  assert.deepEqual(summaryOf(dingtalk, source).map(({ label, value }) => [label.en, value]), [['AppKey', 'dingapp'], ['Auto-bind', false]]);
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
  const { body, rowKey } = applicationBody({ ...newApp, redirectUris: ['', ' https://a.example/cb ', '', 'https://b.example/cb'] });
  assert.deepEqual(body.redirectUris, ['https://a.example/cb', 'https://b.example/cb']);
  assert.equal(body.logoUrl, null);
  assert.equal(body.clientType, 'confidential');
  assert.equal(rowKey('redirectUris.1'), 'redirectUris.3');
  assert.equal(rowKey('redirectUris'), 'redirectUris');
  assert.equal(rowKey('name'), 'name');
});

test('changing an application sends only what changed; the User Center only its name, description and logo', () => {
  const app: OidcApplication = {
    id: 'app_1', protocol: 'oidc', kind: 'oidc', builtIn: false, name: 'HR', description: '', logoUrl: null, secondFactor: { mode: 'never', methods: [], rememberDays: 30, enroll: true, factors: ['totp', 'passkey'] }, inPortal: false, clientId: 'c', clientType: 'confidential', hasSecret: true,
    redirectUris: ['https://hr.example.com/cb'], postLogoutRedirectUris: [], firstParty: false, createdAt: '', updatedAt: '',
    ...advancedSettingsOf('{}', 'confidential'),
  };
  assert.deepEqual(applicationBody(applicationForm(app), app).body, {});
  assert.deepEqual(applicationBody({ ...applicationForm(app), name: 'HR 2', redirectUris: ['https://hr.example.com/cb', ''] }, app).body, { name: 'HR 2' });
  assert.deepEqual(applicationBody({ ...applicationForm(app), clientType: 'public' }, app).body, { clientType: 'public' });
  const userCenter = { ...app, kind: 'user_center' as const, builtIn: true, clientType: 'public' as const, redirectUris: [] };
  assert.deepEqual(applicationBody({ ...applicationForm(userCenter), name: 'Me', firstParty: false, redirectUris: ['https://x.example/cb'] }, userCenter).body, { name: 'Me' });
  assert.deepEqual(checkApplication({ ...applicationForm(userCenter), redirectUris: ['not a url'] }, true), {}, 'the User Center has no URIs to check');
});

test("an application's advanced settings: checked as the server checks them, and sent only when they differ", () => {
  const advancedSent = (form: typeof newApp) => Object.keys(applicationBody(form).body).filter((k) => !['name', 'description', 'logoUrl', 'inPortal', 'protocol', 'clientType', 'firstParty', 'redirectUris', 'postLogoutRedirectUris'].includes(k));
  assert.deepEqual(advancedSent(newApp), [], 'a new application leaves the defaults to the server');
  assert.deepEqual(advancedSent({ ...newApp, idTokenSignedResponseAlg: 'RS256', accessTokenLifetimeSeconds: ' 600 ' }), ['idTokenSignedResponseAlg', 'accessTokenLifetimeSeconds']);
  assert.equal(applicationBody({ ...newApp, accessTokenLifetimeSeconds: ' 600 ' }).body.accessTokenLifetimeSeconds, 600);
  assert.deepEqual(checkApplication({ ...newApp, accessTokenLifetimeSeconds: '59', refreshTokenLifetimeSeconds: 'a week' }, false), {
    accessTokenLifetimeSeconds: { key: 'validation.range', vars: { min: 60, max: 3600 } },
    refreshTokenLifetimeSeconds: { key: 'validation.range', vars: { min: 3600, max: 2592000 } },
  });
  const pkjwt = { ...newApp, tokenEndpointAuthMethod: 'private_key_jwt' as const };
  assert.deepEqual(checkApplication(pkjwt, false), { jwks: 'validation.jwksMissing' });
  assert.deepEqual(checkApplication({ ...pkjwt, jwks: '{"keys": ' }, false), { jwks: 'validation.jwks' });
  assert.deepEqual(checkApplication({ ...pkjwt, jwksUri: 'http://rp.example.com/jwks', jwks: '{"keys": []}' }, false), { jwksUri: 'validation.uri.https' });
  assert.deepEqual(checkApplication({ ...newApp, backchannelLogoutUri: 'https://rp.example.com/bc#x', offlineAccessWithoutConsent: true }, false), {
    backchannelLogoutUri: 'validation.uri.fragment',
    offlineAccessWithoutConsent: 'validation.firstPartyOnly',
  });
  assert.deepEqual(applicationBody({ ...pkjwt, jwks: '{"keys": [{"kty": "EC"}]}' }).body.jwks, { keys: [{ kty: 'EC' }] });
  assert.equal(applicationBody(pkjwt).rowKey('jwks.keys.0'), 'jwks', "the server's answer about a key lands beside the JWK Set");

  const app: OidcApplication = {
    id: 'app_2', protocol: 'oidc', kind: 'oidc', builtIn: false, name: 'Pub', description: '', logoUrl: null, secondFactor: { mode: 'never', methods: [], rememberDays: 30, enroll: true, factors: ['totp', 'passkey'] }, inPortal: false, clientId: 'c', clientType: 'public', hasSecret: false,
    redirectUris: ['https://pub.example.com/cb'], postLogoutRedirectUris: [], firstParty: false, createdAt: '', updatedAt: '',
    ...advancedSettingsOf('{}', 'public'),
  };
  assert.deepEqual(applicationBody({ ...applicationForm(app), clientType: 'confidential' }, app).body, { clientType: 'confidential', pkceRequired: true }, 'made confidential: PKCE stays as the page shows it, the method is the default');
  assert.deepEqual(applicationBody({ ...applicationForm(app), parRequired: true }, app).body, { parRequired: true });
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

test('a CAS application: at least one service URL, prefixes ending a path, only what changed sent, and the server\'s /services/N lands on its row', () => {
  const cas = { ...NEW_APPLICATION, protocol: 'cas', name: 'Campus' };
  assert.deepEqual(checkApplication({ ...cas, services: [{ url: '', match: 'prefix' }] }, false), { services: 'validation.cas.noService' });
  assert.deepEqual(checkApplication({ ...cas, services: [{ url: 'https://a.example/app', match: 'prefix' }, { url: 'http://a.example/', match: 'exact' }] }, false), {
    'services.0.url': 'validation.cas.prefix',
    'services.1.url': 'validation.uri.https',
  });
  const sent = applicationBody({ ...cas, services: [{ url: '', match: 'prefix' }, { url: ' https://a.example/ ', match: 'prefix' }] });
  assert.equal('clientType' in sent.body, false, 'nothing of OpenID Connect');
  assert.deepEqual(sent.body, { name: 'Campus', description: '', logoUrl: null, inPortal: false, protocol: 'cas', services: [{ url: 'https://a.example/', match: 'prefix' }], userField: 'username', attributes: ['displayName', 'email'] });
  assert.equal(sent.rowKey('services.0.url'), 'services.1.url');

  const app: CasApplication = {
    id: 'app_cas', protocol: 'cas', kind: 'cas', builtIn: false, name: 'Campus', description: '', logoUrl: null, secondFactor: { mode: 'never', methods: [], rememberDays: 30, enroll: true, factors: ['totp', 'passkey'] }, inPortal: false,
    services: [{ url: 'https://a.example/', match: 'prefix' }], userField: 'username', attributes: ['email'], createdAt: '', updatedAt: '',
  };
  assert.deepEqual(applicationBody(applicationForm(app), app).body, {});
  assert.deepEqual(applicationBody({ ...applicationForm(app), attributes: ['email', 'mobile'] }, app).body, { attributes: ['email', 'mobile'] });
});

test('a SAML application: an entity ID and an ACS URL, attribute names, a PEM certificate when requests must be signed, something signed', () => {
  const saml = { ...NEW_APPLICATION, protocol: 'saml', name: 'Expense' };
  assert.deepEqual(checkApplication(saml, false), { entityId: 'validation.required', acsUrls: 'validation.saml.noAcs' });
  const filledIn = { ...saml, entityId: ' https://sp.example.com/metadata ', acsUrls: ['', 'https://sp.example.com/acs'] };
  assert.deepEqual(checkApplication(filledIn, false), {});
  assert.deepEqual(checkApplication({ ...filledIn, acsUrls: ['http://sp.example.com/acs'], spCertificate: 'nope', signAssertion: false, signResponse: false }, false), {
    'acsUrls.0': 'validation.uri.https',
    spCertificate: 'validation.saml.certificate',
    signAssertion: 'validation.saml.nothingSigned',
  });
  assert.deepEqual(checkApplication({ ...filledIn, requireSignedRequests: true }, false), { spCertificate: 'validation.saml.certificateRequired' });
  const sent = applicationBody(filledIn);
  assert.equal(sent.body.entityId, 'https://sp.example.com/metadata');
  assert.deepEqual(sent.body.acsUrls, ['https://sp.example.com/acs']);
  assert.equal(sent.body.spCertificate, null);
  assert.equal(sent.rowKey('acsUrls.0'), 'acsUrls.1');
  assert.equal('services' in sent.body || 'clientType' in sent.body, false, 'nothing of another protocol');
});

test('a SAML application encrypting its assertion needs a PEM encryption certificate, sent only while encryption is on', () => {
  const saml = { ...NEW_APPLICATION, protocol: 'saml', name: 'Expense', entityId: 'https://sp.example.com/metadata', acsUrls: ['https://sp.example.com/acs'] };
  assert.deepEqual(checkApplication({ ...saml, encryptAssertion: true }, false), { encryptionCertificate: 'validation.saml.encryptionCertificateRequired' });
  assert.deepEqual(checkApplication({ ...saml, encryptAssertion: true, encryptionCertificate: 'nope' }, false), { encryptionCertificate: 'validation.saml.certificate' });
  assert.deepEqual(checkApplication({ ...saml, encryptionCertificate: 'nope' }, false), {}, 'hidden while off: not checked');
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
  const on = applicationBody({ ...saml, encryptAssertion: true, encryptionCertificate: ` ${pem} ` }).body;
  assert.equal(on.encryptAssertion, true);
  assert.equal(on.encryptionCertificate, pem);
  const off = applicationBody({ ...saml, encryptionCertificate: pem }).body;
  assert.equal(off.encryptAssertion, false);
  assert.equal('encryptionCertificate' in off, false, 'off: the certificate is left as the server has it');
});
