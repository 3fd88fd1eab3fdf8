/**
 * Registered APIs as resource servers, end to end on both databases: a machine-to-machine application
 * gets a JWT access token (RFC 9068) with client credentials, authenticated by its secret or its own
 * key, and verified as an API would verify it (jose, the provider's JWKS); scopes and resources it may
 * not be granted are refused; a user-facing application asks for the API with `resource` (RFC 8707) in
 * the code flow, silently when first-party, on the consent page when third-party, while a token asked
 * without a resource still serves userinfo.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as client from 'openid-client';
import { createRemoteJWKSet, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify, type JWTPayload } from 'jose';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { authorizationRequest, authorize, createUser, registerApp, relyingParty, submitForm, tokenRequest, untilRedirect, type RegisteredApp } from './helpers/oidc.ts';
import { Browser } from './helpers/browser.ts';
import { PASSWORD_SOURCE_ID } from '../src/store/well-known.ts';

const V1 = '/api/admin/v1';
/** The claims RFC 9068 §2.2 requires of every JWT access token. */
const RFC_9068_CLAIMS = ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti'];

describeEachDialect('OpenID Connect: APIs as resources', (dialect) => {
  let node: TestNode;
  let admin: string;
  let issuer: string;
  let orders: { id: string; identifier: string };
  let reports: { id: string; identifier: string };

  /** Verifies a JWT access token as a resource server would: signature by the JWKS, typ, issuer, audience, expiry. */
  async function verifyAt(token: string, audience: string) {
    const jwks = createRemoteJWKSet(new URL(`${issuer}/jwks`));
    const { payload, protectedHeader } = await jwtVerify(token, jwks, { issuer, audience, typ: 'at+jwt' });
    for (const claim of RFC_9068_CLAIMS) assert.ok(payload[claim] !== undefined, `${claim} is present`);
    return { payload: payload as JWTPayload & { client_id: string; scope?: string }, header: protectedHeader };
  }

  const registerApi = async (body: Record<string, unknown>) => {
    const res = await node.api('POST', `${V1}/apis`, { token: admin, body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { id: string; identifier: string };
  };

  const machineApp = async (settings: Record<string, unknown> = {}) => {
    const res = await node.api('POST', `${V1}/applications`, {
      token: admin,
      body: { name: 'Nightly sync', clientType: 'machine', redirectUris: [], apiAccess: [{ apiId: orders.id, scopes: ['orders:read', 'orders:write'] }], ...settings },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return { id: res.body.application.id as string, clientId: res.body.application.clientId as string, clientSecret: res.body.clientSecret as string | undefined };
  };

  before(async () => {
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
    issuer = `${node.url}/oidc`;
    orders = await registerApi({
      name: 'Orders',
      identifier: 'https://orders.example.com/api',
      scopes: [
        { name: 'orders:read', description: 'Read your orders' },
        { name: 'orders:write', description: 'Place orders' },
        { name: 'orders:admin', description: 'Manage every order' },
      ],
      accessTokenLifetimeSeconds: 300,
    });
    reports = await registerApi({ name: 'Reports', identifier: 'https://reports.example.com', scopes: [{ name: 'reports:read', description: 'Read reports' }], signingAlg: 'RS256' });
  });
  after(() => node?.close());

  test('discovery lists client credentials among the grant types', async () => {
    const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
    assert.ok(discovery.grant_types_supported.includes('client_credentials'), JSON.stringify(discovery.grant_types_supported));
    assert.ok(discovery.grant_types_supported.includes('authorization_code'));
  });

  test("client credentials with client_secret_basic: a JWT access token for the API, every RFC 9068 claim, the API's lifetime and algorithm", async () => {
    const app = await machineApp();
    const rp = await relyingParty(node, { ...app, redirectUri: '', postLogoutRedirectUri: '' });
    const tokens = await client.clientCredentialsGrant(rp, { scope: 'orders:read', resource: orders.identifier });
    assert.equal(tokens.token_type.toLowerCase(), 'bearer');
    assert.equal(tokens.expires_in, 300);
    assert.equal(decodeProtectedHeader(tokens.access_token).typ, 'at+jwt');
    const { payload, header } = await verifyAt(tokens.access_token, orders.identifier);
    assert.equal(header.alg, 'ES256', 'the default algorithm');
    assert.equal(payload.sub, app.clientId, 'RFC 9068 §2.2: the client is the subject of client credentials');
    assert.equal(payload.client_id, app.clientId);
    assert.equal(payload.aud, orders.identifier);
    assert.equal(payload.scope, 'orders:read');
    assert.equal(payload.exp! - payload.iat!, 300);

    const everything = await client.clientCredentialsGrant(rp, {});
    const all = await verifyAt(everything.access_token, orders.identifier);
    assert.equal(all.payload.scope, 'orders:read orders:write', 'no scope and no resource: the one API, with every scope it may be granted');
  });

  test('client credentials with private_key_jwt: the same token, for a client holding only its key', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'm2m-key', alg: 'ES256', use: 'sig' };
    await node.api('PATCH', `${V1}/apis/${reports.id}`, { token: admin, body: { accessTokenLifetimeSeconds: 120 } });
    const app = await machineApp({ tokenEndpointAuthMethod: 'private_key_jwt', jwks: { keys: [jwk] }, apiAccess: [{ apiId: reports.id, scopes: ['reports:read'] }] });
    const rp = await relyingParty(node, { ...app, redirectUri: '', postLogoutRedirectUri: '' }, client.PrivateKeyJwt({ key: privateKey, kid: 'm2m-key' }));
    const tokens = await client.clientCredentialsGrant(rp, { scope: 'reports:read', resource: reports.identifier });
    const { payload, header } = await verifyAt(tokens.access_token, reports.identifier);
    assert.equal(header.alg, 'RS256', "the API's own algorithm");
    assert.equal(payload.sub, app.clientId);
    assert.equal(payload.scope, 'reports:read');
    assert.equal(payload.exp! - payload.iat!, 120, "the API's changed lifetime");
    const bySecret = await tokenRequest(node, { grant_type: 'client_credentials', resource: reports.identifier }, { id: app.clientId, secret: 'a guessed secret' });
    assert.equal(bySecret.body.error, 'invalid_client');
  });

  test('a scope the application may not be granted is invalid_scope; an API unknown or not granted is invalid_target', async () => {
    const app = await machineApp();
    const basic = { id: app.clientId, secret: app.clientSecret! };
    const ask = (params: Record<string, string>) => tokenRequest(node, { grant_type: 'client_credentials', ...params }, basic);
    for (const scope of ['orders:admin', 'orders:read orders:admin', 'reports:read', 'openid', 'no-such-scope']) {
      const res = await ask({ scope, resource: orders.identifier });
      assert.deepEqual([res.status, res.body.error], [400, 'invalid_scope'], scope);
    }
    for (const resource of ['https://unknown.example.com/api', reports.identifier, 'not a uri']) {
      const res = await ask({ scope: 'orders:read', resource });
      assert.deepEqual([res.status, res.body.error], [400, 'invalid_target'], resource);
    }
    const several = await machineApp({ apiAccess: [{ apiId: orders.id, scopes: ['orders:read'] }, { apiId: reports.id, scopes: ['reports:read'] }] });
    const unnamed = await tokenRequest(node, { grant_type: 'client_credentials' }, { id: several.clientId, secret: several.clientSecret! });
    assert.deepEqual([unnamed.status, unnamed.body.error], [400, 'invalid_target'], 'two APIs: the request must name one');
  });

  test('a machine application cannot sign anyone in, and a user-facing one cannot use client credentials', async () => {
    const app = await machineApp();
    const url = new URL(`${issuer}/auth`);
    url.search = new URLSearchParams({ client_id: app.clientId, response_type: 'code', scope: 'openid', redirect_uri: 'https://m2m.example.com/cb', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' }).toString();
    const res = await fetch(url, { redirect: 'manual' });
    assert.equal(res.status, 400, 'the error page, no redirect anywhere');
    const shown = (await node.api('GET', `${V1}/applications/${app.id}`, { token: admin })).body;
    assert.deepEqual([shown.clientType, shown.hasSecret, shown.redirectUris], ['machine', true, []]);
    // It has no login page and no sign-in methods to enable, by its Portico id or its client id.
    for (const named of [app.id, app.clientId]) {
      const page = await new Browser(node.url).get(`/login?app=${encodeURIComponent(named)}`);
      assert.equal(page.status, 404, 'the friendly error page, not a login form');
      assert.match(page.body, /signs no one in/);
      assert.doesNotMatch(page.body, /type="password"/);
    }
    const methods = await node.api('PUT', `${V1}/applications/${app.id}/login-configuration`, { token: admin, body: { sources: [PASSWORD_SOURCE_ID] } });
    assert.deepEqual([methods.status, methods.body.code, methods.body.field], [409, 'login_configuration.signs_no_one_in', '/sources']);
    const none = await node.api('PUT', `${V1}/applications/${app.id}/login-configuration`, { token: admin, body: { sources: [] } });
    assert.equal(none.status, 200, 'enabling nothing is no change to refuse');

    const web = await registerApp(node, admin);
    await node.api('PATCH', `${V1}/applications/${web.id}`, { token: admin, body: { apiAccess: [{ apiId: orders.id, scopes: ['orders:read'] }] } });
    const cc = await tokenRequest(node, { grant_type: 'client_credentials', resource: orders.identifier }, { id: web.clientId, secret: web.clientSecret! });
    // oidc-provider answers invalid_request here (RFC 6749 §5.2 would say unauthorized_client); either way, no token.
    assert.deepEqual([cc.status, cc.body.error, cc.body.error_description], [400, 'invalid_request', 'requested grant type is not allowed for this client']);
  });

  /** Signs the user in to a user-facing application asking for `extra`; returns the callback (after consent when asked). */
  async function codeFlow(app: RegisteredApp, rp: client.Configuration, user: { username: string }, browser: Browser, extra: Record<string, string>, consent?: (page: { body: string }) => void) {
    const request = await authorizationRequest(rp, app, extra);
    let run = await authorize(browser, request.url, app, user);
    if (!run.location && consent) {
      consent(run.last);
      const allowed = await submitForm(browser, run.last, { decision: 'allow' });
      run = { ...run, ...(await untilRedirect(browser, allowed, app.redirectUri)) };
    }
    assert.ok(run.location?.searchParams.get('code'), `a code (last page ${run.last.status} ${run.last.url} ${run.location})`);
    return { request, callback: run.location! };
  }

  test('a first-party application asking for the API with resource= gets its JWT, the user as subject; a token without resource still serves userinfo', async () => {
    const app = await registerApp(node, admin);
    await node.api('PATCH', `${V1}/applications/${app.id}`, { token: admin, body: { apiAccess: [{ apiId: orders.id, scopes: ['orders:read', 'orders:write'] }] } });
    const rp = await relyingParty(node, app);
    const user = await createUser(node, admin);
    const browser = new Browser(node.url);

    const withApi = await codeFlow(app, rp, user, browser, { scope: 'openid orders:read', resource: orders.identifier });
    const tokens = await client.authorizationCodeGrant(rp, withApi.callback, { pkceCodeVerifier: withApi.request.verifier, expectedState: withApi.request.state, expectedNonce: withApi.request.nonce }, { resource: orders.identifier });
    const { payload } = await verifyAt(tokens.access_token, orders.identifier);
    assert.equal(payload.sub, user.id);
    assert.equal(payload.client_id, app.clientId);
    assert.equal(payload.scope, 'orders:read');
    assert.equal(tokens.expires_in, 300);

    const plain = await codeFlow(app, rp, user, browser, { scope: 'openid profile' });
    const opaque = await client.authorizationCodeGrant(rp, plain.callback, { pkceCodeVerifier: plain.request.verifier, expectedState: plain.request.state, expectedNonce: plain.request.nonce });
    assert.throws(() => decodeProtectedHeader(opaque.access_token), 'no resource: an opaque token, as before');
    const me = await client.fetchUserInfo(rp, opaque.access_token, user.id);
    assert.equal(me.sub, user.id);

    const introspected = await fetch(`${issuer}/token/introspection`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}` },
      body: new URLSearchParams({ token: tokens.access_token }),
    });
    assert.equal((await introspected.json()).error, 'unsupported_token_type', 'a JWT access token is checked by the API itself, not introspected');

    const notGranted = await authorize(browser, (await authorizationRequest(rp, app, { scope: 'openid', resource: reports.identifier })).url, app, user);
    assert.equal(notGranted.location?.searchParams.get('error'), 'invalid_target');
    const tooMuch = await authorize(browser, (await authorizationRequest(rp, app, { scope: 'openid orders:admin', resource: orders.identifier })).url, app, user);
    assert.equal(tooMuch.location?.searchParams.get('error'), 'invalid_scope');
  });

  test("a third-party application's consent page names the API's scopes as described; what is allowed is in the token", async () => {
    const app = await registerApp(node, admin, { firstParty: false, name: 'Partner' });
    await node.api('PATCH', `${V1}/applications/${app.id}`, { token: admin, body: { apiAccess: [{ apiId: orders.id, scopes: ['orders:read', 'orders:write'] }] } });
    const rp = await relyingParty(node, app);
    const user = await createUser(node, admin);
    const browser = new Browser(node.url);
    const flow = await codeFlow(app, rp, user, browser, { scope: 'openid orders:read orders:write', resource: orders.identifier }, (page) => {
      assert.match(page.body, /data-api-scope="orders:read"[^>]*>Use Orders on your behalf: Read your orders</);
      assert.match(page.body, /data-api-scope="orders:write"[^>]*>Use Orders on your behalf: Place orders</);
      assert.doesNotMatch(page.body, /orders:admin/);
    });
    const tokens = await client.authorizationCodeGrant(rp, flow.callback, { pkceCodeVerifier: flow.request.verifier, expectedState: flow.request.state, expectedNonce: flow.request.nonce }, { resource: orders.identifier });
    const { payload } = await verifyAt(tokens.access_token, orders.identifier);
    assert.deepEqual([payload.sub, payload.scope], [user.id, 'orders:read orders:write']);
  });
});
