/**
 * Passkeys and security keys on both databases, with a software authenticator answering each
 * ceremony as a browser would: adding one in the User Center, using it as the second factor, enrolling
 * one at a sign-in, and signing in with it alone where the application enables the Passkey source;
 * and every refusal: another origin or rpId, a replayed ceremony, a counter that goes back, another
 * person's key, a key Portico never registered, and steps called without the step before.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as client from 'openid-client';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { Browser, errorCode, field, type Page } from './helpers/browser.ts';
import { authorizationRequest, createUser, registerApp, relyingParty, untilRedirect, USER_PASSWORD, type RegisteredApp } from './helpers/oidc.ts';
import { signInThrough } from './helpers/user-center-factor.ts';
import { SoftAuthenticator } from './helpers/soft-authenticator.ts';
import { PASSKEY_SOURCE_ID, PASSWORD_SOURCE_ID } from '../src/store/well-known.ts';

const V1 = '/api/admin/v1';

describeEachDialect('passkeys', (dialect) => {
  let node: TestNode;
  let admin: string;
  let app: RegisteredApp;
  let config: client.Configuration;
  const origin = () => new URL(node.url).origin;

  before(async () => {
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
    app = await registerApp(node, admin, { sources: [PASSWORD_SOURCE_ID, PASSKEY_SOURCE_ID] });
    config = await relyingParty(node, app);
    const set = await node.api('PATCH', `${V1}/applications/${app.id}`, { token: admin, body: { secondFactor: { mode: 'always' } } });
    assert.equal(set.status, 200, JSON.stringify(set.body));
  });
  after(async () => node?.close());

  const json = (page: Page) => {
    assert.equal(page.status, 200, page.body.slice(0, 300));
    return JSON.parse(page.body) as { ceremony: string; options: any };
  };

  /** A person signed in to the User Center with their password, who adds a passkey there; answers them, their key and their recovery codes. */
  async function personWithPasskey(o: { counts?: boolean; userVerification?: boolean } = {}) {
    const user = await createUser(node, admin);
    const browser = new Browser(node.url);
    const account = await signInThrough(browser, user, await browser.get('/account'));
    assert.equal(new URL(account.url).pathname, '/account');
    const asked = await browser.post('/account/passkeys', { csrf: field(account.body, 'csrf') });
    assert.equal(asked.status, 303);
    assert.equal(asked.location, '/account/passkeys/new');
    const page = await browser.get('/account/passkeys/new');
    assert.match(page.body, /data-passkey="create"/);
    const { ceremony, options } = json(await browser.post('/account/passkeys/options', { csrf: field(page.body, 'csrf') }));
    assert.equal(options.rp.id, new URL(node.url).hostname, 'the rpId is the public URL\'s host');
    assert.equal(options.attestation, 'none');
    assert.equal(options.authenticatorSelection.userVerification, 'preferred');
    const key = new SoftAuthenticator({ origin: origin(), userVerification: o.userVerification ?? true, counts: o.counts });
    const credential = key.create(options);
    const saved = await browser.post('/account/passkeys/register', { csrf: field(page.body, 'csrf'), name: 'YubiKey 5', ceremony, credential });
    assert.equal(saved.status, 200, saved.body.slice(0, 500));
    const recovery = [...saved.body.matchAll(/<li><code>([0-9A-Z]{5}-[0-9A-Z]{5})<\/code><\/li>/g)].map((m) => m[1]);
    assert.equal(recovery.length, 10, 'a first factor brings ten recovery codes');
    // The person has a factor now: a further change asks for it first (a sign-in again), even with the same answer.
    const again = await browser.post('/account/passkeys/register', { csrf: field(page.body, 'csrf'), name: 'again', ceremony, credential });
    assert.equal(again.status, 303);
    assert.match(again.location!, /\/oidc\/auth\?/);
    return { user, key, recovery };
  }

  /** The password step of a sign-in to the application: answers the page it lands on, and the request. */
  async function passwordStep(browser: Browser, user: { username: string }) {
    const request = await authorizationRequest(config, app);
    const login = (await untilRedirect(browser, await browser.get(request.url.toString()), app.redirectUri)).last;
    const posted = await browser.post('/login/password', { app: field(login.body, 'app'), return_to: field(login.body, 'return_to'), csrf: field(login.body, 'csrf'), username: user.username, password: USER_PASSWORD });
    assert.equal(posted.status, 303);
    assert.equal(posted.location, '/login/factor');
    return { request, page: await browser.get('/login/factor') };
  }

  async function toApplication(browser: Browser, request: Awaited<ReturnType<typeof authorizationRequest>>, answer: Page) {
    const run = await untilRedirect(browser, answer, app.redirectUri);
    assert.ok(run.location, `back at the application (last ${run.last.status} ${run.last.url})`);
    return client.authorizationCodeGrant(config, run.location, { pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce, idTokenExpected: true });
  }

  /** Asks the second step for a ceremony and lets `key` answer it (bent as told). */
  async function keyAnswer(browser: Browser, page: Page, key: SoftAuthenticator, bend: Parameters<SoftAuthenticator['get']>[1] = {}) {
    const { ceremony, options } = json(await browser.post('/login/factor/passkey/options', { csrf: field(page.body, 'csrf') }));
    return { ceremony, credential: key.get(options, bend) };
  }

  test('a passkey added in the User Center is the second factor: the challenge offers it, and the ID token says hwk and mfa', async () => {
    const { user, key } = await personWithPasskey();
    const listed = await new Browser(node.url).get('/account');
    assert.equal(listed.status, 303, 'the list needs the person signed in');
    const browser = new Browser(node.url);
    const { request, page } = await passwordStep(browser, user);
    assert.match(page.body, /data-passkey="get"/);
    assert.match(page.body, /Recovery code/, 'someone with only a key types a recovery code in the code field');
    const answer = await keyAnswer(browser, page, key);
    const passed = await browser.post('/login/factor/passkey', { csrf: field(page.body, 'csrf'), ...answer });
    assert.equal(passed.status, 303, passed.body.slice(0, 300));
    const claims = (await toApplication(browser, request, passed)).claims()!;
    assert.deepEqual(claims.amr, ['pwd', 'hwk', 'mfa']);
    const events = await node.portico.store.db.selectFrom('audit_events').select(['action', 'reason']).where('actor_id', '=', user.id).where('category', '=', 'security').execute();
    assert.ok(events.some((e) => e.action === 'user.factor_add'), 'adding the key was audited');
  });

  test('refused: another origin, another rpId, a counter that goes back, another person\'s key, a replayed answer; five end the challenge and the next one waits', async () => {
    const { user, key } = await personWithPasskey({ counts: true });
    const other = await personWithPasskey();
    const browser = new Browser(node.url);
    const { page } = await passwordStep(browser, user);
    const post = (answer: { ceremony: string; credential: string }) => browser.post('/login/factor/passkey', { csrf: field(page.body, 'csrf'), ...answer });

    const wrongOrigin = await post(await keyAnswer(browser, page, key, { origin: 'https://portico.example.evil' }));
    assert.equal(wrongOrigin.status, 400);
    assert.match(wrongOrigin.body, /could not be verified/);
    const wrongRpId = await keyAnswer(browser, page, key, { rpId: 'evil.example' });
    assert.equal((await post(wrongRpId)).status, 400);
    const clonedAnswer = await keyAnswer(browser, page, key, { counter: 0 });
    const cloned = await post(clonedAnswer);
    assert.equal(cloned.status, 400);
    assert.match(cloned.body, /counter went backwards/);
    const someoneElses = await post(await keyAnswer(browser, page, other.key));
    assert.equal(someoneElses.status, 400);
    assert.match(someoneElses.body, /not registered/);
    const ended = await post(wrongRpId);
    assert.equal(ended.status, 429, 'the fifth refusal (a replayed answer) ends the challenge');
    assert.equal(errorCode(ended.body), 'factor.too_many_attempts');
    assert.equal(browser.cookies.has('portico_session'), false, 'nothing signed the person in');

    // Across challenges the account's guesses slow down (like passwords): the next challenge waits.
    const again = new Browser(node.url);
    const second = await passwordStep(again, user);
    const slowed = await again.post('/login/factor/passkey', { csrf: field(second.page.body, 'csrf'), ...(await keyAnswer(again, second.page, key)) });
    assert.equal(slowed.status, 429);
    assert.match(slowed.body, /Wait \d+ s/);
    const reasons = await node.portico.store.db.selectFrom('audit_events').select('reason').where('action', '=', 'login.factor').where('actor_id', '=', user.id).orderBy('id').execute();
    assert.deepEqual(reasons.map((r) => r.reason), [
      'factor.passkey_invalid', 'factor.passkey_invalid', 'factor.passkey_cloned', 'factor.passkey_unknown', 'factor.passkey_expired', 'factor.too_many_attempts', 'factor.slowed',
    ]);
  });

  test('no step without the one before: no challenge, no ceremony; nobody with a factor adds a key at a sign-in', async () => {
    const stranger = new Browser(node.url);
    const noChallenge = await stranger.post('/login/factor/passkey/options', { csrf: 'x' });
    assert.equal(errorCode(noChallenge.body), 'factor.challenge_missing');
    assert.equal(errorCode((await stranger.post('/login/factor/passkey', { csrf: 'x', ceremony: 'a', credential: '{}' })).body), 'factor.challenge_missing');

    const { user } = await personWithPasskey();
    const browser = new Browser(node.url);
    const { page } = await passwordStep(browser, user);
    const enrol = await browser.post('/login/factor/passkey/register/options', { csrf: field(page.body, 'csrf') });
    assert.equal(errorCode(enrol.body), 'factor.challenge_missing', 'a stolen password cannot add a key to skip the one the person has');
    const noCsrf = await browser.post('/login/factor/passkey/options', {});
    assert.notEqual(noCsrf.status, 200);
    const garbage = await browser.post('/login/factor/passkey', { csrf: field(page.body, 'csrf'), ceremony: json(await browser.post('/login/factor/passkey/options', { csrf: field(page.body, 'csrf') })).ceremony, credential: `{${'x'.repeat(12_000)}` });
    assert.equal(garbage.status, 400);
    assert.match(garbage.body, /could not be verified/);
  });

  test('a person without a factor may enroll a passkey at the sign-in, keeps recovery codes, and lands with swk and mfa', async () => {
    const user = await createUser(node, admin);
    const browser = new Browser(node.url);
    const { request, page } = await passwordStep(browser, user);
    assert.match(page.body, /Set up two-step verification/);
    assert.match(page.body, /data-passkey="create"/);
    const { ceremony, options } = json(await browser.post('/login/factor/passkey/register/options', { csrf: field(page.body, 'csrf') }));
    const key = new SoftAuthenticator({ origin: origin(), userVerification: true, synced: true });
    const codes = await browser.post('/login/factor/passkey/register', { csrf: field(page.body, 'csrf'), ceremony, credential: key.create(options) });
    assert.equal(codes.status, 200);
    assert.match(codes.body, /Save your recovery codes/);
    const done = await browser.post('/login/factor/continue', { csrf: field(codes.body, 'csrf') });
    const claims = (await toApplication(browser, request, done)).claims()!;
    assert.deepEqual(claims.amr, ['pwd', 'swk', 'mfa']);
    const factors = await node.portico.store.db.selectFrom('user_factors').select(['type', 'confirmed_at']).where('user_id', '=', user.id).execute();
    assert.deepEqual(factors.map((f) => f.type), ['passkey'], 'the app offered first and never confirmed is gone');
  });

  test('passwordless: a key that verifies its user signs in alone (two factors at once); one that does not is asked for the second factor', async () => {
    const { user, key } = await personWithPasskey();
    const browser = new Browser(node.url);
    const request = await authorizationRequest(config, app);
    const login = (await untilRedirect(browser, await browser.get(request.url.toString()), app.redirectUri)).last;
    assert.match(login.body, /data-method="passkey"/);
    const panel = await browser.get(`/login?app=${app.id}&return_to=${encodeURIComponent(field(login.body, 'return_to'))}&method=${PASSKEY_SOURCE_ID}`);
    assert.match(panel.body, /Sign in with a passkey/);
    const form = { app: field(panel.body, 'app'), return_to: field(panel.body, 'return_to'), csrf: field(panel.body, 'csrf') };
    const { ceremony, options } = json(await browser.post('/login/passkey/options', form));
    assert.equal(options.allowCredentials?.length ?? 0, 0, 'a discoverable key: the browser offers what it holds');
    const signedIn = await browser.post('/login/passkey', { ...form, ceremony, credential: key.get(options) });
    assert.equal(signedIn.status, 303);
    assert.notEqual(signedIn.location, '/login/factor', 'the key verified its user: no second step');
    const claims = (await toApplication(browser, request, signedIn)).claims()!;
    assert.deepEqual(claims.amr, ['hwk', 'mfa']);
    const event = await node.portico.store.db.selectFrom('audit_events').select(['method', 'reason']).where('action', '=', 'login.passkey').where('actor_id', '=', user.id).executeTakeFirstOrThrow();
    assert.deepEqual({ ...event }, { method: 'passkey', reason: 'passkey.ok' });

    // Presence alone (no PIN or biometric) is one factor: the application's policy asks for the second.
    const presence = await personWithPasskey({ userVerification: false });
    const b2 = new Browser(node.url);
    const p2 = await b2.get(`/login?app=${app.id}&method=${PASSKEY_SOURCE_ID}`);
    const f2 = { app: field(p2.body, 'app'), csrf: field(p2.body, 'csrf') };
    const o2 = json(await b2.post('/login/passkey/options', f2));
    const second = await b2.post('/login/passkey', { ...f2, ceremony: o2.ceremony, credential: presence.key.get(o2.options) });
    assert.equal(second.location, '/login/factor');

    // A key Portico never registered, and a replayed answer, are refused on the login page.
    const b3 = new Browser(node.url);
    const p3 = await b3.get(`/login?app=${app.id}&method=${PASSKEY_SOURCE_ID}`);
    const f3 = { app: field(p3.body, 'app'), csrf: field(p3.body, 'csrf') };
    const o3 = json(await b3.post('/login/passkey/options', f3));
    const unknown = new SoftAuthenticator({ origin: origin(), userVerification: true });
    unknown.create({ challenge: 'x', rp: { id: o3.options.rpId }, user: { id: Buffer.from('usr_nobody').toString('base64url') } });
    const refused = await b3.post('/login/passkey', { ...f3, ceremony: o3.ceremony, credential: unknown.get(o3.options) });
    assert.equal(refused.status, 401);
    assert.match(refused.body, /not registered/);
    const replayed = await b3.post('/login/passkey', { ...f2, csrf: f3.csrf, ceremony: o2.ceremony, credential: presence.key.get(o2.options) });
    assert.equal(replayed.status, 401);
  });

  test('an application without the Passkey source refuses passwordless sign-in', async () => {
    const plain = await registerApp(node, admin, { sources: [PASSWORD_SOURCE_ID] });
    const browser = new Browser(node.url);
    const page = await browser.get(`/login?app=${plain.id}`);
    assert.doesNotMatch(page.body, /data-method="passkey"/);
    const asked = await browser.post('/login/passkey/options', { app: plain.id, csrf: field(page.body, 'csrf') });
    assert.equal(errorCode(asked.body), 'login.source_not_enabled');
  });
});
