/**
 * An OpenID Connect application's own settings, driven by a real relying party (openid-client) on both
 * databases: the ID token's signing algorithm (an RP that accepts only RS256 signs in), token lifetimes
 * within bounds, refresh tokens for a first-party application without prompt=consent, PKCE required of a
 * confidential client, pushed authorization requests required; what discovery says of them; and the
 * API's refusals of settings that cannot work.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as client from 'openid-client';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { Browser } from './helpers/browser.ts';
import { authorizationRequest, authorize, createUser, registerApp, relyingParty, signIn, untilRedirect, type RegisteredApp } from './helpers/oidc.ts';
import { ACCESS_TOKEN_TTL_S, ID_TOKEN_TTL_S, REFRESH_TOKEN_TTL_S } from '../src/oidc/policy.ts';

const V1 = '/api/admin/v1';
const OFFLINE = { scope: 'openid offline_access' };

describeEachDialect('OpenID Connect: per-application settings', (dialect) => {
  let node: TestNode;
  let admin: string;

  before(async () => {
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
  });
  after(() => node?.close());

  const create = (body: Record<string, unknown>) =>
    node.api('POST', `${V1}/applications`, { token: admin, body: { name: 'Settings', redirectUris: ['https://rp.example/cb'], ...body } });
  const problem = (res: { status: number; body: { code?: string; field?: string } }) => [res.status, res.body.code, res.body.field];

  test('discovery tells what works: ES256, PS256 and RS256 ID tokens, every client authentication, PAR, no signed userinfo', async () => {
    const meta = (await relyingParty(node, await registerApp(node, admin))).serverMetadata();
    assert.deepEqual([...(meta.id_token_signing_alg_values_supported ?? [])].sort(), ['ES256', 'PS256', 'RS256']);
    assert.deepEqual([...(meta.token_endpoint_auth_methods_supported ?? [])].sort(), ['client_secret_basic', 'client_secret_jwt', 'client_secret_post', 'none', 'private_key_jwt']);
    assert.ok(meta.token_endpoint_auth_signing_alg_values_supported?.includes('HS256'), 'client_secret_jwt');
    assert.ok(meta.token_endpoint_auth_signing_alg_values_supported?.includes('ES256') && meta.token_endpoint_auth_signing_alg_values_supported?.includes('RS256'), 'private_key_jwt');
    assert.equal(meta.pushed_authorization_request_endpoint, `${node.url}/oidc/request`);
    assert.notEqual(meta.require_pushed_authorization_requests, true, 'PAR is required per application, not of every one');
    assert.equal(meta.userinfo_signing_alg_values_supported, undefined, 'userinfo answers plain JSON');
  });

  test('an application shows its settings: the defaults of today for one that names none', async () => {
    const res = await create({});
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const app = res.body.application;
    assert.deepEqual(
      {
        idTokenSignedResponseAlg: app.idTokenSignedResponseAlg,
        accessTokenLifetimeSeconds: app.accessTokenLifetimeSeconds,
        idTokenLifetimeSeconds: app.idTokenLifetimeSeconds,
        refreshTokenLifetimeSeconds: app.refreshTokenLifetimeSeconds,
        offlineAccessWithoutConsent: app.offlineAccessWithoutConsent,
        pkceRequired: app.pkceRequired,
        parRequired: app.parRequired,
        tokenEndpointAuthMethod: app.tokenEndpointAuthMethod,
        jwksUri: app.jwksUri,
        jwks: app.jwks,
        backchannelLogoutUri: app.backchannelLogoutUri,
        backchannelLogoutSessionRequired: app.backchannelLogoutSessionRequired,
        frontchannelLogoutUri: app.frontchannelLogoutUri,
        frontchannelLogoutSessionRequired: app.frontchannelLogoutSessionRequired,
      },
      {
        idTokenSignedResponseAlg: 'ES256',
        accessTokenLifetimeSeconds: ACCESS_TOKEN_TTL_S,
        idTokenLifetimeSeconds: ID_TOKEN_TTL_S,
        refreshTokenLifetimeSeconds: REFRESH_TOKEN_TTL_S,
        offlineAccessWithoutConsent: false,
        pkceRequired: false,
        parRequired: false,
        tokenEndpointAuthMethod: 'client_secret_basic',
        jwksUri: null,
        jwks: null,
        backchannelLogoutUri: null,
        backchannelLogoutSessionRequired: false,
        frontchannelLogoutUri: null,
        frontchannelLogoutSessionRequired: false,
      },
    );
    const pub = (await create({ clientType: 'public' })).body.application;
    assert.deepEqual([pub.tokenEndpointAuthMethod, pub.pkceRequired], ['none', true], 'a public client: no authentication, PKCE required');
  });

  test('a relying party that accepts only RS256 signs in once its application asks for RS256; PS256 too', async () => {
    const user = await createUser(node, admin);
    const es = await registerApp(node, admin);
    const strict = await relyingParty(node, es, undefined, { id_token_signed_response_alg: 'RS256' });
    await assert.rejects(signIn(node, strict, es, user), (e: Error) => /"alg"/.test(String((e.cause as Error)?.message)), 'an ES256 ID token is refused by an RS256-only RP');

    for (const alg of ['RS256', 'PS256']) {
      const app = await registerApp(node, admin, { settings: { idTokenSignedResponseAlg: alg } });
      const rp = await relyingParty(node, app, undefined, { id_token_signed_response_alg: alg });
      const { tokens } = await signIn(node, rp, app, user);
      assert.equal(decodeProtectedHeader(tokens.id_token!).alg, alg);
      assert.equal(tokens.claims()?.sub, user.id);
      const info = await client.fetchUserInfo(rp, tokens.access_token, user.id);
      assert.equal(info.sub, user.id, 'userinfo stays plain JSON');
    }
  });

  test('token lifetimes are per application, and refused out of their bounds', async () => {
    const app = await registerApp(node, admin, { settings: { accessTokenLifetimeSeconds: 120, idTokenLifetimeSeconds: 300, refreshTokenLifetimeSeconds: 7200 } });
    const rp = await relyingParty(node, app);
    const user = await createUser(node, admin);
    const { tokens } = await signIn(node, rp, app, user, { extra: { ...OFFLINE, prompt: 'consent' } });
    assert.equal(tokens.expires_in, 120);
    const id = decodeJwt(tokens.id_token!);
    assert.equal(id.exp! - id.iat!, 300);
    const refresh = await client.tokenIntrospection(rp, tokens.refresh_token!);
    assert.equal(refresh.exp! - refresh.iat!, 7200);
    const rotated = await client.refreshTokenGrant(rp, tokens.refresh_token!);
    assert.equal(rotated.expires_in, 120);
    const next = await client.tokenIntrospection(rp, rotated.refresh_token!);
    assert.ok(Math.abs(next.exp! - refresh.exp!) <= 1, 'rotation keeps the absolute lifetime');

    for (const [field, value] of [
      ['accessTokenLifetimeSeconds', 59],
      ['accessTokenLifetimeSeconds', 3601],
      ['idTokenLifetimeSeconds', 0],
      ['refreshTokenLifetimeSeconds', 31 * 24 * 3600],
      ['refreshTokenLifetimeSeconds', 1.5],
    ] as const) {
      const res = await create({ [field]: value });
      assert.equal(res.status, 400, `${field} ${value}`);
      assert.match(res.body.code, /^request\.(out_of_range|wrong_type)$/);
      assert.equal(res.body.field, `/${field}`);
    }
  });

  test('a first-party application with the switch on gets a refresh token for offline_access without prompt=consent', async () => {
    const user = await createUser(node, admin);
    const plain = await registerApp(node, admin, { firstParty: true });
    const without = await signIn(node, await relyingParty(node, plain), plain, user, { extra: OFFLINE });
    assert.equal(without.tokens.refresh_token, undefined, 'by default offline_access needs prompt=consent (OIDC Core §11)');

    const app = await registerApp(node, admin, { firstParty: true, settings: { offlineAccessWithoutConsent: true } });
    const rp = await relyingParty(node, app);
    const { tokens } = await signIn(node, rp, app, user, { extra: OFFLINE });
    assert.ok(tokens.refresh_token, 'a refresh token without prompt=consent');
    const refreshed = await client.refreshTokenGrant(rp, tokens.refresh_token!);
    assert.equal(refreshed.claims()?.sub, user.id);

    const notAsked = await signIn(node, rp, app, user, { extra: { scope: 'openid profile' } });
    assert.equal(notAsked.tokens.refresh_token, undefined, 'offline_access is still required');

    const pushed = await parameters(app);
    const par = await client.buildAuthorizationUrlWithPAR(rp, { ...pushed.params, ...OFFLINE });
    assert.ok((await codeAndTokens(rp, app, par, user, pushed)).refresh_token, 'a pushed request keeps offline_access as well');

    const third = await create({ firstParty: false, offlineAccessWithoutConsent: true });
    assert.deepEqual(problem(third), [400, 'application.offline_access_first_party_only', '/offlineAccessWithoutConsent']);
    const demoted = await node.api('PATCH', `${V1}/applications/${app.id}`, { token: admin, body: { firstParty: false } });
    assert.deepEqual(problem(demoted), [400, 'application.offline_access_first_party_only', '/offlineAccessWithoutConsent']);
  });

  test('PKCE required of a confidential application refuses a request without it; a public one cannot go without', async () => {
    const app = await registerApp(node, admin, { settings: { pkceRequired: true } });
    const rp = await relyingParty(node, app);
    const url = client.buildAuthorizationUrl(rp, { redirect_uri: app.redirectUri, scope: 'openid', state: 's', nonce: 'n' });
    const { location } = await untilRedirect(new Browser(node.url), await new Browser(node.url).get(url.toString()), app.redirectUri);
    assert.equal(location?.searchParams.get('error'), 'invalid_request');
    assert.match(location?.searchParams.get('error_description') ?? '', /PKCE/);
    const user = await createUser(node, admin);
    assert.equal((await signIn(node, rp, app, user)).tokens.claims()?.sub, user.id, 'with PKCE it signs in');

    const optional = await registerApp(node, admin);
    const rpOptional = await relyingParty(node, optional);
    const plain = client.buildAuthorizationUrl(rpOptional, { redirect_uri: optional.redirectUri, scope: 'openid', state: 's', nonce: 'n' });
    assert.ok((await authorize(new Browser(node.url), plain, optional, user)).location?.searchParams.get('code'), 'by default a confidential client may go without');

    assert.deepEqual(problem(await create({ clientType: 'public', pkceRequired: false })), [400, 'application.pkce_required_public', '/pkceRequired']);
  });

  test('PAR required refuses a plain authorization request and accepts a pushed one', async () => {
    const app = await registerApp(node, admin, { settings: { parRequired: true } });
    const rp = await relyingParty(node, app);
    const user = await createUser(node, admin);
    const plain = await authorizationRequest(rp, app);
    const refused = await untilRedirect(new Browser(node.url), await new Browser(node.url).get(plain.url.toString()), app.redirectUri);
    assert.equal(refused.location?.searchParams.get('error'), 'invalid_request');
    assert.match(refused.location?.searchParams.get('error_description') ?? '', /Pushed Authorization Request/);
    assert.equal(refused.location?.searchParams.get('code'), null);

    const pushed = await parameters(app);
    const url = await client.buildAuthorizationUrlWithPAR(rp, pushed.params);
    assert.ok(url.searchParams.get('request_uri')?.startsWith('urn:ietf:params:oauth:request_uri:'));
    const tokens = await codeAndTokens(rp, app, url, user, pushed);
    assert.equal(tokens.claims()?.sub, user.id);
  });

  /** Authorization parameters with PKCE, for a pushed request. */
  async function parameters(app: RegisteredApp) {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const params = { redirect_uri: app.redirectUri, scope: 'openid', state, code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' };
    return { verifier, state, params };
  }

  /** Signs in at `url` (a pushed request's) and redeems the code. */
  async function codeAndTokens(rp: client.Configuration, app: RegisteredApp, url: URL, user: { username: string }, pushed: { verifier: string; state: string }) {
    const result = await authorize(new Browser(node.url), url, app, user);
    assert.ok(result.location?.searchParams.get('code'), `a code came back (${result.location})`);
    return client.authorizationCodeGrant(rp, result.location!, { pkceCodeVerifier: pushed.verifier, expectedState: pushed.state });
  }
});
