import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { PorticoError } from '../../errors.ts';
import { createSecretBox } from '../../crypto/secret-box.ts';
import type { ApplicationTable } from '../../store/schema.ts';
import { oidcProtocol } from './protocol.ts';
import { openClientSecret } from './client-secret.ts';
import { advancedSettingsOf } from './advanced-defaults.ts';

const secretBox = createSecretBox(randomBytes(32));
const c = { applicationId: 'app_hr', secretBox };
const rowOf = (columns: Partial<ApplicationTable>, base?: ApplicationTable): ApplicationTable =>
  ({ ...(base ?? { id: 'app_hr', protocol: 'oidc', built_in: 0, kind: 'oidc', name: 'HR', description: '', logo_url: null, created_at: '', updated_at: '' }), ...columns }) as ApplicationTable;
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof PorticoError) return error;
    throw error;
  }
  assert.fail('accepted');
};

test('a new application is a confidential client by default: a random client id, a secret issued once and kept sealed', () => {
  const { columns, secret } = oidcProtocol.create({ redirectUris: ['https://hr.example.com/cb'] }, c);
  assert.match(columns.client_id, /^[A-Za-z0-9_-]{16}$/);
  assert.equal(columns.client_type, 'confidential');
  assert.ok(secret && secret.length >= 43, 'a 256-bit secret');
  assert.ok(!columns.client_secret_enc!.includes(secret!), 'sealed, not in clear');
  const row = rowOf(columns);
  assert.equal(openClientSecret(secretBox, row), secret);
  assert.deepEqual(oidcProtocol.view(row), {
    clientId: columns.client_id,
    clientType: 'confidential',
    hasSecret: true,
    redirectUris: ['https://hr.example.com/cb'],
    postLogoutRedirectUris: [],
    firstParty: false,
    // The advanced settings, with Portico's defaults: nothing is stored for them yet.
    ...advancedSettingsOf('{}', 'confidential'),
  });
  assert.equal(columns.protocol_settings, '{}', 'defaults are not stored, so they follow Portico');
  assert.deepEqual(Object.keys(oidcProtocol.view(row)).sort(), Object.keys(oidcProtocol.viewSchema.properties).sort(), 'the view is what its schema documents');
  assert.notEqual(oidcProtocol.create({ redirectUris: [] }, c).columns.client_id, columns.client_id);
});

test('a public client has no secret, and cannot be given one by rotation', () => {
  const { columns, secret } = oidcProtocol.create({ clientType: 'public', redirectUris: [], firstParty: true }, c);
  assert.equal(secret, undefined);
  assert.equal(columns.client_secret_enc, null);
  assert.equal(columns.first_party, 1);
  assert.equal(refusal(() => oidcProtocol.rotateSecret!(rowOf(columns), c)).code, 'application.public_client');
});

test('redirect URIs follow the rules, reported against the field and row', () => {
  const bad = refusal(() => oidcProtocol.create({ redirectUris: ['https://ok.example/cb', 'http://evil.example/cb'] }, c));
  assert.equal(bad.code, 'application.invalid_redirect_uri');
  assert.equal(bad.field, '/redirectUris/1');
  const twice = refusal(() => oidcProtocol.change(rowOf({}), { postLogoutRedirectUris: ['https://a.example/', 'https://a.example/'] }, c));
  assert.equal(twice.code, 'application.duplicate_redirect_uri');
  assert.equal(twice.field, '/postLogoutRedirectUris/1');
});

test('a change writes only what it names; changing the client type drops or issues the secret', () => {
  const created = rowOf(oidcProtocol.create({ redirectUris: ['https://hr.example.com/cb'] }, c).columns);
  assert.deepEqual(oidcProtocol.change(created, {}, c), { columns: {} });
  assert.deepEqual(oidcProtocol.change(created, { clientType: 'confidential', firstParty: true }, c), { columns: { first_party: 1 } });
  const toPublic = oidcProtocol.change(created, { clientType: 'public' }, c);
  assert.deepEqual(toPublic, { columns: { client_type: 'public', client_secret_enc: null } });
  const publicRow = rowOf(toPublic.columns, created);
  const back = oidcProtocol.change(publicRow, { clientType: 'confidential' }, c);
  assert.equal(back.columns.client_type, 'confidential');
  assert.equal(openClientSecret(secretBox, rowOf(back.columns, publicRow)), back.secret);
  const rotated = oidcProtocol.rotateSecret!(created, c);
  assert.notEqual(rotated.secret, openClientSecret(secretBox, created));
});

test("what an administrator registers: the client ID and the provider's issuer and endpoints; a sign-in resumes at the provider's interaction", () => {
  const row = rowOf(oidcProtocol.create({ redirectUris: [] }, c).columns);
  const endpoints = Object.fromEntries(oidcProtocol.endpoints(row, 'https://id.example.com').map((e) => [e.key, e.value]));
  assert.deepEqual(endpoints, {
    clientId: row.client_id,
    issuer: 'https://id.example.com/oidc',
    discovery: 'https://id.example.com/oidc/.well-known/openid-configuration',
    authorization: 'https://id.example.com/oidc/auth',
    token: 'https://id.example.com/oidc/token',
    userinfo: 'https://id.example.com/oidc/me',
    jwks: 'https://id.example.com/oidc/jwks',
    endSession: 'https://id.example.com/oidc/session/end',
  });
  assert.equal(oidcProtocol.resumePath('abc'), '/oidc/interaction/abc');
});

test('a sign-in started at Portico continues at the initiate login URI with the issuer (Core §4), or nowhere when none is registered', () => {
  const without = rowOf(oidcProtocol.create({ redirectUris: [] }, c).columns);
  assert.equal(oidcProtocol.continueUrl(without, 'https://id.example.com'), undefined);
  const row = rowOf(oidcProtocol.create({ redirectUris: [], initiateLoginUri: 'https://hr.example.com/login?tenant=a&iss=stale' }, c).columns);
  const url = new URL(oidcProtocol.continueUrl(row, 'https://id.example.com')!);
  assert.equal(url.origin + url.pathname, 'https://hr.example.com/login');
  assert.deepEqual([...url.searchParams], [['tenant', 'a'], ['iss', 'https://id.example.com/oidc']], 'its own query kept, one iss: Portico’s');
  const refused = refusal(() => oidcProtocol.change(row, { initiateLoginUri: 'http://hr.example.com/login' }, c));
  assert.deepEqual([refused.code, refused.field], ['application.invalid_initiate_login_uri', '/initiateLoginUri']);
});
