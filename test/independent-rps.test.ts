/**
 * Relying parties Portico did not write, each signing a person in and out through Portico as its own
 * documentation says to: Authlib, and requests-oauthlib with PyJWT (Debian's python3 packages, installed
 * by .ci/run), simple-oauth2 with jose and passport-openidconnect (npm). Each runs the code flow (with
 * PKCE where the library can send it), checks the ID token its own way, and uses what it supports of
 * UserInfo, introspection, refresh with rotation, revocation and RP-initiated logout.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, createHash } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { AuthorizationCode } from 'simple-oauth2';
import { Strategy as OpenIdStrategy } from 'passport-openidconnect';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { Browser } from './helpers/browser.ts';
import { createUser, registerApp, type RegisteredApp } from './helpers/oidc.ts';
import { personAt, pythonRps, runPythonRp } from './helpers/independent-rp.ts';

describeEachDialect('Independent relying parties', (dialect) => {
  let node: TestNode;
  let admin: string;
  let issuer: string;
  let user: { id: string; username: string; displayName: string };
  let meta: Record<string, string>;

  before(async () => {
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
    issuer = `${node.url}/oidc`;
    user = await createUser(node, admin);
    meta = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, string>;
  });
  after(() => node?.close());

  const appFor = () => registerApp(node, admin);
  const args = (app: RegisteredApp) => [issuer, app.clientId, app.clientSecret!, app.redirectUri, app.postLogoutRedirectUri];
  const signedOut = (browser: Browser) => assert.equal(browser.cookies.get('portico_session'), undefined, 'signed out of Portico too');

  test('Authlib: code flow with PKCE, the ID token checked against the JWKS, UserInfo, introspection, refresh, revocation, logout', pythonRps, async () => {
    const app = await appFor();
    const browser = new Browser(node.url);
    const done = await runPythonRp('authlib_rp.py', args(app), await personAt(browser, app, user));
    assert.equal(done.sub, user.id);
    assert.equal(done.name, user.displayName);
    assert.equal(done.introspected, true);
    assert.equal(done.rotated, true, 'the refresh token rotates');
    assert.equal(done.revoked_active, false, 'a revoked refresh token is inactive');
    assert.ok(String(done.logged_out_to).startsWith(app.postLogoutRedirectUri));
    assert.equal(done.logout_state_back, true, 'the logout state comes back');
    signedOut(browser);
  });

  test('requests-oauthlib with PyJWT: code flow with PKCE, the ID token checked with PyJWT, refresh, revocation, logout', pythonRps, async () => {
    const app = await appFor();
    const browser = new Browser(node.url);
    const done = await runPythonRp('requests_oauthlib_rp.py', args(app), await personAt(browser, app, user));
    assert.equal(done.sub, user.id);
    assert.equal(done.name, user.displayName);
    assert.equal(done.rotated, true);
    assert.equal(done.revoke_status, 200);
    assert.equal(done.reuse_error, 'invalid_grant', 'a revoked refresh token is refused');
    assert.ok(String(done.logged_out_to).startsWith(app.postLogoutRedirectUri));
    signedOut(browser);
  });

  test('simple-oauth2 with jose: code flow with PKCE, the ID token checked with jose, refresh, revocation, logout', async () => {
    const app = await appFor();
    const browser = new Browser(node.url);
    const person = await personAt(browser, app, user);
    const path = (endpoint: string) => new URL(meta[endpoint]).pathname;
    const client = new AuthorizationCode({
      client: { id: app.clientId, secret: app.clientSecret! },
      auth: { tokenHost: node.url, authorizeHost: node.url, authorizePath: path('authorization_endpoint'), tokenPath: path('token_endpoint'), revokePath: path('revocation_endpoint') },
    });
    const verifier = randomBytes(32).toString('base64url');
    const [state, nonce] = [randomBytes(12).toString('base64url'), randomBytes(12).toString('base64url')];
    // simple-oauth2 passes every parameter through, though its types name only the OAuth 2.0 ones.
    const url = client.authorizeURL({
      redirect_uri: app.redirectUri,
      scope: 'openid profile offline_access',
      state,
      nonce,
      prompt: 'consent',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    } as Parameters<typeof client.authorizeURL>[0]);
    const callback = new URL(await person.authorize(url));
    assert.equal(callback.searchParams.get('state'), state);
    assert.equal(callback.searchParams.get('iss'), issuer, 'RFC 9207: the issuer comes with the code');
    const token = await client.getToken({ code: callback.searchParams.get('code')!, redirect_uri: app.redirectUri, code_verifier: verifier } as Parameters<typeof client.getToken>[0]);
    const { payload } = await jwtVerify(String(token.token.id_token), createRemoteJWKSet(new URL(meta.jwks_uri)), { issuer, audience: app.clientId });
    assert.equal(payload.sub, user.id);
    assert.equal(payload.nonce, nonce);

    const refreshed = await token.refresh();
    assert.notEqual(refreshed.token.refresh_token, token.token.refresh_token, 'the refresh token rotates');
    await refreshed.revoke('refresh_token');
    await assert.rejects(refreshed.refresh(), (e: { output?: { statusCode?: number } }) => e.output?.statusCode === 400);

    const landed = await person.logout(`${meta.end_session_endpoint}?${new URLSearchParams({ id_token_hint: String(token.token.id_token), post_logout_redirect_uri: app.postLogoutRedirectUri })}`);
    assert.ok(landed.startsWith(app.postLogoutRedirectUri));
    signedOut(browser);
  });

  test('passport-openidconnect: the code flow as a confidential client (it sends no PKCE), its own ID token checks, UserInfo', async () => {
    const app = await appFor();
    const browser = new Browser(node.url);
    const person = await personAt(browser, app, user);
    const strategy = new OpenIdStrategy(
      {
        issuer,
        authorizationURL: meta.authorization_endpoint,
        tokenURL: meta.token_endpoint,
        userInfoURL: meta.userinfo_endpoint,
        clientID: app.clientId,
        clientSecret: app.clientSecret!,
        callbackURL: app.redirectUri,
        scope: ['profile'],
        // Any value turns the library's nonce on (it makes its own).
        nonce: 'on',
      },
      (_issuer: string, profile: Express.User, done: (err?: Error | null, user?: Express.User) => void) => done(null, profile),
    );
    // passport's authenticate(), as its middleware drives a strategy: one request out, one back.
    const session = {};
    const drive = (query: Record<string, string>) =>
      new Promise<{ redirect?: string; user?: { id: string; displayName: string }; failure?: unknown }>((resolve, reject) => {
        const s = Object.create(strategy);
        s.redirect = (url: string) => resolve({ redirect: url });
        s.success = (u: { id: string; displayName: string }) => resolve({ user: u });
        s.fail = (failure: unknown) => resolve({ failure });
        s.error = reject;
        s.authenticate({ query, session, headers: {}, url: '/callback' });
      });
    const out = await drive({});
    assert.ok(out.redirect?.startsWith(meta.authorization_endpoint));
    const callback = new URL(await person.authorize(out.redirect!));
    const back = await drive(Object.fromEntries(callback.searchParams));
    assert.equal(back.failure, undefined, JSON.stringify(back.failure));
    assert.equal(back.user?.id, user.id);
    assert.equal(back.user?.displayName, user.displayName);
  });
});
