import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { USER_CENTER_APP_ID } from '../src/store/well-known.ts';
import type { Database } from '../src/store/schema.ts';

const V1 = '/api/admin/v1';
const TABLES: (keyof Database)[] = ['users', 'org_units', 'applications', 'login_configurations', 'auth_sources', 'bindings', 'admins', 'audit_events'];

interface Case {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  rawBody?: string;
  contentType?: string;
  status: number;
  code: string;
  field?: string;
}

const dingtalk = (config: Record<string, unknown>, name = 'Another DingTalk') => ({
  type: 'dingtalk',
  name,
  config: { appKey: 'key', appSecret: 'secret', ...config },
});

const CASES: Case[] = [
  { name: 'malformed JSON', method: 'POST', path: '/users', rawBody: '{"username":', contentType: 'application/json', status: 400, code: 'request.malformed_json' },
  { name: 'a body that is not JSON', method: 'POST', path: '/users', rawBody: 'username=x', contentType: 'text/plain', status: 415, code: 'request.unsupported_media_type' },
  { name: 'an empty JSON body', method: 'POST', path: '/users', rawBody: '', contentType: 'application/json', status: 400, code: 'request.empty_body' },
  { name: 'a wrong type', method: 'POST', path: '/users', body: { username: 'typed', displayName: 5 }, status: 400, code: 'request.wrong_type', field: '/displayName' },
  { name: 'a number as a string', method: 'PATCH', path: '/users/{user}', body: { status: 1 }, status: 400, code: 'request.wrong_type', field: '/status' },
  { name: 'an unknown field', method: 'POST', path: '/users', body: { username: 'extra', displayName: 'X', isAdmin: true }, status: 400, code: 'request.unknown_field', field: '/isAdmin' },
  { name: 'a missing field', method: 'POST', path: '/users', body: { username: 'nodisplay' }, status: 400, code: 'request.missing_field', field: '/displayName' },
  { name: 'an over-long string', method: 'POST', path: '/users', body: { username: 'long', displayName: 'x'.repeat(101) }, status: 400, code: 'request.too_long', field: '/displayName' },
  { name: 'an over-long username', method: 'POST', path: '/users', body: { username: 'u'.repeat(65), displayName: 'X' }, status: 400, code: 'request.too_long', field: '/username' },
  { name: 'a bad username', method: 'POST', path: '/users', body: { username: 'has space', displayName: 'X' }, status: 400, code: 'request.invalid_format', field: '/username' },
  { name: 'a bad phone number', method: 'POST', path: '/users', body: { username: 'phone', displayName: 'X', mobile: '12-34' }, status: 400, code: 'user.invalid_mobile', field: '/mobile' },
  { name: 'a bad email', method: 'POST', path: '/users', body: { username: 'mail', displayName: 'X', email: 'nope' }, status: 400, code: 'user.invalid_email', field: '/email' },
  { name: 'a too-short password', method: 'POST', path: '/users', body: { username: 'pw', displayName: 'X', password: 'short' }, status: 400, code: 'request.too_short', field: '/password' },
  { name: 'an unknown org unit', method: 'POST', path: '/users', body: { username: 'ou', displayName: 'X', orgUnitId: 'ou_nope' }, status: 400, code: 'org_unit.unknown', field: '/orgUnitId' },
  { name: 'a duplicate username (any case)', method: 'POST', path: '/users', body: { username: 'TAKEN', displayName: 'X' }, status: 409, code: 'user.username_taken', field: '/username' },
  { name: 'a duplicate mobile in another format', method: 'POST', path: '/users', body: { username: 'dupmobile', displayName: 'X', mobile: '+86 13900000000' }, status: 409, code: 'user.mobile_taken', field: '/mobile' },
  { name: 'a duplicate email in another case', method: 'POST', path: '/users', body: { username: 'dupmail', displayName: 'X', email: 'TAKEN@example.com' }, status: 409, code: 'user.email_taken', field: '/email' },
  { name: 'a duplicate via update', method: 'PATCH', path: '/users/{user}', body: { username: 'taken' }, status: 409, code: 'user.username_taken', field: '/username' },
  { name: 'an empty change', method: 'PATCH', path: '/users/{user}', body: {}, status: 400, code: 'request.invalid' },
  { name: 'an unknown user', method: 'GET', path: '/users/usr_nope', status: 404, code: 'user.not_found' },
  { name: 'a change to an unknown user', method: 'PATCH', path: '/users/usr_nope', body: { displayName: 'X' }, status: 404, code: 'user.not_found' },
  { name: 'deleting an unknown user', method: 'DELETE', path: '/users/usr_nope', status: 404, code: 'user.not_found' },
  { name: 'an unknown application', method: 'GET', path: '/applications/app_nope', status: 404, code: 'application.not_found' },
  { name: 'a login configuration of an unknown application', method: 'PUT', path: '/applications/app_nope/login-configuration', body: { sources: [] }, status: 404, code: 'application.not_found' },
  { name: 'an unknown source in a login configuration', method: 'PUT', path: `/applications/${USER_CENTER_APP_ID}/login-configuration`, body: { sources: ['src_password', 'src_nope'] }, status: 400, code: 'login_configuration.unknown_source', field: '/sources/1' },
  { name: 'a source listed twice', method: 'PUT', path: `/applications/${USER_CENTER_APP_ID}/login-configuration`, body: { sources: ['src_password', 'src_password'] }, status: 400, code: 'login_configuration.duplicate_source', field: '/sources/1' },
  { name: 'an http redirect URI off localhost', method: 'POST', path: '/applications', body: { name: 'Bad', redirectUris: ['http://evil.example/cb'] }, status: 400, code: 'application.invalid_redirect_uri', field: '/redirectUris/0' },
  { name: 'a redirect URI with a fragment', method: 'POST', path: '/applications', body: { name: 'Bad', redirectUris: ['https://x.example/cb#frag'] }, status: 400, code: 'application.invalid_redirect_uri', field: '/redirectUris/0' },
  { name: "the User Center's redirect URIs", method: 'PATCH', path: `/applications/${USER_CENTER_APP_ID}`, body: { redirectUris: ['https://x.example/cb'] }, status: 400, code: 'application.builtin_field', field: '/redirectUris' },
  { name: 'an unknown source type', method: 'POST', path: '/sources', body: { type: 'ldap', name: 'LDAP' }, status: 400, code: 'request.invalid_value', field: '/type' },
  { name: 'a DingTalk source without AppKey', method: 'POST', path: '/sources', body: { type: 'dingtalk', name: 'No key', config: { appSecret: 's' } }, status: 400, code: 'request.missing_field', field: '/config/appKey' },
  { name: 'a DingTalk source with an unknown policy', method: 'POST', path: '/sources', body: dingtalk({ notAssociated: 'maybe' }), status: 400, code: 'request.invalid_value', field: '/config/notAssociated' },
  { name: 'a DingTalk source with a bad API URL', method: 'POST', path: '/sources', body: dingtalk({ endpoints: { login: 'https://l.example', api: 'not a url', oapi: 'https://o.example' } }), status: 400, code: 'request.invalid_format', field: '/config/endpoints/api' },
  { name: 'a DingTalk source matching mobile with email', method: 'POST', path: '/sources', body: dingtalk({ sourceAttribute: 'mobile', userAttribute: 'email' }), status: 400, code: 'source.incompatible_attributes', field: '/config/userAttribute' },
  { name: '"create a new account" without an org unit', method: 'POST', path: '/sources', body: dingtalk({ notAssociated: 'create_user' }), status: 400, code: 'source.org_unit_required', field: '/config/notAssociatedOrgUnitId' },
  { name: '"create a new account" into an unknown org unit', method: 'POST', path: '/sources', body: dingtalk({ notAssociated: 'create_user', notAssociatedOrgUnitId: 'ou_nope' }), status: 400, code: 'org_unit.unknown', field: '/config/notAssociatedOrgUnitId' },
  { name: 'a duplicate source name', method: 'POST', path: '/sources', body: dingtalk({}, 'Existing DingTalk'), status: 409, code: 'source.name_taken', field: '/name' },
  { name: 'a second SMS source', method: 'POST', path: '/sources', body: { type: 'sms', name: 'SMS 2' }, status: 409, code: 'source.singleton', field: '/type' },
  { name: 'a bad change to a source', method: 'PATCH', path: '/sources/{source}', body: { config: { timeoutMs: 'soon' } }, status: 400, code: 'request.wrong_type', field: '/config/timeoutMs' },
  { name: 'an unknown field in a source change', method: 'PATCH', path: '/sources/{source}', body: { config: { colour: 'red' } }, status: 400, code: 'request.unknown_field', field: '/config/colour' },
  { name: 'deleting a built-in source', method: 'DELETE', path: '/sources/src_password', status: 409, code: 'source.builtin' },
  { name: 'a page size over the limit', method: 'GET', path: '/users?pageSize=1000', status: 400, code: 'request.out_of_range', field: '/querystring/pageSize' },
  { name: 'an unknown status filter', method: 'GET', path: '/users?status=bogus', status: 400, code: 'request.invalid_value', field: '/querystring/status' },
  { name: 'an unknown query parameter', method: 'GET', path: '/users?sort=name', status: 400, code: 'request.unknown_field', field: '/querystring/sort' },
  { name: 'an org unit moved under itself', method: 'PATCH', path: '/org-units/{unit}', body: { parentId: '{unit}' }, status: 400, code: 'org_unit.cycle', field: '/parentId' },
  { name: 'deleting the root org unit', method: 'DELETE', path: '/org-units/ou_root', status: 409, code: 'org_unit.root_undeletable' },
  { name: 'an unknown route', method: 'GET', path: '/nothing-here', status: 404, code: 'route.not_found' },
];

