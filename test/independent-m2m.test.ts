/**
 * Machine-to-machine clients Portico did not write, each getting an access token for a registered API
 * with client credentials as its own documentation says to, and the token then checked the way the
 * API (a resource server) would: Authlib with PyJWT (Debian's python3 packages, test/rp/) and
 * simple-oauth2's ClientCredentials with jose (npm).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { ClientCredentials } from 'simple-oauth2';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { pythonRps, runPythonRp } from './helpers/independent-rp.ts';

const V1 = '/api/admin/v1';

describeEachDialect('Independent machine-to-machine clients', (dialect) => {
  let node: TestNode;
  let admin: string;
  let issuer: string;
  let api: { id: string; identifier: string };

  before(async () => {
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
    issuer = `${node.url}/oidc`;
    const registered = await node.api('POST', `${V1}/apis`, {
      token: admin,
      body: { name: 'Inventory', identifier: 'https://inventory.example.com/api', scopes: [{ name: 'stock:read', description: 'Read stock' }, { name: 'stock:write', description: 'Change stock' }], accessTokenLifetimeSeconds: 600, signingAlg: 'PS256' },
    });
    assert.equal(registered.status, 201, JSON.stringify(registered.body));
    api = registered.body;
  });
  after(() => node?.close());

  /** A machine-to-machine application that may be granted stock:read (not stock:write). */
  async function machine() {
    const res = await node.api('POST', `${V1}/applications`, {
      token: admin,
      body: { name: 'Stock sync', clientType: 'machine', redirectUris: [], apiAccess: [{ apiId: api.id, scopes: ['stock:read'] }] },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return { clientId: res.body.application.clientId as string, clientSecret: res.body.clientSecret as string };
  }

  test("Authlib with PyJWT: client credentials with resource=, the at+jwt checked against the JWKS as the API would (typ, alg, aud, iss, exp)", pythonRps, async () => {
    const app = await machine();
    const done = await runPythonRp('authlib_client_credentials.py', [issuer, app.clientId, app.clientSecret, api.identifier, 'stock:read', 'PS256']);
    assert.deepEqual(
      [done.token_type, done.expires_in, done.alg, done.sub, done.client_id, done.aud, done.scope, done.lifetime],
      ['Bearer', 600, 'PS256', app.clientId, app.clientId, api.identifier, 'stock:read', 600],
    );
  });

  test('simple-oauth2 ClientCredentials with jose: the token for the API; a scope it may not be granted is refused', async () => {
    const app = await machine();
    const meta = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    const client = new ClientCredentials({ client: { id: app.clientId, secret: app.clientSecret }, auth: { tokenHost: node.url, tokenPath: new URL(meta.token_endpoint).pathname } });
    // simple-oauth2 passes every parameter through: `resource` (RFC 8707) names the API.
    const token = await client.getToken({ scope: 'stock:read', resource: api.identifier });
    const accessToken = String(token.token.access_token);
    const { payload, protectedHeader } = await jwtVerify(accessToken, createRemoteJWKSet(new URL(meta.jwks_uri)), { issuer, audience: api.identifier, typ: 'at+jwt', algorithms: ['PS256'] });
    assert.deepEqual([payload.sub, payload.client_id, payload.scope, protectedHeader.alg], [app.clientId, app.clientId, 'stock:read', 'PS256']);
    assert.ok(typeof payload.jti === 'string' && payload.exp! - payload.iat! === 600);

    const refused = await client.getToken({ scope: 'stock:write', resource: api.identifier }).then(
      () => undefined,
      (error: { data?: { payload?: { error?: string } } }) => error.data?.payload?.error,
    );
    assert.equal(refused, 'invalid_scope');
  });
});
