/**
 * The admin API for registered APIs (resource servers) and what applications may be granted of them,
 * on both databases: every bad input refused with its code beside its field and nothing written; an API
 * or scope still granted is not deleted; roles as for applications; every change audited.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';

const V1 = '/api/admin/v1';
const problem = (res: { status: number; body: { code?: string; field?: string } }) => [res.status, res.body.code, res.body.field];

describeEachDialect('Admin API: registered APIs', (dialect) => {
  let node: TestNode;
  let admin: string;

  before(async () => {
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
  });
  after(() => node?.close());

  const create = (body: Record<string, unknown>, token = admin) => node.api('POST', `${V1}/apis`, { token, body });
  const count = async () => (await node.api('GET', `${V1}/apis`, { token: admin })).body.items.length;
  let n = 0;
  const fresh = () => `https://api${++n}.example.com/v1`;

  test('an API is registered with its scopes and defaults, listed, changed and deleted, each change audited', async () => {
    const created = await create({ name: ' Orders ', identifier: 'https://orders.example.com', description: 'Order book', scopes: [{ name: 'orders:read', description: 'Read orders' }] });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const api = created.body;
    assert.deepEqual(
      [api.name, api.identifier, api.description, api.scopes, api.accessTokenLifetimeSeconds, api.signingAlg],
      ['Orders', 'https://orders.example.com', 'Order book', [{ name: 'orders:read', description: 'Read orders' }], 900, 'ES256'],
    );
    assert.match(api.id, /^api_/);
    assert.ok((await node.api('GET', `${V1}/apis`, { token: admin })).body.items.some((a: { id: string }) => a.id === api.id));
    const local = await create({ name: 'Local', identifier: 'http://localhost:8080/api', signingAlg: 'PS256', accessTokenLifetimeSeconds: 60 });
    assert.equal(local.status, 201, 'http on a loopback host, as for redirect URIs');

    const changed = await node.api('PATCH', `${V1}/apis/${api.id}`, { token: admin, body: { scopes: [{ name: 'orders:read', description: 'Read orders' }, { name: 'orders:write', description: '' }], accessTokenLifetimeSeconds: 3600 } });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.deepEqual(changed.body.scopes.map((s: { name: string }) => s.name), ['orders:read', 'orders:write']);
    assert.equal((await node.api('GET', `${V1}/apis/${api.id}`, { token: admin })).body.accessTokenLifetimeSeconds, 3600);

    assert.equal((await node.api('DELETE', `${V1}/apis/${api.id}`, { token: admin })).status, 204);
    assert.deepEqual(problem(await node.api('GET', `${V1}/apis/${api.id}`, { token: admin })), [404, 'api.not_found', undefined]);
    const audit = (await node.api('GET', `${V1}/audit-events?targetId=${api.id}`, { token: admin })).body;
    const actions = (audit.items ?? []).filter((e: { target?: { id: string } }) => e.target?.id === api.id).map((e: { action: string }) => e.action).sort();
    assert.deepEqual(actions, ['api.create', 'api.delete', 'api.update']);
  });

  test('every bad input is refused with its code beside its field, and nothing is written', async () => {
    const taken = await create({ name: 'Taken', identifier: 'https://taken.example.com' });
    assert.equal(taken.status, 201);
    const before = await count();
    const scope = (name: string) => ({ name, description: '' });
    const cases: [Record<string, unknown>, unknown[]][] = [
      [{ name: 'Again', identifier: 'https://taken.example.com' }, [409, 'api.identifier_taken', '/identifier']],
      [{ name: 'Fragment', identifier: 'https://x.example.com/api#frag' }, [400, 'api.invalid_identifier', '/identifier']],
      [{ name: 'Relative', identifier: '/api' }, [400, 'api.invalid_identifier', '/identifier']],
      [{ name: 'URN', identifier: 'urn:example:api' }, [400, 'api.invalid_identifier', '/identifier']],
      [{ name: 'Plain http', identifier: 'http://api.example.com' }, [400, 'api.invalid_identifier', '/identifier']],
      [{ name: 'Credentials', identifier: 'https://user:pw@api.example.com' }, [400, 'api.invalid_identifier', '/identifier']],
      [{ name: 'Space', identifier: fresh(), scopes: [scope('read orders')] }, [400, 'api.invalid_scope_name', '/scopes/0/name']],
      [{ name: 'Quote', identifier: fresh(), scopes: [scope('ok'), scope('a"b')] }, [400, 'api.invalid_scope_name', '/scopes/1/name']],
      [{ name: 'Backslash', identifier: fresh(), scopes: [scope('a\\b')] }, [400, 'api.invalid_scope_name', '/scopes/0/name']],
      [{ name: 'Non-ASCII', identifier: fresh(), scopes: [scope('订单')] }, [400, 'api.invalid_scope_name', '/scopes/0/name']],
      [{ name: 'Empty scope', identifier: fresh(), scopes: [scope('')] }, [400, 'request.too_short', '/scopes/0/name']],
      [{ name: 'OIDC', identifier: fresh(), scopes: [scope('openid')] }, [400, 'api.reserved_scope_name', '/scopes/0/name']],
      [{ name: 'OIDC profile', identifier: fresh(), scopes: [scope('profile')] }, [400, 'api.reserved_scope_name', '/scopes/0/name']],
      [{ name: 'Twice', identifier: fresh(), scopes: [scope('read'), scope('write'), scope('read')] }, [400, 'api.duplicate_scope', '/scopes/2/name']],
      [{ name: 'Short', identifier: fresh(), accessTokenLifetimeSeconds: 59 }, [400, 'request.out_of_range', '/accessTokenLifetimeSeconds']],
      [{ name: 'Long', identifier: fresh(), accessTokenLifetimeSeconds: 3601 }, [400, 'request.out_of_range', '/accessTokenLifetimeSeconds']],
      [{ name: 'HS256', identifier: fresh(), signingAlg: 'HS256' }, [400, 'request.invalid_value', '/signingAlg']],
      [{ name: 'none', identifier: fresh(), signingAlg: 'none' }, [400, 'request.invalid_value', '/signingAlg']],
      [{ name: '   ', identifier: fresh() }, [400, 'api.invalid_name', '/name']],
      [{ identifier: fresh() }, [400, 'request.missing_field', '/name']],
      [{ name: 'Unknown field', identifier: fresh(), audience: 'x' }, [400, 'request.unknown_field', '/audience']],
    ];
    for (const [body, expected] of cases) assert.deepEqual(problem(await create(body)), expected, JSON.stringify(body));
    assert.equal(await count(), before);
    const other = (await create({ name: 'Other', identifier: fresh() })).body;
    assert.deepEqual(problem(await node.api('PATCH', `${V1}/apis/${other.id}`, { token: admin, body: { identifier: 'https://taken.example.com' } })), [409, 'api.identifier_taken', '/identifier']);
    assert.deepEqual(problem(await node.api('PATCH', `${V1}/apis/${other.id}`, { token: admin, body: {} })), [400, 'request.invalid', '/']);
    assert.deepEqual(problem(await node.api('PATCH', `${V1}/apis/api_missing`, { token: admin, body: { name: 'x' } })), [404, 'api.not_found', undefined]);
  });

  test("an application's API access: only registered APIs and their scopes; a granted API or scope is not deleted until taken away", async () => {
    const api = (await create({ name: 'Stock', identifier: fresh(), scopes: [{ name: 'stock:read', description: 'Read stock' }, { name: 'stock:write', description: 'Change stock' }] })).body;
    const other = (await create({ name: 'Other', identifier: fresh(), scopes: [{ name: 'other:read', description: '' }] })).body;
    const app = (await node.api('POST', `${V1}/applications`, { token: admin, body: { name: 'Warehouse robot', clientType: 'machine', redirectUris: [], apiAccess: [{ apiId: api.id, scopes: ['stock:read'] }] } })).body.application;
    assert.deepEqual((await node.api('GET', `${V1}/applications/${app.id}/api-access`, { token: admin })).body, { applicationId: app.id, apis: [{ apiId: api.id, scopes: ['stock:read'] }] });

    const patch = (apiAccess: unknown) => node.api('PATCH', `${V1}/applications/${app.id}`, { token: admin, body: { apiAccess } });
    const bad: [unknown, unknown[]][] = [
      [[{ apiId: 'api_missing', scopes: [] }], [400, 'api_access.unknown_api', '/apiAccess/0/apiId']],
      [[{ apiId: api.id, scopes: ['stock:read'] }, { apiId: api.id, scopes: [] }], [400, 'api_access.duplicate_api', '/apiAccess/1/apiId']],
      [[{ apiId: api.id, scopes: ['stock:read', 'other:read'] }], [400, 'api_access.unknown_scope', '/apiAccess/0/scopes/1']],
      [[{ apiId: api.id, scopes: ['stock:read', 'stock:read'] }], [400, 'api_access.unknown_scope', '/apiAccess/0/scopes/1']],
      [[{ apiId: api.id }], [400, 'request.missing_field', '/apiAccess/0/scopes']],
    ];
    for (const [body, expected] of bad) assert.deepEqual(problem(await patch(body)), expected, JSON.stringify(body));
    assert.deepEqual((await node.api('GET', `${V1}/applications/${app.id}/api-access`, { token: admin })).body.apis, [{ apiId: api.id, scopes: ['stock:read'] }], 'unchanged');

    const deleting = await node.api('DELETE', `${V1}/apis/${api.id}`, { token: admin });
    assert.deepEqual([...problem(deleting), deleting.body.applicationIds], [409, 'api.in_use', undefined, [app.id]]);
    const removing = await node.api('PATCH', `${V1}/apis/${api.id}`, { token: admin, body: { scopes: [{ name: 'stock:write', description: '' }] } });
    assert.deepEqual(problem(removing), [409, 'api.scope_in_use', '/scopes']);
    assert.deepEqual([removing.body.scope, removing.body.applicationId], ['stock:read', app.id], 'the problem names the scope and the application');

    assert.equal((await patch([{ apiId: other.id, scopes: ['other:read'] }])).status, 200);
    assert.equal((await node.api('DELETE', `${V1}/apis/${api.id}`, { token: admin })).status, 204, 'no longer granted: deleted');
    assert.equal((await node.api('DELETE', `${V1}/applications/${app.id}`, { token: admin })).status, 204);
    assert.equal((await node.api('DELETE', `${V1}/apis/${other.id}`, { token: admin })).status, 204, "deleting the application took its grants with it");

    const userCenter = (await node.api('GET', `${V1}/applications`, { token: admin })).body.items.find((a: { builtIn: boolean }) => a.builtIn);
    assert.deepEqual(problem(await node.api('PATCH', `${V1}/applications/${userCenter.id}`, { token: admin, body: { apiAccess: [] } })), [400, 'application.builtin_field', '/apiAccess']);
  });

  test('a machine-to-machine application has no redirect or logout URIs', async () => {
    const make = (body: Record<string, unknown>) => node.api('POST', `${V1}/applications`, { token: admin, body: { name: 'Robot', clientType: 'machine', redirectUris: [], ...body } });
    assert.deepEqual(problem(await make({ redirectUris: ['https://robot.example.com/cb'] })), [400, 'application.machine_uris', '/redirectUris']);
    assert.deepEqual(problem(await make({ postLogoutRedirectUris: ['https://robot.example.com/out'] })), [400, 'application.machine_uris', '/postLogoutRedirectUris']);
    assert.deepEqual(problem(await make({ tokenEndpointAuthMethod: 'none' })), [400, 'application.auth_method_client_type', '/tokenEndpointAuthMethod']);
    const web = (await node.api('POST', `${V1}/applications`, { token: admin, body: { name: 'Web', redirectUris: ['https://web.example.com/cb'] } })).body;
    const toMachine = await node.api('PATCH', `${V1}/applications/${web.application.id}`, { token: admin, body: { clientType: 'machine' } });
    assert.deepEqual(problem(toMachine), [400, 'application.machine_uris', '/redirectUris'], 'its URIs go first');
    const moved = await node.api('PATCH', `${V1}/applications/${web.application.id}`, { token: admin, body: { clientType: 'machine', redirectUris: [] } });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.deepEqual([moved.body.application.clientType, moved.body.application.hasSecret, moved.body.clientSecret], ['machine', true, undefined], 'the confidential client keeps its secret');
    const rotated = await node.api('POST', `${V1}/applications/${web.application.id}/secret`, { token: admin });
    assert.ok(rotated.body.clientSecret, 'a machine client renews its secret');
  });

  test('roles as for applications: application admins write, auditors read only', async () => {
    const appAdmin = await node.tokenFor('app_admin');
    const auditor = await node.tokenFor('auditor');
    const made = await create({ name: 'By app admin', identifier: fresh() }, appAdmin);
    assert.equal(made.status, 201);
    assert.equal((await node.api('GET', `${V1}/apis`, { token: auditor })).status, 200);
    assert.deepEqual(problem(await create({ name: 'By auditor', identifier: fresh() }, auditor)), [403, 'admin.forbidden', undefined]);
    assert.deepEqual(problem(await node.api('DELETE', `${V1}/apis/${made.body.id}`, { token: auditor })), [403, 'admin.forbidden', undefined]);
    assert.deepEqual(problem(await node.api('GET', `${V1}/apis`)), [401, 'admin.unauthenticated', undefined]);
  });
});