describeEachDialect('Enterprise Center API, bad input', (dialect) => {
  let node: TestNode;
  let token: string;
  const refs: Record<string, string> = {};

  const snapshot = async () => {
    const counts: Record<string, number> = {};
    for (const table of TABLES) {
      const row = await node.portico.store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      counts[table] = Number(row.n);
    }
    const users = await node.portico.store.db.selectFrom('users').selectAll().orderBy('id').execute();
    const sources = await node.portico.store.db.selectFrom('auth_sources').select(['id', 'name', 'config']).orderBy('id').execute();
    return JSON.stringify({ counts, users, sources });
  };

  before(async () => {
    node = await startNode(dialect);
    token = await node.tokenFor('super_admin');
    const user = await node.api('POST', `${V1}/users`, { token, body: { username: 'taken', displayName: 'Taken', mobile: '13900000000', email: 'taken@example.com' } });
    const other = await node.api('POST', `${V1}/users`, { token, body: { username: 'other', displayName: 'Other' } });
    const source = await node.api('POST', `${V1}/sources`, { token, body: dingtalk({}, 'Existing DingTalk') });
    const unit = await node.api('POST', `${V1}/org-units`, { token, body: { name: 'Engineering' } });
    assert.deepEqual([user.status, other.status, source.status, unit.status], [201, 201, 201, 201]);
    refs.user = other.body.id;
    refs.source = source.body.id;
    refs.unit = unit.body.id;
  });
  after(() => node?.close());

  for (const c of CASES) {
    test(`${c.name} → ${c.status} ${c.code}, nothing written`, async () => {
      const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, k) => refs[k]);
      const before = await snapshot();
      const res = await node.api(c.method, V1 + fill(c.path), {
        token,
        body: c.body === undefined ? undefined : JSON.parse(fill(JSON.stringify(c.body))),
        rawBody: c.rawBody,
        headers: c.contentType ? { 'content-type': c.contentType } : undefined,
      });
      assert.equal(res.status, c.status, JSON.stringify(res.body));
      assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.equal(res.body.code, c.code, JSON.stringify(res.body));
      assert.equal(res.body.status, c.status);
      assert.ok(res.body.detail, 'a human-readable detail');
      if (c.field) assert.equal(res.body.field, c.field);
      assert.equal(await snapshot(), before, 'no row changed');
    });
  }
});
