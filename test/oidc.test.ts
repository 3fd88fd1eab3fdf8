/**
 * Portico as an OpenID Connect provider, driven by a real relying party (openid-client) and a real
 * HTTP browser through Portico's own login pages, on both databases: the code flow with PKCE, ID
 * token and userinfo, refresh-token rotation, SSO, consent, logout, a DingTalk QR interaction, the
 * bad inputs of RFC 9700 answered with no state change, and signing-key rotation.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { Browser, decodeEntities, errorCode, field } from './helpers/browser.ts';
import { scan, startSimulator, SIM_APP, type Simulator } from './helpers/dingtalk.ts';
import {
  authorizationRequest,
  authorize,
  createUser,
  oauthError,
  registerApp,
  relyingParty,
  signIn,
  submitForm,
  tokenRequest,
  untilRedirect,
  USER_PASSWORD,
  type RegisteredApp,
} from './helpers/oidc.ts';
import { PASSWORD_SOURCE_ID, USER_CENTER_APP_ID } from '../src/store/well-known.ts';
import { AUTHORIZATION_CODE_TTL_S } from '../src/oidc/policy.ts';

const V1 = '/api/admin/v1';

describeEachDialect('OpenID Connect provider', (dialect) => {
  let node: TestNode;
  let sim: Simulator;
  let admin: string;
  let dingtalkSource: string;
  let app: RegisteredApp;
  let config: client.Configuration;

  before(async () => {
    sim = await startSimulator();
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
    const source = await node.api('POST', `${V1}/sources`, {
      token: admin,
      body: {
        type: 'dingtalk',
        name: 'DingTalk',
        config: { ...SIM_APP, endpoints: { login: sim.url, api: sim.url, oapi: sim.url }, autoBind: true, sourceAttribute: 'mobile', userAttribute: 'mobile' },
      },
    });
    assert.equal(source.status, 201, JSON.stringify(source.body));
    dingtalkSource = source.body.id;
    await sim.allowRedirects([source.body.callbackUrl]);
    app = await registerApp(node, admin, { sources: [PASSWORD_SOURCE_ID, dingtalkSource] });
    config = await relyingParty(node, app);
  });
  after(async () => {
    await node?.close();
    await sim?.close();
  });

  const jwks = async () => (await (await fetch(`${node.url}/oidc/jwks`)).json()) as JSONWebKeySet;
  const artifacts = async () => Number((await node.portico.store.db.selectFrom('oidc_artifacts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  /** A browser that reached the application's redirect with a code, not yet redeemed. */
  async function codeFor(user: { username: string }, extra: Record<string, string> = {}, target = app) {
    const rp = target === app ? config : await relyingParty(node, target);
    const request = await authorizationRequest(rp, target, extra);
    const result = await authorize(new Browser(node.url), request.url, target, user);
    assert.ok(result.location?.searchParams.get('code'), `a code came back (${result.location})`);
    return { request, callback: result.location!, code: result.location!.searchParams.get('code')! };
  }

  test('discovery describes a code-flow-only provider: PKCE S256, iss in responses, ES256 and RS256 keys', async () => {
    const meta = config.serverMetadata();
    assert.equal(meta.issuer, `${node.url}/oidc`);
    assert.deepEqual(meta.response_types_supported, ['code']);
    assert.deepEqual(meta.code_challenge_methods_supported, ['S256']);
    assert.equal(meta.authorization_response_iss_parameter_supported, true);
    assert.deepEqual([...(meta.grant_types_supported ?? [])].sort(), ['authorization_code', 'client_credentials', 'refresh_token'], 'client credentials: machine-to-machine applications (test/oidc-api-resources.test.ts)');
    assert.ok(meta.end_session_endpoint && meta.revocation_endpoint && meta.introspection_endpoint && meta.userinfo_endpoint);
    const keys = (await jwks()).keys;
    assert.deepEqual(keys.map((k) => k.alg ?? `${k.kty} (no alg: RS256 and PS256)`).sort(), ['ES256', 'RSA (no alg: RS256 and PS256)']);
    assert.ok(keys.every((k) => !('d' in k)), 'only public keys are published');
  });

  test('code flow with PKCE: the RP validates the ID token, and userinfo gives the standard claims', async () => {
    const user = await createUser(node, admin);
    const { tokens, sawLoginPage, callback } = await signIn(node, config, app, user);
    assert.ok(sawLoginPage, 'the interaction was the application’s login page');
    assert.equal(callback.searchParams.get('iss'), `${node.url}/oidc`, 'RFC 9207 iss in the authorization response');
    const claims = tokens.claims()!;
    assert.equal(claims.sub, user.id);
    assert.equal(claims.aud, app.clientId);
    assert.equal(claims.name, user.displayName);
    assert.equal(claims.preferred_username, user.username);
    assert.equal(claims.email, user.email);
    assert.equal(claims.email_verified, false);
    assert.equal(claims.phone_number, user.mobile);
    assert.equal(claims.phone_number_verified, false);
    assert.deepEqual(claims.amr, ['pwd']);
    const header = decodeProtectedHeader(tokens.id_token!);
    assert.equal(header.alg, 'ES256');
    assert.ok((await jwks()).keys.some((k) => k.kid === header.kid));
    const info = await client.fetchUserInfo(config, tokens.access_token, user.id);
    assert.deepEqual(
      { sub: info.sub, name: info.name, preferred_username: info.preferred_username, email: info.email, phone_number: info.phone_number },
      { sub: user.id, name: user.displayName, preferred_username: user.username, email: user.email, phone_number: user.mobile },
    );
  });

  test('client_secret_post authenticates as well as client_secret_basic', async () => {
    const user = await createUser(node, admin);
    const post = await relyingParty(node, app, client.ClientSecretPost(app.clientSecret));
    const { tokens } = await signIn(node, post, app, user);
    assert.equal(tokens.claims()?.sub, user.id);
  });

  test('a public client authenticates with none and must send a PKCE challenge', async () => {
    const pub = await registerApp(node, admin, { clientType: 'public' });
    const rp = await relyingParty(node, pub);
    const user = await createUser(node, admin);
    const { tokens } = await signIn(node, rp, pub, user);
    assert.equal(tokens.claims()?.sub, user.id);

    const url = client.buildAuthorizationUrl(rp, { redirect_uri: pub.redirectUri, scope: 'openid', state: 's', nonce: 'n' });
    const { location } = await untilRedirect(new Browser(node.url), await new Browser(node.url).get(url.toString()), pub.redirectUri);
    assert.equal(location?.searchParams.get('error'), 'invalid_request');
    assert.match(location?.searchParams.get('error_description') ?? '', /PKCE/);
    assert.equal(location?.searchParams.get('code'), null);
  });

  test('refresh tokens rotate: the old one is refused, and presenting it revokes the grant', async () => {
    const user = await createUser(node, admin);
    const { tokens } = await signIn(node, config, app, user, { extra: { scope: 'openid offline_access', prompt: 'consent' } });
    const first = tokens.refresh_token!;
    assert.ok(first, 'offline_access gives a refresh token');
    const rotated = await client.refreshTokenGrant(config, first);
    assert.ok(rotated.refresh_token && rotated.refresh_token !== first, 'a new refresh token each time');
    assert.equal(rotated.claims()?.sub, user.id);
    assert.equal((await client.fetchUserInfo(config, rotated.access_token, user.id)).sub, user.id);

    assert.equal((await oauthError(client.refreshTokenGrant(config, first))).error, 'invalid_grant', 'the old refresh token is refused');
    assert.equal((await oauthError(client.refreshTokenGrant(config, rotated.refresh_token!))).error, 'invalid_grant', 'reuse revoked the whole grant');
    assert.equal((await oauthError(client.fetchUserInfo(config, rotated.access_token, user.id))).status, 401);
  });

  test('SSO: a second application signs the same browser in without a login page', async () => {
    const user = await createUser(node, admin);
    const { browser } = await signIn(node, config, app, user);
    const other = await registerApp(node, admin);
    const second = await signIn(node, await relyingParty(node, other), other, user, { browser });
    assert.equal(second.sawLoginPage, false);
    assert.equal(second.tokens.claims()?.sub, user.id);
    const events = await node.portico.store.db.selectFrom('audit_events').select('target_id').where('action', '=', 'oidc.authorize').where('actor_id', '=', user.id).orderBy('id').execute();
    assert.deepEqual(events.map((e) => e.target_id), [app.id, other.id], 'each sign-in to an application is a login event');
  });

  test('prompt=login and max_age=0 show the login page even with an SSO session', async () => {
    const user = await createUser(node, admin);
    const { browser } = await signIn(node, config, app, user);
    for (const extra of [{ prompt: 'login' }, { max_age: '0' }] as Record<string, string>[]) {
      const again = await signIn(node, config, app, user, { browser, extra });
      assert.equal(again.sawLoginPage, true, JSON.stringify(extra));
      assert.equal(again.tokens.claims()?.sub, user.id);
    }
  });

  test('prompt=none answers login_required without an SSO session, and a code with one', async () => {
    const user = await createUser(node, admin);
    const browser = new Browser(node.url);
    const silent = await authorize(browser, (await authorizationRequest(config, app, { prompt: 'none' })).url, app);
    assert.equal(silent.location?.searchParams.get('error'), 'login_required');
    assert.equal(silent.sawLoginPage, false);
    await signIn(node, config, app, user, { browser });
    const again = await signIn(node, config, app, user, { browser, extra: { prompt: 'none' } });
    assert.equal(again.tokens.claims()?.sub, user.id);
  });

  test('the interaction can be a DingTalk QR login through the simulator (auto-bind by mobile)', async () => {
    const user = await createUser(node, admin);
    const unionId = `u${randomBytes(4).toString('hex')}`;
    await sim.addUser({ unionId, userId: `user${unionId}`, name: 'DT', nick: `nick-${unionId}`, mobile: user.mobile.slice(3) });
    const browser = new Browser(node.url);
    const request = await authorizationRequest(config, app);
    const toLogin = await untilRedirect(browser, await browser.get(request.url.toString()), app.redirectUri);
    const loginPage = toLogin.last;
    const href = /<a href="([^"]+)"[^>]*data-method="dingtalk"/.exec(loginPage.body)?.[1];
    assert.ok(href, 'the login page offers DingTalk');
    const { callbackUrl } = await scan(browser, sim, decodeEntities(href), unionId);
    assert.ok(callbackUrl);
    const back = await untilRedirect(browser, await browser.get(callbackUrl), app.redirectUri);
    assert.ok(back.location, 'after the scan the browser goes back to the application');
    const tokens = await client.authorizationCodeGrant(config, back.location, { pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce });
    assert.equal(tokens.claims()?.sub, user.id);
    assert.deepEqual(tokens.claims()?.amr, ['dingtalk']);
  });

  test('RP-initiated logout ends the provider session and the Portico SSO session', async () => {
    const user = await createUser(node, admin);
    const { browser, tokens } = await signIn(node, config, app, user);
    const sso = browser.cookies.get('portico_session');
    assert.ok(sso);
    const url = client.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: app.postLogoutRedirectUri, state: 'bye' });
    const page = await browser.get(url.toString());
    assert.equal(page.status, 200);
    assert.match(page.body, /Signing you out/, 'a first-party application signing out its own user is not asked to confirm');
    const done = await submitForm(browser, page);
    assert.equal(done.status, 303);
    const back = new URL(done.location!);
    assert.equal(back.origin + back.pathname, app.postLogoutRedirectUri);
    assert.equal(back.searchParams.get('state'), 'bye');
    assert.equal(browser.cookies.get('portico_session'), undefined, 'the SSO cookie is cleared');
    assert.equal(await node.portico.ctx.shortLived.get(ssoKey(sso!)), undefined, 'and the SSO session is gone');
    const next = await authorize(browser, (await authorizationRequest(config, app)).url, app);
    assert.ok(next.sawLoginPage && !next.location, 'the next sign-in asks for credentials again');
  });

  test('a cross-site logout request cannot end a Portico session that has no provider session', async () => {
    const user = await createUser(node, admin);
    const browser = new Browser(node.url);
    // Signed in on Portico's own login page: an SSO session, no provider session yet.
    const login = await browser.get(`/login?app=${app.clientId}`);
    const signedIn = await browser.post('/login/password', { app: app.clientId, csrf: field(login.body, 'csrf'), username: user.username, password: USER_PASSWORD });
    assert.equal(signedIn.status, 303);
    const sso = browser.cookies.get('portico_session')!;
    // What an attacker's page makes the browser do: open the logout endpoint, whose page posts itself.
    const page = await browser.get(`${node.url}/oidc/session/end`);
    assert.equal(page.status, 200);
    const done = await submitForm(browser, page);
    assert.equal(done.status, 303);
    assert.equal(browser.cookies.get('portico_session'), sso, 'the SSO cookie stays');
    assert.ok(await node.portico.ctx.shortLived.get(ssoKey(sso)), 'and so does the SSO session');
    const next = await authorize(browser, (await authorizationRequest(config, app)).url, app);
    assert.ok(next.location && !next.sawLoginPage, 'single sign-on still works');
  });

  test('with a provider session, a logout without a hint asks first; only the confirmation ends the SSO session', async () => {
    const user = await createUser(node, admin);
    const { browser } = await signIn(node, config, app, user);
    const sso = browser.cookies.get('portico_session')!;
    const page = await browser.get(`${node.url}/oidc/session/end`);
    assert.equal(page.status, 200);
    assert.match(page.body, /name="logout" value="yes"/, 'a confirmation page with a sign-out button');
    assert.doesNotMatch(page.body, /\.submit\(\)/, 'which does not submit itself');
    const stay = await submitForm(browser, page);
    assert.equal(stay.status, 303);
    assert.ok(await node.portico.ctx.shortLived.get(ssoKey(sso)), '"stay signed in" keeps the SSO session');
    const again = await browser.get(`${node.url}/oidc/session/end`);
    const out = await submitForm(browser, again, { logout: 'yes' });
    assert.equal(out.status, 303);
    assert.equal(await node.portico.ctx.shortLived.get(ssoKey(sso)), undefined, 'the confirmed sign-out ends it');
  });

  test('with no provider session, only a valid id_token_hint naming the signed-in user ends the SSO session', async () => {
    const user = await createUser(node, admin);
    const other = await createUser(node, admin);
    const { browser, tokens } = await signIn(node, config, app, user);
    const { tokens: othersTokens } = await signIn(node, config, app, other);
    const sso = browser.cookies.get('portico_session')!;
    const withoutProviderSession = async (hint: string) => {
      browser.cookies.delete('portico_oidc_session');
      browser.cookies.delete('portico_oidc_session.sig');
      const url = client.buildEndSessionUrl(config, { id_token_hint: hint, post_logout_redirect_uri: app.postLogoutRedirectUri });
      const page = await browser.get(url.toString());
      assert.equal(page.status, 200, page.body.slice(0, 300));
      return submitForm(browser, page);
    };
    await withoutProviderSession(othersTokens.id_token!);
    assert.ok(await node.portico.ctx.shortLived.get(ssoKey(sso)), "another user's hint ends nothing");
    const done = await withoutProviderSession(tokens.id_token!);
    assert.equal(new URL(done.location!).origin + new URL(done.location!).pathname, app.postLogoutRedirectUri);
    assert.equal(await node.portico.ctx.shortLived.get(ssoKey(sso)), undefined, "the signed-in user's own hint ends it");
  });

  test('a third-party application asks for consent once; denying sends access_denied', async () => {
    const third = await registerApp(node, admin, { firstParty: false, name: 'Third Party' });
    const rp = await relyingParty(node, third);
    const user = await createUser(node, admin);
    const browser = new Browser(node.url);

    const denied = await authorize(browser, (await authorizationRequest(rp, third)).url, third, user);
    const consentPage = denied.last;
    assert.equal(consentPage.status, 200);
    assert.match(consentPage.body, /Allow Third Party to use your account\?/);
    assert.match(consentPage.body, /data-scope="email"/);
    const deny = await submitForm(browser, consentPage, { decision: 'deny' });
    const afterDeny = await untilRedirect(browser, deny, third.redirectUri);
    assert.equal(afterDeny.location?.searchParams.get('error'), 'access_denied');

    const request = await authorizationRequest(rp, third);
    const asked = await authorize(browser, request.url, third, user);
    assert.ok(!asked.sawLoginPage, 'SSO: no login page the second time');
    const allow = await submitForm(browser, asked.last, { decision: 'allow' });
    const allowed = await untilRedirect(browser, allow, third.redirectUri);
    const tokens = await client.authorizationCodeGrant(rp, allowed.location!, { pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce });
    assert.equal(tokens.claims()?.email, user.email);

    const again = await authorize(browser, (await authorizationRequest(rp, third)).url, third, user);
    assert.ok(again.location?.searchParams.get('code'), 'consent is remembered');
  });

  test('an unknown client gets an error page, never a redirect, and nothing is stored', async () => {
    const before = await artifacts();
    const url = new URL(client.buildAuthorizationUrl(config, { redirect_uri: app.redirectUri, scope: 'openid', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' }));
    url.searchParams.set('client_id', 'no-such-client');
    const page = await new Browser(node.url).get(url.toString());
    assert.equal(page.status, 400);
    assert.equal(page.location, undefined);
    assert.equal(errorCode(page.body), 'oidc.invalid_client');
    assert.equal(await artifacts(), before);
  });

  test('a redirect URI one character off gets an error page, never a redirect', async () => {
    const before = await artifacts();
    const url = client.buildAuthorizationUrl(config, { redirect_uri: app.redirectUri.slice(0, -1) + 'X', scope: 'openid', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' });
    const page = await new Browser(node.url).get(url.toString());
    assert.equal(page.status, 400);
    assert.equal(page.location, undefined);
    assert.equal(errorCode(page.body), 'oidc.invalid_redirect_uri');
    assert.equal(await artifacts(), before);
  });

  test('plain PKCE and the implicit flow are refused', async () => {
    for (const [extra, error] of [
      [{ code_challenge_method: 'plain' }, 'invalid_request'],
      [{ response_type: 'id_token token' }, 'unsupported_response_type'],
    ] as const) {
      const { url } = await authorizationRequest(config, app, extra);
      const { location } = await untilRedirect(new Browser(node.url), await new Browser(node.url).get(url.toString()), app.redirectUri);
      const params = new URLSearchParams(location?.hash.slice(1) || location?.search);
      assert.equal(params.get('error'), error, JSON.stringify(extra));
      assert.equal(params.get('code'), null);
    }
  });

  test('a wrong client secret is refused, and the code stays redeemable', async () => {
    const user = await createUser(node, admin);
    const { request, code } = await codeFor(user);
    const wrong = await tokenRequest(node, { grant_type: 'authorization_code', code, redirect_uri: app.redirectUri, code_verifier: request.verifier }, { id: app.clientId, secret: `${app.clientSecret!}x` });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error, 'invalid_client');
    const right = await tokenRequest(node, { grant_type: 'authorization_code', code, redirect_uri: app.redirectUri, code_verifier: request.verifier }, { id: app.clientId, secret: app.clientSecret! });
    assert.equal(right.status, 200, JSON.stringify(right.body));
  });

  test('a missing or wrong PKCE verifier is refused, and the code stays redeemable', async () => {
    const user = await createUser(node, admin);
    const { request, code } = await codeFor(user);
    const auth = { id: app.clientId, secret: app.clientSecret! };
    const base = { grant_type: 'authorization_code', code, redirect_uri: app.redirectUri };
    const missing = await tokenRequest(node, base, auth);
    assert.equal(missing.body.error, 'invalid_grant');
    const wrong = await tokenRequest(node, { ...base, code_verifier: client.randomPKCECodeVerifier() }, auth);
    assert.equal(wrong.body.error, 'invalid_grant');
    const otherRedirect = await tokenRequest(node, { ...base, code_verifier: request.verifier, redirect_uri: app.redirectUri + 'x' }, auth);
    assert.equal(otherRedirect.body.error, 'invalid_grant');
    const right = await tokenRequest(node, { ...base, code_verifier: request.verifier }, auth);
    assert.equal(right.status, 200, JSON.stringify(right.body));
  });

  test('a verifier for a request that sent no challenge is refused (PKCE downgrade)', async () => {
    const user = await createUser(node, admin);
    const url = client.buildAuthorizationUrl(config, { redirect_uri: app.redirectUri, scope: 'openid', state: 's', nonce: 'n' });
    const result = await authorize(new Browser(node.url), url, app, user);
    const code = result.location!.searchParams.get('code')!;
    const res = await tokenRequest(node, { grant_type: 'authorization_code', code, redirect_uri: app.redirectUri, code_verifier: client.randomPKCECodeVerifier() }, { id: app.clientId, secret: app.clientSecret! });
    assert.equal(res.body.error, 'invalid_grant');
  });

  test('a replayed code is refused and the tokens issued from it are revoked', async () => {
    const user = await createUser(node, admin);
    const { request, callback } = await codeFor(user, { scope: 'openid offline_access', prompt: 'consent' });
    const checks = { pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce };
    const tokens = await client.authorizationCodeGrant(config, callback, checks);
    assert.equal((await client.tokenIntrospection(config, tokens.access_token)).active, true);
    assert.equal((await oauthError(client.authorizationCodeGrant(config, callback, checks))).error, 'invalid_grant');
    assert.equal((await client.tokenIntrospection(config, tokens.access_token)).active, false, 'the access token is revoked');
    assert.equal((await oauthError(client.refreshTokenGrant(config, tokens.refresh_token!))).error, 'invalid_grant', 'so is the refresh token');
    const events = await node.api('GET', `${V1}/audit-events?action=oidc.token`, { token: admin });
    assert.ok(events.body.items.some((e: { reason: string; target: { id: string } }) => e.reason === 'oidc.code_replayed' && e.target.id === app.id), 'the replay is in the audit log');
  });

  test('two redemptions of one code racing: exactly one gets tokens', async () => {
    const user = await createUser(node, admin);
    const { request, code } = await codeFor(user);
    const params = { grant_type: 'authorization_code', code, redirect_uri: app.redirectUri, code_verifier: request.verifier };
    const results = await Promise.all(Array.from({ length: 4 }, () => tokenRequest(node, params, { id: app.clientId, secret: app.clientSecret! })));
    assert.equal(results.filter((r) => r.status === 200).length, 1, JSON.stringify(results.map((r) => r.body.error ?? 'ok')));
    const winner = results.find((r) => r.status === 200)!;
    assert.equal((await client.tokenIntrospection(config, winner.body.access_token)).active, false, 'the replay revoked what the winner got');
  });

  test(`an expired code (they live ${AUTHORIZATION_CODE_TTL_S} s) is refused`, async () => {
    const user = await createUser(node, admin);
    const { request, code } = await codeFor(user);
    const past = Math.floor(Date.now() / 1000) - 5;
    const row = await node.portico.store.db.selectFrom('oidc_artifacts').select('payload').where('model', '=', 'AuthorizationCode').where('id', '=', code).executeTakeFirstOrThrow();
    await node.portico.store.db
      .updateTable('oidc_artifacts')
      .set({ payload: JSON.stringify({ ...JSON.parse(row.payload), exp: past }), expires_at: new Date(past * 1000).toISOString() })
      .where('model', '=', 'AuthorizationCode')
      .where('id', '=', code)
      .execute();
    const res = await tokenRequest(node, { grant_type: 'authorization_code', code, redirect_uri: app.redirectUri, code_verifier: request.verifier }, { id: app.clientId, secret: app.clientSecret! });
    assert.equal(res.body.error, 'invalid_grant');
  });

  test('introspection and revocation work for the token’s own client only', async () => {
    const user = await createUser(node, admin);
    const { tokens } = await signIn(node, config, app, user, { extra: { scope: 'openid offline_access', prompt: 'consent' } });
    const other = await relyingParty(node, await registerApp(node, admin));
    assert.equal((await client.tokenIntrospection(other, tokens.access_token)).active, false, 'another client learns nothing');
    const mine = await client.tokenIntrospection(config, tokens.access_token);
    assert.equal(mine.active, true);
    assert.equal(mine.sub, user.id);
    await client.tokenRevocation(config, tokens.refresh_token!);
    assert.equal((await oauthError(client.refreshTokenGrant(config, tokens.refresh_token!))).error, 'invalid_grant');
  });

  test('a disabled user gets no more tokens: refresh and userinfo are refused', async () => {
    const user = await createUser(node, admin);
    const { tokens } = await signIn(node, config, app, user, { extra: { scope: 'openid offline_access', prompt: 'consent' } });
    const patched = await node.api('PATCH', `${V1}/users/${user.id}`, { token: admin, body: { status: 'disabled' } });
    assert.equal(patched.status, 200);
    assert.equal((await oauthError(client.refreshTokenGrant(config, tokens.refresh_token!))).error, 'invalid_grant');
    assert.equal((await oauthError(client.fetchUserInfo(config, tokens.access_token, user.id))).status, 401);
  });

  test('the User Center signs in through the provider with its own session, and signs out with RP-initiated logout', async () => {
    const user = await createUser(node, admin);
    const browser = new Browser(node.url);
    const account = await browser.open('/account');
    assert.match(account.url, new RegExp(`/login\\?app=${USER_CENTER_APP_ID}&return_to=%2Foidc%2Finteraction%2F`), 'no session: the provider sends the browser to the login page, naming the application by its id');
    const posted = await browser.post('/login/password', {
      app: 'user-center',
      return_to: decodeURIComponent(/return_to=([^&"]+)/.exec(account.url)![1]),
      csrf: /name="csrf" value="([^"]+)"/.exec(account.body)![1],
      username: user.username,
      password: 'a long enough password',
    });
    const hops = await browser.follow(posted);
    assert.ok(hops.some((p) => p.url.includes('/account/callback?code=')), 'the code comes back to the User Center');
    assert.equal(hops.at(-1)!.status, 200);
    assert.match(hops.at(-1)!.body, new RegExp(user.displayName));
    assert.ok(browser.cookies.get('portico_uc'), 'the User Center has its own session cookie');
    assert.equal(JSON.parse((await browser.get('/api/me')).body).id, user.id);

    const csrf = /name="csrf" value="([^"]+)"/.exec(hops.at(-1)!.body)![1];
    const out = await browser.post('/logout', { csrf });
    assert.match(out.location!, /^\/oidc\/session\/end\?id_token_hint=/);
    const done = await submitForm(browser, await browser.get(out.location!));
    assert.equal(new URL(done.location!).pathname + new URL(done.location!).search, `/login?app=${USER_CENTER_APP_ID}`);
    assert.equal((await browser.get('/api/me')).status, 401);
    const back = await browser.open('/account');
    assert.match(back.url, new RegExp(`/login\\?app=${USER_CENTER_APP_ID}`), 'signed out of Portico too');
  });

  test('signing in as someone else in the same browser: the User Center follows, and shows the new person', async () => {
    const [first, second] = [await createUser(node, admin), await createUser(node, admin)];
    const browser = new Browser(node.url);
    const signInAs = async (user: { username: string }) => {
      const page = await browser.get('/login?app=user-center');
      const posted = await browser.post('/login/password', { app: 'user-center', csrf: /name="csrf" value="([^"]+)"/.exec(page.body)![1], username: user.username, password: 'a long enough password' });
      let last = (await browser.follow(posted, 15)).at(-1)!;
      // The provider's session still names the first person: it ends it (a self-submitting form) and resumes.
      if (/session\/end\/confirm/.test(last.body)) last = (await browser.follow(await submitForm(browser, last), 15)).at(-1)!;
      return last;
    };
    assert.match((await signInAs(first)).body, new RegExp(first.displayName));
    const account = await signInAs(second);
    assert.equal(account.status, 200);
    assert.match(account.body, new RegExp(second.displayName));
    assert.equal(JSON.parse((await browser.get('/api/me')).body).id, second.id);
    assert.ok(browser.cookies.get('portico_session'), 'the new person’s SSO session survived the provider’s sign-out of the old one');
  });

  test('key rotation: new tokens carry the new kid, the old key stays published, old tokens still verify', async () => {
    const user = await createUser(node, admin);
    const before = await signIn(node, config, app, user);
    const oldKid = decodeProtectedHeader(before.tokens.id_token!).kid;

    const appAdmin = await node.tokenFor('app_admin');
    assert.equal((await node.api('POST', `${V1}/signing-keys/rotate`, { token: appAdmin })).status, 403);
    const rotated = await node.api('POST', `${V1}/signing-keys/rotate`, { token: admin });
    assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
    const newEs = rotated.body.activated.find((k: { alg: string }) => k.alg === 'ES256').kid;
    assert.ok(rotated.body.retiring.some((k: { kid: string; retireAfter: string }) => k.kid === oldKid && Date.parse(k.retireAfter) > Date.now()));

    const published = await jwks();
    assert.equal(published.keys.length, 4, 'two active keys and two retiring ones');
    assert.ok(published.keys.some((k) => k.kid === oldKid));
    const after = await signIn(node, config, app, user);
    assert.equal(decodeProtectedHeader(after.tokens.id_token!).kid, newEs);
    const verified = await jwtVerify(before.tokens.id_token!, createLocalJWKSet(published), { issuer: `${node.url}/oidc`, audience: app.clientId, currentDate: new Date(Date.now() - 1000) });
    assert.equal(verified.payload.sub, user.id);

    const listed = await node.api('GET', `${V1}/signing-keys`, { token: await node.tokenFor('auditor') });
    assert.deepEqual(listed.body.items.filter((k: { state: string }) => k.state === 'active').map((k: { kid: string }) => k.kid).sort(), rotated.body.activated.map((k: { kid: string }) => k.kid).sort());
    const audit = await node.api('GET', `${V1}/audit-events?action=signing_keys.rotate`, { token: admin });
    assert.equal(audit.body.items.length, 1);
    assert.ok(!JSON.stringify(audit.body.items[0]).includes('"d"'), 'no key material in the audit log');
  });

  test('the mobile number of a person without one is simply absent from the claims', async () => {
    const user = await createUser(node, admin, { mobile: null, email: null });
    const { tokens } = await signIn(node, config, app, user);
    const claims = tokens.claims()!;
    assert.equal(claims.phone_number, undefined);
    assert.equal(claims.email, undefined);
    assert.equal(claims.preferred_username, user.username);
  });
});

/** The SSO session's key in the short-lived store, as src/login/session.ts derives it. */
const ssoKey = (token: string) => `session:${createHash('sha256').update(token).digest('base64url')}`;
