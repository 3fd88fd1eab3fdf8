/**
 * A second factor for applications whose policy asks for one, on both databases: enrolling an
 * authenticator app at the first sign-in (the test computes codes as the app would), recovery codes,
 * the challenge at later sign-ins, one use per code, the limit on wrong codes, and what the ID token
 * then says (amr, acr).
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import * as client from 'openid-client';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { Browser, decodeEntities, field, type Page } from './helpers/browser.ts';
import { authorizationRequest, createUser, registerApp, relyingParty, untilRedirect, USER_PASSWORD, type RegisteredApp } from './helpers/oidc.ts';
import { totpCode } from '../src/factors/totp.ts';
import { ACR_MULTI_FACTOR, ACR_SINGLE_FACTOR } from '../src/oidc/acr.ts';

const V1 = '/api/admin/v1';
const STEP_MS = 30_000;

describeEachDialect('second factor', (dialect) => {
  let node: TestNode;
  let admin: string;
  let app: RegisteredApp;
  let config: client.Configuration;

  before(async () => {
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
    app = await registerApp(node, admin);
    config = await relyingParty(node, app);
    const set = await node.api('PATCH', `${V1}/applications/${app.id}`, { token: admin, body: { secondFactor: { mode: 'always' } } });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual(set.body.application.secondFactor, { mode: 'always', methods: [], rememberDays: 30, enroll: true, factors: ['totp', 'passkey'] });
  });
  after(async () => node?.close());

  /** Signs in with the password at the application's login page; answers the page the sign-in lands on, and the request. */
  async function firstFactor(browser: Browser, user: { username: string }) {
    const request = await authorizationRequest(config, app);
    const run = await untilRedirect(browser, await browser.get(request.url.toString()), app.redirectUri);
    const login = run.last;
    const posted = await browser.post('/login/password', {
      app: field(login.body, 'app'), return_to: field(login.body, 'return_to'), csrf: field(login.body, 'csrf'), username: user.username, password: USER_PASSWORD,
    });
    assert.equal(posted.status, 303);
    assert.equal(posted.location, '/login/factor', 'no session yet: the second factor comes first');
    return { request, page: await browser.get('/login/factor') };
  }

  const submit = (browser: Browser, page: Page, code: string) => browser.post('/login/factor', { csrf: field(page.body, 'csrf'), code });

  async function toApplication(browser: Browser, request: Awaited<ReturnType<typeof authorizationRequest>>, answer: Page) {
    const run = await untilRedirect(browser, answer, app.redirectUri);
    assert.ok(run.location, `back at the application (last ${run.last.status} ${run.last.url})`);
    return client.authorizationCodeGrant(config, run.location, { pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce, idTokenExpected: true });
  }

  test('a person without a factor sets up an authenticator app, keeps recovery codes, and lands with amr otp and mfa', async () => {
    const user = await createUser(node, admin);
    const browser = new Browser(node.url);
    const { request, page } = await firstFactor(browser, user);
    assert.equal(page.status, 200);
    assert.match(page.body, /Set up two-step verification/);
    assert.equal(browser.cookies.has('portico_session'), false);
    const secret = decodeEntities(/data-secret>([^<]+)</.exec(page.body)![1]).replace(/\s/g, '');
    assert.match(page.body, /src="data:image\/png;base64,/);

    const wrong = await submit(browser, page, '000000');
    assert.equal(wrong.status, 400);
    const codes = await submit(browser, wrong, totpCode(secret));
    assert.equal(codes.status, 200);
    const recovery = [...codes.body.matchAll(/<li><code>([0-9A-Z]{5}-[0-9A-Z]{5})<\/code><\/li>/g)].map((m) => m[1]);
    assert.equal(recovery.length, 10);
    const done = await browser.post('/login/factor/continue', { csrf: field(codes.body, 'csrf') });
    const tokens = await toApplication(browser, request, done);
    const claims = tokens.claims()!;
    assert.deepEqual(claims.amr, ['pwd', 'otp', 'mfa']);
    assert.equal(claims.acr, ACR_MULTI_FACTOR);

    // The next sign-in asks for a code; the same code again is refused (each is accepted once).
    const second = new Browser(node.url);
    const next = await firstFactor(second, user);
    assert.match(next.page.body, /Two-step verification/);
    const at = Date.now() + STEP_MS;
    const accepted = await submit(second, next.page, totpCode(secret, at));
    assert.equal(accepted.status, 303);
    await toApplication(second, next.request, accepted);
    const third = new Browser(node.url);
    const again = await firstFactor(third, user);
    const replayed = await submit(third, again.page, totpCode(secret, at));
    assert.equal(replayed.status, 400);
    assert.match(replayed.body, /used already/);

    // A recovery code works once.
    const byRecovery = await submit(third, replayed, recovery[0].toLowerCase());
    assert.equal(byRecovery.status, 303);
    await toApplication(third, again.request, byRecovery);
    const fourth = new Browser(node.url);
    const once = await firstFactor(fourth, user);
    assert.equal((await submit(fourth, once.page, recovery[0])).status, 400);

    const events = await node.portico.store.db.selectFrom('audit_events').select(['reason', 'outcome']).where('action', '=', 'login.factor').where('actor_id', '=', user.id).orderBy('id').execute();
    assert.deepEqual(events.map((e) => e.reason), ['factor.code_invalid', 'factor.enrolled', 'factor.passed', 'factor.code_replayed', 'factor.recovery_used', 'factor.code_invalid']);
  });

  test('five wrong codes end the challenge; nothing signs the person in without the second step', async () => {
    const user = await createUser(node, admin);
    const browser = new Browser(node.url);
    let { page } = await firstFactor(browser, user);
    const secret = decodeEntities(/data-secret>([^<]+)</.exec(page.body)![1]).replace(/\s/g, '');
    const codes = await submit(browser, page, totpCode(secret));
    await browser.post('/login/factor/continue', { csrf: field(codes.body, 'csrf') });

    const other = new Browser(node.url);
    ({ page } = await firstFactor(other, user));
    for (let i = 1; i < 5; i++) {
      page = await submit(other, page, '123456');
      assert.equal(page.status, 400, `attempt ${i}`);
    }
    const ended = await submit(other, page, '123456');
    assert.equal(ended.status, 429);
    assert.equal((await other.get('/login/factor')).status, 400, 'the challenge is gone');
    assert.equal(other.cookies.has('portico_session'), false);

    // Across challenges the account's guesses from this client slow down: right after five, even the right code waits.
    ({ page } = await firstFactor(other, user));
    const slowed = await submit(other, page, totpCode(secret, Date.now() + 30_000));
    assert.equal(slowed.status, 429);
    assert.match(slowed.body, /Wait \d+ s/);
    await sleep(1100);
    assert.equal((await submit(other, slowed, totpCode(secret, Date.now() + 30_000))).status, 303, 'after the wait it goes through');
  });

  /** Signs in to the User Center with the password (no second factor asked there): an SSO session of one factor. */
  async function signedInOnce(user: { username: string }) {
    const browser = new Browser(node.url);
    const home = await browser.open('/login?app=user-center');
    const posted = await browser.post('/login/password', { app: field(home.body, 'app'), csrf: field(home.body, 'csrf'), username: user.username, password: USER_PASSWORD });
    assert.equal(posted.status, 303);
    assert.ok(browser.cookies.has('portico_session'));
    return browser;
  }

  /** Enrolls an authenticator app through the sign-in-time pages; answers its secret. */
  async function enroll(user: { username: string }) {
    const browser = new Browser(node.url);
    const { page } = await firstFactor(browser, user);
    const secret = decodeEntities(/data-secret>([^<]+)</.exec(page.body)![1]).replace(/\s/g, '');
    const codes = await submit(browser, page, totpCode(secret));
    await browser.post('/login/factor/continue', { csrf: field(codes.body, 'csrf') });
    return secret;
  }

  test('an SSO session without a second factor reaching an application that asks for one gives only the second factor', async () => {
    const user = await createUser(node, admin);
    const secret = await enroll(user);
    const browser = await signedInOnce(user);
    const request = await authorizationRequest(config, app);
    const run = await untilRedirect(browser, await browser.get(request.url.toString()), app.redirectUri);
    assert.equal(run.location, undefined);
    assert.match(run.last.url, /\/login\/factor$/, 'no login page: the person is signed in, only the second factor is missing');
    assert.match(run.last.body, /Two-step verification/);
    const answered = await submit(browser, run.last, totpCode(secret, Date.now() + 30_000));
    const claims = (await toApplication(browser, request, answered)).claims()!;
    assert.deepEqual(claims.amr, ['pwd', 'otp', 'mfa']);
    assert.equal(claims.acr, ACR_MULTI_FACTOR);
    const stepUp = await node.portico.store.db.selectFrom('audit_events').select(['reason', 'method']).where('action', '=', 'login.step_up').where('actor_id', '=', user.id).execute();
    assert.deepEqual(stepUp.map((e) => ({ ...e })), [{ reason: 'factor.step_up', method: null }], 'a step-up, not a new sign-in');
  });

  test('an application asking for the multi-factor level with acr_values gets a step-up, even where its policy does not', async () => {
    const plain = await registerApp(node, admin);
    const rp = await relyingParty(node, plain);
    const user = await createUser(node, admin);
    const secret = await enroll(user);
    const browser = await signedInOnce(user);
    const request = await authorizationRequest(rp, plain, { acr_values: ACR_MULTI_FACTOR });
    const run = await untilRedirect(browser, await browser.get(request.url.toString()), plain.redirectUri);
    assert.match(run.last.url, /\/login\/factor$/);
    const answered = await submit(browser, run.last, totpCode(secret, Date.now() + 30_000));
    const back = await untilRedirect(browser, answered, plain.redirectUri);
    const tokens = await client.authorizationCodeGrant(rp, back.location!, { pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce, idTokenExpected: true });
    assert.equal(tokens.claims()!.acr, ACR_MULTI_FACTOR);

    // Without acr_values the same application takes the one-factor session as it is…
    const other = await signedInOnce(user);
    const plainRequest = await authorizationRequest(rp, plain);
    const direct = await untilRedirect(other, await other.get(plainRequest.url.toString()), plain.redirectUri);
    assert.ok(direct.location, 'straight back to the application');
    // …and the provider's own session for it (no interaction needed) still gives way to acr_values.
    const later = await authorizationRequest(rp, plain, { acr_values: ACR_MULTI_FACTOR });
    const stepped = await untilRedirect(other, await other.get(later.url.toString()), plain.redirectUri);
    assert.match(stepped.last.url, /\/login\/factor$/);
    // Accepting both levels accepts the sign-in as it is.
    const either = await authorizationRequest(rp, plain, { acr_values: `${ACR_MULTI_FACTOR} ${ACR_SINGLE_FACTOR}` });
    const accepted = await untilRedirect(other, await other.get(either.url.toString()), plain.redirectUri);
    assert.ok(accepted.location);
  });

  /** A new application with this policy, and a relying party for it. */
  async function appWith(secondFactor: Record<string, unknown>) {
    const other = await registerApp(node, admin);
    const res = await node.api('PATCH', `${V1}/applications/${other.id}`, { token: admin, body: { secondFactor } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return { other, rp: await relyingParty(node, other) };
  }

  /** Signs in with the password at that application; where the browser lands: the application (with the ID token's amr) or the second factor. */
  async function passwordAt(browser: Browser, target: { other: RegisteredApp; rp: client.Configuration }, user: { username: string }) {
    const request = await authorizationRequest(target.rp, target.other);
    const run = await untilRedirect(browser, await browser.get(request.url.toString()), target.other.redirectUri);
    const login = run.last;
    const posted = await browser.post('/login/password', { app: field(login.body, 'app'), return_to: field(login.body, 'return_to'), csrf: field(login.body, 'csrf'), username: user.username, password: USER_PASSWORD });
    if (posted.location === '/login/factor') return { factor: await browser.get('/login/factor'), request };
    const back = await untilRedirect(browser, posted, target.other.redirectUri);
    const tokens = await client.authorizationCodeGrant(target.rp, back.location!, { pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce, idTokenExpected: true });
    return { amr: tokens.claims()!.amr };
  }

  test('after certain methods only: a password sign-in goes straight in where only SMS and DingTalk sign-ins are asked', async () => {
    const target = await appWith({ mode: 'after_methods', methods: ['sms', 'dingtalk'] });
    const user = await createUser(node, admin);
    assert.deepEqual((await passwordAt(new Browser(node.url), target, user)).amr, ['pwd']);
    const asked = await appWith({ mode: 'after_methods', methods: ['password'] });
    assert.ok((await passwordAt(new Browser(node.url), asked, user)).factor, 'after a password: asked');
  });

  test('on a new device only: asked once, then this browser is remembered for the days set; another browser is asked', async () => {
    const target = await appWith({ mode: 'new_device', rememberDays: 7 });
    const user = await createUser(node, admin);
    const secret = await enroll(user);
    const browser = new Browser(node.url);
    const first = await passwordAt(browser, target, user);
    assert.ok(first.factor, 'a new device is asked');
    const answered = await submit(browser, first.factor, totpCode(secret, Date.now() + 30_000));
    assert.ok(browser.cookies.has('portico_device'));
    await untilRedirect(browser, answered, target.other.redirectUri);
    browser.cookies.delete('portico_session');
    assert.deepEqual((await passwordAt(browser, target, user)).amr, ['pwd'], 'the remembered device goes straight in');
    assert.ok((await passwordAt(new Browser(node.url), target, user)).factor, 'another browser is asked');
    // A forged or someone else's device cookie is no device of theirs.
    const forged = new Browser(node.url);
    forged.cookies.set('portico_device', browser.cookies.get('portico_device')!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
    assert.ok((await passwordAt(forged, target, user)).factor);
  });

  test('without enrolment required, people without an authenticator app go on with one factor; those with one are asked', async () => {
    const target = await appWith({ mode: 'always', enroll: false });
    const without = await createUser(node, admin);
    assert.deepEqual((await passwordAt(new Browser(node.url), target, without)).amr, ['pwd']);
    const withApp = await createUser(node, admin);
    await enroll(withApp);
    assert.ok((await passwordAt(new Browser(node.url), target, withApp)).factor);
  });

  test('a policy naming a method that is no source type is refused', async () => {
    const res = await node.api('PATCH', `${V1}/applications/${app.id}`, { token: admin, body: { secondFactor: { mode: 'after_methods', methods: ['carrier-pigeon'] } } });
    assert.equal(res.status, 400);
    const days = await node.api('PATCH', `${V1}/applications/${app.id}`, { token: admin, body: { secondFactor: { mode: 'new_device', rememberDays: 0 } } });
    assert.equal(days.status, 400);
  });

  test('a single-factor sign-in elsewhere reports the single-factor level', async () => {
    const plain = await registerApp(node, admin);
    const rp = await relyingParty(node, plain);
    const user = await createUser(node, admin);
    const browser = new Browser(node.url);
    const request = await authorizationRequest(rp, plain);
    const run = await untilRedirect(browser, await browser.get(request.url.toString()), plain.redirectUri);
    const posted = await browser.post('/login/password', { app: field(run.last.body, 'app'), return_to: field(run.last.body, 'return_to'), csrf: field(run.last.body, 'csrf'), username: user.username, password: USER_PASSWORD });
    const back = await untilRedirect(browser, posted, plain.redirectUri);
    const tokens = await client.authorizationCodeGrant(rp, back.location!, { pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce, idTokenExpected: true });
    assert.equal(tokens.claims()!.acr, ACR_SINGLE_FACTOR);
  });
});
