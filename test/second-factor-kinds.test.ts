/**
 * Which second factors an application accepts, on both databases: an SMS code to the person's mobile
 * (sent, refused when wrong, bound to its challenge, never after an SMS sign-in), an authenticator
 * app's code refused where apps are not accepted (a recovery code always works), someone who holds no
 * accepted factor told so (never enrolling one with a first factor alone), the SSO session asking a
 * stricter application only for a factor it accepts, and the policy's validation.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as client from 'openid-client';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { Browser, decodeEntities, errorCode, field, type Page } from './helpers/browser.ts';
import { authorizationRequest, createUser, registerApp, relyingParty, untilRedirect, USER_PASSWORD } from './helpers/oidc.ts';
import { totpCode } from '../src/factors/totp.ts';
import { sharedOutbox } from '../src/login/outbox.ts';
import { PASSWORD_SOURCE_ID, SMS_SOURCE_ID } from '../src/store/well-known.ts';

const V1 = '/api/admin/v1';

describeEachDialect('second factor kinds', (dialect) => {
  let node: TestNode;
  let admin: string;

  before(async () => {
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
  });
  after(async () => node?.close());

  /** An application asking for a second factor of these kinds after every sign-in. */
  async function appAccepting(factors: string[]) {
    const app = await registerApp(node, admin, { sources: [PASSWORD_SOURCE_ID, SMS_SOURCE_ID] });
    const set = await node.api('PATCH', `${V1}/applications/${app.id}`, { token: admin, body: { secondFactor: { mode: 'always', factors } } });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual(set.body.application.secondFactor.factors, factors);
    return { app, rp: await relyingParty(node, app) };
  }

  type App = Awaited<ReturnType<typeof appAccepting>>;

  /** Opens the application's sign-in and gives the password: answers the page it lands on, and the request. */
  async function password(browser: Browser, a: App, user: { username: string }) {
    const request = await authorizationRequest(a.rp, a.app);
    const login = (await untilRedirect(browser, await browser.get(request.url.toString()), a.app.redirectUri)).last;
    const posted = await browser.post('/login/password', { app: field(login.body, 'app'), return_to: field(login.body, 'return_to'), csrf: field(login.body, 'csrf'), username: user.username, password: USER_PASSWORD });
    assert.equal(posted.status, 303);
    // The login page's CSRF token serves the browser's later forms too (an error page has none).
    return { request, csrf: field(login.body, 'csrf'), page: posted.location === '/login/factor' ? await browser.get('/login/factor') : posted };
  }

  async function toApplication(browser: Browser, a: App, request: Awaited<ReturnType<typeof authorizationRequest>>, answer: Page) {
    const run = await untilRedirect(browser, answer, a.app.redirectUri);
    assert.ok(run.location, `back at the application (last ${run.last.status} ${run.last.url})`);
    return client.authorizationCodeGrant(a.rp, run.location, { pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce, idTokenExpected: true });
  }

  const outbox = () => sharedOutbox(node.portico.ctx.shortLived);

  /** A person with an authenticator app, set up at a sign-in to an application that accepts apps; answers its secret. */
  async function withApp(user: { username: string }) {
    const a = await appAccepting(['totp']);
    const browser = new Browser(node.url);
    const { page } = await password(browser, a, user);
    const secret = decodeEntities(/data-secret>([^<]+)</.exec(page.body)![1]).replace(/\s/g, '');
    const codes = await browser.post('/login/factor', { csrf: field(page.body, 'csrf'), code: totpCode(secret) });
    assert.equal(codes.status, 200);
    return { secret, recovery: [...codes.body.matchAll(/<li><code>([0-9A-Z]{5}-[0-9A-Z]{5})<\/code><\/li>/g)].map((m) => m[1]) };
  }

  test('an SMS code to the person\'s mobile: sent, a wrong one refused, the right one signs in with amr sms', async () => {
    const a = await appAccepting(['sms']);
    const user = await createUser(node, admin);
    const browser = new Browser(node.url);
    const { request, page } = await password(browser, a, user);
    assert.match(page.body, /data-factor-form="sms"/);
    assert.match(page.body, /\+86\d{3}\*\*\*\*\d{4}/, 'the mobile, masked');
    assert.doesNotMatch(page.body, /data-passkey/);
    const sent = await browser.post('/login/factor/sms', { csrf: field(page.body, 'csrf'), action: 'send' });
    assert.equal(sent.status, 200);
    assert.match(sent.body, /Code sent/);
    const { code } = (await outbox().latestFor(user.mobile))!;
    const wrong = await browser.post('/login/factor/sms', { csrf: field(page.body, 'csrf'), action: 'verify', code: code === '000000' ? '111111' : '000000' });
    assert.equal(wrong.status, 400);
    const right = await browser.post('/login/factor/sms', { csrf: field(page.body, 'csrf'), action: 'verify', code });
    assert.equal(right.status, 303);
    const claims = (await toApplication(browser, a, request, right)).claims()!;
    assert.deepEqual(claims.amr, ['pwd', 'sms', 'mfa']);
    const reasons = await node.portico.store.db.selectFrom('audit_events').select('reason').where('action', '=', 'login.factor').where('actor_id', '=', user.id).orderBy('id').execute();
    assert.deepEqual(reasons.map((r) => r.reason), ['factor.sms_sent', 'otp.invalid_code', 'factor.sms_passed']);

    // A code is bound to its challenge: one sent for another sign-in of the same person does not answer this one.
    const someone = await createUser(node, admin);
    const here = new Browser(node.url);
    const mine = await password(here, a, someone);
    const there = new Browser(node.url);
    const theirs = await password(there, a, someone);
    assert.equal((await there.post('/login/factor/sms', { csrf: field(theirs.page.body, 'csrf'), action: 'send' })).status, 200);
    const { code: sentThere } = (await outbox().latestFor(someone.mobile))!;
    const crossed = await here.post('/login/factor/sms', { csrf: field(mine.page.body, 'csrf'), action: 'verify', code: sentThere });
    assert.equal(crossed.status, 400);
    assert.match(crossed.body, /expired or was already used/);
    assert.equal(here.cookies.has('portico_session'), false);
  });

  test('an SMS code is never the second factor of an SMS sign-in, and a person without a mobile has none', async () => {
    const a = await appAccepting(['sms']);
    const user = await createUser(node, admin);
    const browser = new Browser(node.url);
    const request = await authorizationRequest(a.rp, a.app);
    const login = (await untilRedirect(browser, await browser.get(request.url.toString()), a.app.redirectUri)).last;
    const form = { app: field(login.body, 'app'), return_to: field(login.body, 'return_to'), csrf: field(login.body, 'csrf'), phone: user.mobile };
    await browser.post('/login/sms', { ...form, action: 'send' });
    const { code } = (await outbox().latestFor(user.mobile))!;
    const signedIn = await browser.post('/login/sms', { ...form, action: 'verify', code });
    assert.equal(signedIn.location, '/login/factor');
    const page = await browser.get('/login/factor');
    assert.equal(page.status, 403);
    assert.equal(errorCode(page.body), 'factor.none_usable', 'the same SIM twice is one factor; nothing to enroll here either');

    const noMobile = await createUser(node, admin);
    await node.api('PATCH', `${V1}/users/${noMobile.id}`, { token: admin, body: { mobile: null } });
    const b2 = new Browser(node.url);
    const p2 = await password(b2, a, noMobile);
    assert.equal(errorCode(p2.page.body), 'factor.none_usable');
    assert.equal(errorCode((await b2.post('/login/factor/sms', { csrf: p2.csrf, action: 'send' })).body), 'factor.challenge_missing');
  });

  test('where apps are not accepted an app\'s code is refused, a recovery code still works, and nobody adds a factor with a first factor alone', async () => {
    const user = await createUser(node, admin);
    const { secret, recovery } = await withApp(user);
    const keysOnly = await appAccepting(['passkey']);
    const browser = new Browser(node.url);
    const { page, csrf } = await password(browser, keysOnly, user);
    assert.equal(page.status, 403);
    assert.equal(errorCode(page.body), 'factor.none_usable', 'an app is held, a key is not: adding one takes a full sign-in in the User Center');
    assert.equal(errorCode((await browser.post('/login/factor/passkey/register/options', { csrf })).body), 'factor.challenge_missing');

    const appsOrSms = await appAccepting(['sms', 'passkey']);
    const b2 = new Browser(node.url);
    const p2 = await password(b2, appsOrSms, user);
    assert.match(p2.page.body, /Recovery code/);
    const refused = await b2.post('/login/factor', { csrf: field(p2.page.body, 'csrf'), code: totpCode(secret, Date.now() + 30_000) });
    assert.equal(refused.status, 400);
    const byRecovery = await b2.post('/login/factor', { csrf: field(p2.page.body, 'csrf'), code: recovery[0] });
    assert.equal(byRecovery.status, 303, 'a recovery code stands in for any factor');
  });

  test('the SSO session keeps the factors given: a stricter application asks only for one it accepts, a laxer one for nothing', async () => {
    const user = await createUser(node, admin);
    const { secret } = await withApp(user);
    const smsOrApp = await appAccepting(['sms', 'totp']);
    const appOnly = await appAccepting(['totp']);
    const browser = new Browser(node.url);
    const first = await password(browser, smsOrApp, user);
    await browser.post('/login/factor/sms', { csrf: field(first.page.body, 'csrf'), action: 'send' });
    const { code } = (await outbox().latestFor(user.mobile))!;
    await toApplication(browser, smsOrApp, first.request, await browser.post('/login/factor/sms', { csrf: field(first.page.body, 'csrf'), action: 'verify', code }));

    const request = await authorizationRequest(appOnly.rp, appOnly.app);
    const run = await untilRedirect(browser, await browser.get(request.url.toString()), appOnly.app.redirectUri);
    assert.match(run.last.url, /\/login\/factor$/, 'an SMS code does not answer an application accepting only apps');
    assert.doesNotMatch(run.last.body, /data-factor-form="sms"/);
    const answered = await browser.post('/login/factor', { csrf: field(run.last.body, 'csrf'), code: totpCode(secret, Date.now() + 30_000) });
    const claims = (await toApplication(browser, appOnly, request, answered)).claims()!;
    assert.deepEqual(claims.amr, ['pwd', 'sms', 'mfa', 'otp']);

    // Now with an app's code in the session, the first application asks for nothing more.
    const again = await authorizationRequest(smsOrApp.rp, smsOrApp.app);
    const straight = await untilRedirect(browser, await browser.get(again.url.toString()), smsOrApp.app.redirectUri);
    assert.ok(straight.location, 'signed in at once');
  });

  test('the accepted kinds are validated: at least one, each known', async () => {
    const app = await registerApp(node, admin);
    for (const factors of [[], ['email'], ['totp', 'totp']]) {
      const res = await node.api('PATCH', `${V1}/applications/${app.id}`, { token: admin, body: { secondFactor: { factors } } });
      assert.equal(res.status, 400, JSON.stringify(factors));
    }
    const fine = await node.api('PATCH', `${V1}/applications/${app.id}`, { token: admin, body: { secondFactor: { factors: ['passkey'] } } });
    assert.deepEqual(fine.body.application.secondFactor, { mode: 'never', methods: [], rememberDays: 30, enroll: true, factors: ['passkey'] });
  });
});
