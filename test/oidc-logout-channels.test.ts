/**
 * Signing out of Portico signs the person out of every application: OpenID Connect Back-Channel Logout
 * 1.0 (logout tokens posted to the applications, received here by small servers standing in for them:
 * ./helpers/logout-receiver.ts) and Front-Channel Logout 1.0 (the page that loads each application's
 * logout page in a frame; test/browser/frontchannel-logout.test.ts watches a real browser load them),
 * whichever way the sign-out happens: RP-initiated logout, the User Center, an administrator disabling the
 * user or signing them out everywhere.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import * as client from 'openid-client';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { describeEachDialect, REDIS_URL, redisProblem, startNode, type TestNode } from './helpers/harness.ts';
import { Browser, decodeEntities, field } from './helpers/browser.ts';
import { authorize, authorizationRequest, createUser, registerApp, relyingParty, signIn, submitForm, type RegisteredApp } from './helpers/oidc.ts';
import { startLogoutReceiver, type LogoutReceiver, type ReceiverMode } from './helpers/logout-receiver.ts';
import { DEBIAN_PYTHON, pythonRps } from './helpers/independent-rp.ts';
import { BACKCHANNEL_LOGOUT_TIMEOUT_MS } from '../src/oidc/policy.ts';
import { USER_CENTER_APP_ID } from '../src/store/well-known.ts';

const V1 = '/api/admin/v1';
const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

describeEachDialect('Back-channel and front-channel logout: signing out of Portico signs out of every application', (dialect) => {
  let node: TestNode;
  let admin: string;
  let issuer: string;
  const receivers: LogoutReceiver[] = [];

  before(async () => {
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
    issuer = `${node.url}/oidc`;
  });
  after(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await node?.close();
  });

  /** An application whose back end receives logout tokens (`mode`: how it answers), with its settings. */
  const appWithReceiver = async (settings: Record<string, unknown> = {}, mode: ReceiverMode = 'ok', slowMs = 0) => {
    const receiver = await startLogoutReceiver(mode, slowMs);
    receivers.push(receiver);
    const app = await registerApp(node, admin, { settings: { backchannelLogoutUri: receiver.backchannelUri, backchannelLogoutSessionRequired: true, ...settings } });
    return { app, receiver, config: await relyingParty(node, app) };
  };
  const keys = async () => createLocalJWKSet((await (await fetch(`${issuer}/jwks`)).json()) as JSONWebKeySet);

  /** Verifies a logout token as Back-Channel Logout §2.4 defines it; returns its claims. */
  const verifyLogoutToken = async (token: string, app: RegisteredApp, idToken: string) => {
    const { payload, protectedHeader } = await jwtVerify(token, await keys(), { issuer, audience: app.clientId, typ: 'logout+jwt' });
    assert.equal(protectedHeader.alg, decodeProtectedHeader(idToken).alg, "signed with the application's ID token algorithm");
    for (const claim of ['iat', 'exp', 'jti'] as const) assert.ok(payload[claim] !== undefined, `${claim} is present`);
    assert.ok(payload.exp! > payload.iat!, 'it expires after it was issued');
    assert.deepEqual(payload.events, { [BACKCHANNEL_EVENT]: {} }, 'the back-channel logout event, an empty object');
    assert.equal(payload.nonce, undefined, '§2.4: a logout token never has a nonce');
    const id = decodeJwt(idToken);
    assert.equal(payload.sub, id.sub, 'the person signed out');
    assert.ok(typeof id.sid === 'string' && id.sid.length > 0, 'the ID token carried a sid');
    assert.equal(payload.sid, id.sid, 'the session the application knows from its ID token');
    return payload;
  };
  const deliveries = async (userId: string) => {
    const res = await node.api('GET', `${V1}/audit-events?action=oidc.backchannel_logout&actorId=${userId}&pageSize=50`, { token: admin });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items as { outcome: string; reason: string; target: { id: string } | null; after: { clientId: string; sid?: string; status?: number } }[];
  };
  /** RP-initiated logout from `app` in `browser`, confirmed by the person if asked; returns the last answer. */
  const rpLogout = async (browser: Browser, config: client.Configuration, app: RegisteredApp, idToken: string, state = 'bye') => {
    const url = client.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: app.postLogoutRedirectUri, state });
    const page = await browser.get(url.toString());
    assert.equal(page.status, 200, page.body.slice(0, 300));
    return submitForm(browser, page, { logout: 'yes' });
  };

  test('discovery says both are supported, with session ids (Back-Channel Logout §2.1, Front-Channel Logout §3)', async () => {
    const meta = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    for (const key of ['backchannel_logout_supported', 'backchannel_logout_session_supported', 'frontchannel_logout_supported', 'frontchannel_logout_session_supported']) {
      assert.equal(meta[key], true, key);
    }
  });

  test('two applications signed in through SSO each get a verified logout token when the person signs out at one of them', async () => {
    const a = await appWithReceiver();
    const b = await appWithReceiver({ idTokenSignedResponseAlg: 'ES256' });
    const user = await createUser(node, admin);
    const first = await signIn(node, a.config, a.app, user);
    const second = await signIn(node, b.config, b.app, user, { browser: first.browser });
    assert.equal(second.sawLoginPage, false, 'the second application signed in through SSO');
    assert.notEqual(decodeJwt(first.tokens.id_token!).sid, decodeJwt(second.tokens.id_token!).sid, 'each application has its own sid');

    const done = await rpLogout(first.browser, a.config, a.app, first.tokens.id_token!);
    assert.equal(done.status, 303, 'no front-channel page: the browser goes straight back');
    assert.equal(new URL(done.location!).searchParams.get('state'), 'bye');

    const [tokenA] = await a.receiver.waitForTokens(1);
    const [tokenB] = await b.receiver.waitForTokens(1);
    assert.deepEqual([a.receiver.tokens.length, b.receiver.tokens.length], [1, 1], 'one token each: the provider sent them, and the SSO session ending after found nothing left to send');
    const claimsA = await verifyLogoutToken(tokenA, a.app, first.tokens.id_token!);
    const claimsB = await verifyLogoutToken(tokenB, b.app, second.tokens.id_token!);
    assert.notEqual(claimsA.jti, claimsB.jti, 'a fresh jti for each token');
    const audited = await deliveries(user.id);
    assert.deepEqual(audited.map((e) => [e.outcome, e.reason, e.after.clientId]).sort(), [
      ['success', 'oidc.backchannel_logout.delivered', a.app.clientId],
      ['success', 'oidc.backchannel_logout.delivered', b.app.clientId],
    ].sort());
    assert.deepEqual(new Set(audited.map((e) => e.target?.id)), new Set([a.app.id, b.app.id]), 'each delivery names its application');
  });

  test('an application that does not require the session id gets sub only; one without a back-channel URI gets nothing, yet has sid in its ID tokens', async () => {
    const withoutSid = await appWithReceiver({ backchannelLogoutSessionRequired: false });
    const plain = await registerApp(node, admin);
    const plainConfig = await relyingParty(node, plain);
    const user = await createUser(node, admin);
    const first = await signIn(node, withoutSid.config, withoutSid.app, user);
    const second = await signIn(node, plainConfig, plain, user, { browser: first.browser });
    assert.ok(decodeJwt(second.tokens.id_token!).sid, 'sid is in every ID token (Back-Channel Logout §2.1: session supported)');

    await rpLogout(first.browser, plainConfig, plain, second.tokens.id_token!);
    const [token] = await withoutSid.receiver.waitForTokens(1);
    const { payload } = await jwtVerify(token, await keys(), { issuer, audience: withoutSid.app.clientId, typ: 'logout+jwt' });
    assert.equal(payload.sub, user.id);
    assert.equal(payload.sid, undefined, 'backchannel_logout_session_required false: sub identifies the person');
    assert.deepEqual((await deliveries(user.id)).map((e) => e.after.clientId), [withoutSid.app.clientId], 'no delivery was even attempted for the application without a URI');
  });

  test('signing out in the User Center sends the logout tokens for the applications signed in in that browser, and ends its provider session', async () => {
    const a = await appWithReceiver();
    const user = await createUser(node, admin);
    const { browser, tokens } = await signIn(node, a.config, a.app, user);
    const account = await browser.open('/account');
    assert.equal(account.status, 200, 'the User Center signs in through SSO');
    const out = await browser.post('/logout', { csrf: field(account.body, 'csrf') });
    assert.equal(out.status, 303, 'no front-channel page: straight on to the provider');
    const [token] = await a.receiver.waitForTokens(1);
    await verifyLogoutToken(token, a.app, tokens.id_token!);
    const end = await browser.follow(await browser.get(out.location!));
    const confirm = end.at(-1)!;
    const landed = confirm.status === 200 ? await submitForm(browser, confirm) : confirm;
    assert.equal(new URL(landed.location!, node.url).pathname + new URL(landed.location!, node.url).search, `/login?app=${USER_CENTER_APP_ID}`);
    assert.equal(a.receiver.tokens.length, 1, 'one token per sign-out');
    const again = await authorize(browser, (await authorizationRequest(a.config, a.app)).url, a.app);
    assert.ok(again.sawLoginPage && !again.location, 'signed out of the provider too: the application asks for a sign-in');
  });

  test('an administrator disabling the user sends logout tokens for every browser they are signed in with; deleting one does too', async () => {
    const a = await appWithReceiver();
    const user = await createUser(node, admin);
    const laptop = await signIn(node, a.config, a.app, user);
    const phone = await signIn(node, a.config, a.app, user);
    const disabled = await node.api('PATCH', `${V1}/users/${user.id}`, { token: admin, body: { status: 'disabled' } });
    assert.equal(disabled.status, 200);
    const tokens = await a.receiver.waitForTokens(2);
    const sids = await Promise.all(tokens.map(async (t) => (await jwtVerify(t, await keys(), { issuer, audience: a.app.clientId, typ: 'logout+jwt' })).payload));
    assert.deepEqual(sids.map((p) => p.sub), [user.id, user.id]);
    assert.deepEqual(new Set(sids.map((p) => p.sid)), new Set([decodeJwt(laptop.tokens.id_token!).sid, decodeJwt(phone.tokens.id_token!).sid]), "each browser's session");
    // Their provider sessions are gone: enabling the user again does not bring them back.
    await node.api('PATCH', `${V1}/users/${user.id}`, { token: admin, body: { status: 'active' } });
    const back = await authorize(laptop.browser, (await authorizationRequest(a.config, a.app)).url, a.app);
    assert.ok(back.sawLoginPage, 'the next sign-in asks for credentials');

    const other = await createUser(node, admin);
    const signed = await signIn(node, a.config, a.app, other);
    assert.equal((await node.api('DELETE', `${V1}/users/${other.id}`, { token: admin })).status, 204);
    const [, , deleted] = await a.receiver.waitForTokens(3);
    await verifyLogoutToken(deleted, a.app, signed.tokens.id_token!);
  });

  test('an administrator signing a user out everywhere signs them out of every application without disabling them; 404 for no such user, 403 for an auditor', async () => {
    const a = await appWithReceiver();
    const b = await appWithReceiver();
    const user = await createUser(node, admin);
    const first = await signIn(node, a.config, a.app, user);
    const second = await signIn(node, b.config, b.app, user, { browser: first.browser });
    assert.equal(second.sawLoginPage, false, 'the second application signed in through SSO');
    const signOut = (id: string, token: string) => node.api('POST', `${V1}/users/${id}/sign-out`, { token });

    const refused = await signOut(user.id, await node.tokenFor('auditor'));
    assert.deepEqual([refused.status, refused.body.code], [403, 'admin.forbidden']);
    const unknown = await signOut('usr_nobody', admin);
    assert.deepEqual([unknown.status, unknown.body.code], [404, 'user.not_found']);

    assert.equal((await signOut(user.id, admin)).status, 204);
    const [tokenA] = await a.receiver.waitForTokens(1);
    const [tokenB] = await b.receiver.waitForTokens(1);
    await verifyLogoutToken(tokenA, a.app, first.tokens.id_token!);
    await verifyLogoutToken(tokenB, b.app, second.tokens.id_token!);
    assert.equal((await client.tokenIntrospection(a.config, first.tokens.access_token)).active, false, 'the grant is revoked with the provider session');

    const events = await node.api('GET', `${V1}/audit-events?action=user.sign_out_everywhere&targetId=${user.id}`, { token: admin });
    assert.deepEqual(
      events.body.items.map((e: { category: string; target: unknown; outcome: string }) => [e.category, e.target, e.outcome]),
      [['security', { type: 'user', id: user.id }, 'success']],
    );
    assert.equal((await node.api('GET', `${V1}/users/${user.id}`, { token: admin })).body.status, 'active', 'not disabled');

    const back = await authorize(first.browser, (await authorizationRequest(a.config, a.app)).url, a.app);
    assert.ok(back.sawLoginPage && !back.location, "the browser's SSO session is over: the application asks for a sign-in");
    const again = await signIn(node, b.config, b.app, user, { browser: first.browser });
    assert.equal(again.sawLoginPage, true, 'the user signs in again with their password');
    assert.deepEqual([a.receiver.tokens.length, b.receiver.tokens.length], [1, 1], 'one logout token each: the refused calls sent none');
  });

  for (const redis of [false, true]) {
    test(`another node finds the sessions one node recorded: signed in on one, disabled on the other (${redis ? 'with Redis' : 'SQL only'})`, { skip: redis && redisProblem ? `Redis unreachable: ${redisProblem}` : false }, async () => {
      const first = await startNode(dialect, redis ? { PORTICO_REDIS_URL: REDIS_URL } : {});
      const second = await first.join();
      try {
        const token = await first.tokenFor('super_admin');
        const receiver = await startLogoutReceiver();
        receivers.push(receiver);
        const app = await registerApp(first, token, { settings: { backchannelLogoutUri: receiver.backchannelUri, backchannelLogoutSessionRequired: true } });
        const user = await createUser(first, token);
        const { tokens } = await signIn(first, await relyingParty(first, app), app, user);
        const disabled = await second.api('PATCH', `${V1}/users/${user.id}`, { token, body: { status: 'disabled' } });
        assert.equal(disabled.status, 200);
        const [logoutToken] = await receiver.waitForTokens(1);
        // Each test node has its own public URL (a cluster shares one): the keys are the cluster's, the issuer the sending node's.
        const { payload } = await jwtVerify(logoutToken, createLocalJWKSet((await (await fetch(`${second.url}/oidc/jwks`)).json()) as JSONWebKeySet), {
          issuer: `${second.url}/oidc`,
          audience: app.clientId,
          typ: 'logout+jwt',
        });
        assert.deepEqual([payload.sub, payload.sid], [user.id, decodeJwt(tokens.id_token!).sid]);
      } finally {
        await second.close();
        await first.close();
      }
    });
  }

  test('a failing and a slow application do not stop the sign-out, and the audit log says what happened to each', async () => {
    const ok = await appWithReceiver();
    const failing = await appWithReceiver({}, 'fail');
    const slow = await appWithReceiver({}, 'slow', BACKCHANNEL_LOGOUT_TIMEOUT_MS + 2000);
    const user = await createUser(node, admin);
    const first = await signIn(node, ok.config, ok.app, user);
    await signIn(node, failing.config, failing.app, user, { browser: first.browser });
    await signIn(node, slow.config, slow.app, user, { browser: first.browser });

    const started = Date.now();
    const done = await rpLogout(first.browser, ok.config, ok.app, first.tokens.id_token!);
    const took = Date.now() - started;
    assert.equal(done.status, 303);
    assert.equal(new URL(done.location!).origin + new URL(done.location!).pathname, ok.app.postLogoutRedirectUri, 'the person is signed out and sent on');
    assert.ok(took < BACKCHANNEL_LOGOUT_TIMEOUT_MS + 1500, `the sign-out waited ${took} ms: no longer than the delivery timeout`);
    assert.equal(first.browser.cookies.get('portico_session'), undefined, 'signed out of Portico');

    const byClient = Object.fromEntries((await deliveries(user.id)).map((e) => [e.after.clientId, [e.outcome, e.reason, e.after.status]]));
    assert.deepEqual(byClient, {
      [ok.app.clientId]: ['success', 'oidc.backchannel_logout.delivered', undefined],
      [failing.app.clientId]: ['failure', 'oidc.backchannel_logout.refused', 500],
      [slow.app.clientId]: ['failure', 'oidc.backchannel_logout.timeout', undefined],
    });
  });

  test('front-channel logout: the signing-out page loads each logout page (iss and sid when asked), frames only those origins, then continues', async () => {
    const receiverA = await startLogoutReceiver();
    const receiverB = await startLogoutReceiver();
    receivers.push(receiverA, receiverB);
    const a = await registerApp(node, admin, { redirectUri: receiverA.callbackUri, settings: { frontchannelLogoutUri: `${receiverA.frontchannelUri}?tenant=1`, frontchannelLogoutSessionRequired: true } });
    const b = await registerApp(node, admin, { redirectUri: receiverB.callbackUri, settings: { frontchannelLogoutUri: receiverB.frontchannelUri } });
    const [configA, configB] = [await relyingParty(node, a), await relyingParty(node, b)];
    const user = await createUser(node, admin);
    const first = await signIn(node, configA, a, user);
    await signIn(node, configB, b, user, { browser: first.browser });

    const page = await rpLogout(first.browser, configA, a, first.tokens.id_token!, 'fc');
    assert.equal(page.status, 200, 'the signing-out page instead of the redirect');
    assert.match(page.body, /data-page="signing-out"/);
    const frames = JSON.parse(decodeEntities(/data-frames="([^"]*)"/.exec(page.body)![1])) as string[];
    const frameA = new URL(frames.find((f) => f.startsWith(receiverA.frontchannelUri))!);
    assert.equal(frameA.searchParams.get('tenant'), '1', 'the registered query is kept');
    assert.equal(frameA.searchParams.get('iss'), issuer);
    assert.equal(frameA.searchParams.get('sid'), decodeJwt(first.tokens.id_token!).sid, "the sid of the application's ID token");
    assert.equal(frames.find((f) => f.startsWith(receiverB.frontchannelUri)), receiverB.frontchannelUri, 'no iss and sid for the application that did not ask');
    assert.equal(frames.length, 2);
    const next = new URL(decodeEntities(/data-next="([^"]*)"/.exec(page.body)![1]));
    assert.equal(next.origin + next.pathname, a.postLogoutRedirectUri);
    assert.equal(next.searchParams.get('state'), 'fc');
    const csp = page.headers.get('content-security-policy')!;
    assert.match(csp, new RegExp(`frame-src ${receiverA.url} ${receiverB.url};|frame-src ${receiverB.url} ${receiverA.url};`), csp);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(page.body, /<script src="\/assets\/signing-out\.js" defer>/);
    assert.equal(first.browser.cookies.get('portico_session'), undefined, 'signed out of Portico already');
  });

  test('front-channel logout from the User Center: the same page, on to the provider', async () => {
    const receiver = await startLogoutReceiver();
    receivers.push(receiver);
    const a = await registerApp(node, admin, { redirectUri: receiver.callbackUri, settings: { frontchannelLogoutUri: receiver.frontchannelUri, frontchannelLogoutSessionRequired: true } });
    const config = await relyingParty(node, a);
    const user = await createUser(node, admin);
    const { browser, tokens } = await signIn(node, config, a, user);
    const account = await browser.open('/account');
    const page = await browser.post('/logout', { csrf: field(account.body, 'csrf') });
    assert.equal(page.status, 200);
    const frames = JSON.parse(decodeEntities(/data-frames="([^"]*)"/.exec(page.body)![1])) as string[];
    assert.deepEqual(frames, [`${receiver.frontchannelUri}?iss=${encodeURIComponent(issuer)}&sid=${decodeJwt(tokens.id_token!).sid}`]);
    assert.match(decodeEntities(/data-next="([^"]*)"/.exec(page.body)![1]), /^\/oidc\/session\/end\?id_token_hint=/);
    assert.match(page.headers.get('content-security-policy')!, new RegExp(`frame-src ${receiver.url}; frame-ancestors 'none'`));
  });

  test('an independent relying party (PyJWT) accepts a logout token by Back-Channel Logout §2.6, and refuses a tampered one', pythonRps, async () => {
    const a = await appWithReceiver();
    const user = await createUser(node, admin);
    const { browser, tokens } = await signIn(node, a.config, a.app, user);
    await rpLogout(browser, a.config, a.app, tokens.id_token!);
    const [token] = await a.receiver.waitForTokens(1);
    /** Runs the Python RP on one token (asynchronously: it fetches discovery and the JWKS from this process's node). */
    const check = async (candidate: string, clientId = a.app.clientId) => {
      const child = spawn(DEBIAN_PYTHON, ['backchannel_logout_rp.py', issuer, clientId], { cwd: fileURLToPath(new URL('./rp/', import.meta.url)) });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.stdin.end(candidate);
      const [status] = await once(child, 'exit');
      assert.equal(status, 0, stderr);
      return JSON.parse(stdout) as { valid: boolean; sub?: string; sid?: string; error?: string };
    };
    const accepted = await check(token);
    assert.deepEqual([accepted.valid, accepted.sub, accepted.sid], [true, user.id, decodeJwt(tokens.id_token!).sid], accepted.error);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url')}.${signature}`;
    assert.equal((await check(tampered)).valid, false, 'a changed claim breaks the signature');
    assert.equal((await check(token, 'another-client')).valid, false, 'a token for another application');
    assert.match((await check(tokens.id_token!)).error ?? '', /typ/, 'an ID token is not a logout token');
  });
});
