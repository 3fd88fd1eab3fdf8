/** The plain login methods, the login page itself, sessions and languages, through real HTTP. */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describeEachDialect, freePort, startNode, type TestNode } from './helpers/harness.ts';
import { Browser, field } from './helpers/browser.ts';
import { USER_CENTER_APP_ID, PASSWORD_SOURCE_ID, SMS_SOURCE_ID } from '../src/store/well-known.ts';
import { sharedOutbox } from '../src/login/outbox.ts';
import { PASSWORD_FREE_TRIES } from '../src/login/password-throttle.ts';

const V1 = '/api/admin/v1';
const PASSWORD = 'a long enough password';

describeEachDialect('Login methods', (dialect) => {
  let node: TestNode;
  let admin: string;
  before(async () => {
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
    const put = await node.api('PUT', `${V1}/applications/${USER_CENTER_APP_ID}/login-configuration`, { token: admin, body: { sources: [SMS_SOURCE_ID, PASSWORD_SOURCE_ID] } });
    assert.equal(put.status, 200);
  });
  after(() => node?.close());

  async function user(extra: Record<string, unknown> = {}) {
    const tag = randomBytes(4).toString('hex');
    const mobile = `+86137${String(parseInt(tag, 16) % 1e8).padStart(8, '0')}`;
    const res = await node.api('POST', `${V1}/users`, { token: admin, body: { username: `u${tag}`, displayName: `User ${tag}`, mobile, password: PASSWORD, ...extra } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { id: string; username: string; mobile: string };
  }

  async function passwordLogin(browser: Browser, username: string, password: string) {
    const page = await browser.get(`/login?app=user-center&method=${PASSWORD_SOURCE_ID}`);
    return browser.post('/login/password', { app: 'user-center', csrf: field(page.body, 'csrf'), username, password });
  }

  const me = async (b: Browser) => {
    // The User Center has its own session, made by signing in to it through Portico's provider.
    await b.open('/account');
    const res = await b.get('/api/me');
    return res.status === 200 ? JSON.parse(res.body) : undefined;
  };

  test('the login page offers exactly the enabled methods, in the configured order', async () => {
    const page = await new Browser(node.url).get('/login?app=user-center');
    assert.equal(page.status, 200);
    const methods = [...page.body.matchAll(/data-method="(\w+)"/g)].map((m) => m[1]);
    assert.deepEqual(methods, ['sms', 'password']);
  });

  test('an unknown application gets a clear page, not a stack trace', async () => {
    const page = await new Browser(node.url).get('/login?app=nope');
    assert.equal(page.status, 404);
    assert.match(page.body, /This application is not known here/);
    assert.doesNotMatch(page.body, /at .*\.ts:\d+/);
  });

  test('the page speaks Chinese or English from Accept-Language, and ?lang= switches and sticks', async () => {
    const b = new Browser(node.url);
    b.lang = 'zh-CN,zh;q=0.9';
    assert.match((await b.get('/login?app=user-center')).body, /登录 User Center/);
    b.lang = 'zh-CN';
    assert.match((await b.get('/login?app=user-center&lang=en')).body, /Sign in to User Center/);
    assert.match((await b.get('/login?app=user-center')).body, /Sign in to User Center/, 'the choice is remembered');
  });

  test('a right password signs in; the session cookie is HttpOnly and SameSite=Lax; sign-out ends it', async () => {
    const u = await user();
    const b = new Browser(node.url);
    const res = await passwordLogin(b, u.username, PASSWORD);
    assert.equal(res.status, 303);
    assert.equal(res.location, '/account');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('portico_session='))!;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.equal((await me(b))?.id, u.id);
    const before = b.cookies.get('portico_session');
    await passwordLogin(b, u.username, PASSWORD);
    assert.notEqual(b.cookies.get('portico_session'), before, 'a new session token at every sign-in');
    const account = await b.open('/account');
    const out = await b.post('/logout', { csrf: field(account.body, 'csrf') });
    assert.equal(out.status, 303);
    assert.equal(await me(b), undefined);
  });

  test('mobile and email work as login names too', async () => {
    const tag = randomBytes(3).toString('hex');
    const u = await user({ email: `Mail.${tag}@Example.com` });
    assert.equal((await passwordLogin(new Browser(node.url), u.mobile.slice(3), PASSWORD)).status, 303);
    assert.equal((await passwordLogin(new Browser(node.url), `mail.${tag}@example.com`, PASSWORD)).status, 303);
  });

  test('a wrong password and an unknown user get the same answer, and both are login events', async () => {
    const u = await user();
    const wrong = await passwordLogin(new Browser(node.url), u.username, 'not the password');
    const unknown = await passwordLogin(new Browser(node.url), `ghost-${u.username}`, 'whatever');
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    for (const page of [wrong, unknown]) assert.match(page.body, /Wrong username or password/);
    const events = await node.portico.store.db.selectFrom('audit_events').select(['reason', 'actor_id']).where('category', '=', 'login').where('reason', '=', 'login.invalid_credentials').execute();
    assert.ok(events.some((e) => e.actor_id === u.id));
  });

  test(`after ${PASSWORD_FREE_TRIES} failures from one client it must wait before the next try, even with the right password`, async () => {
    const u = await user();
    for (let i = 0; i < PASSWORD_FREE_TRIES; i++) assert.equal((await passwordLogin(new Browser(node.url), u.username, 'wrong')).status, 401);
    const res = await passwordLogin(new Browser(node.url), u.username, PASSWORD);
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '1');
    assert.match(res.body, /Too many tries from here\. Wait 1 s/);
  });

  test('a disabled user cannot sign in with the right password', async () => {
    const u = await user({ status: 'disabled' });
    const res = await passwordLogin(new Browser(node.url), u.username, PASSWORD);
    assert.equal(res.status, 403);
    assert.match(res.body, /disabled or locked/);
  });

  test('a login form without its CSRF token is refused', async () => {
    const u = await user();
    const res = await new Browser(node.url).post('/login/password', { app: 'user-center', csrf: 'forged', username: u.username, password: PASSWORD });
    assert.equal(res.status, 403);
    assert.match(res.body, /The form expired/);
  });

  test('SMS code login: send, then the right code signs in', async () => {
    const u = await user();
    const b = new Browser(node.url);
    const page = await b.get(`/login?app=user-center&method=${SMS_SOURCE_ID}`);
    const csrf = field(page.body, 'csrf');
    const sent = await b.post('/login/sms', { app: 'user-center', csrf, action: 'send', phone: u.mobile });
    assert.equal(sent.status, 200);
    assert.match(sent.body, /A code was sent/);
    const { code } = (await sharedOutbox(node.portico.ctx.shortLived).latestFor(u.mobile))!;
    const res = await b.post('/login/sms', { app: 'user-center', csrf, action: 'verify', phone: u.mobile, code });
    assert.equal(res.status, 303);
    assert.equal((await me(b))?.id, u.id);
  });

  test('SMS code login for a number nobody uses says so after the code, not before', async () => {
    const b = new Browser(node.url);
    const csrf = field((await b.get(`/login?app=user-center&method=${SMS_SOURCE_ID}`)).body, 'csrf');
    const phone = '+8613600009999';
    assert.equal((await b.post('/login/sms', { app: 'user-center', csrf, action: 'send', phone })).status, 200);
    const { code } = (await sharedOutbox(node.portico.ctx.shortLived).latestFor(phone))!;
    const res = await b.post('/login/sms', { app: 'user-center', csrf, action: 'verify', phone, code });
    assert.equal(res.status, 403);
    assert.match(res.body, /no active account uses this mobile number/);
  });

  test('an invalid phone number is answered beside the form', async () => {
    const b = new Browser(node.url);
    const csrf = field((await b.get(`/login?app=user-center&method=${SMS_SOURCE_ID}`)).body, 'csrf');
    const res = await b.post('/login/sms', { app: 'user-center', csrf, action: 'send', phone: '12345' });
    assert.equal(res.status, 400);
    assert.match(res.body, /Enter a valid mobile number/);
  });

  test('a method the application does not enable is refused', async () => {
    await node.api('PUT', `${V1}/applications/${USER_CENTER_APP_ID}/login-configuration`, { token: admin, body: { sources: [SMS_SOURCE_ID] } });
    try {
      const u = await user();
      const res = await passwordLogin(new Browser(node.url), u.username, PASSWORD);
      assert.equal(res.status, 403);
      assert.match(res.body, /not available for this application/);
    } finally {
      await node.api('PUT', `${V1}/applications/${USER_CENTER_APP_ID}/login-configuration`, { token: admin, body: { sources: [SMS_SOURCE_ID, PASSWORD_SOURCE_ID] } });
    }
  });
});

describeEachDialect('SMS sender failure', (dialect) => {
  let node: TestNode;
  before(async () => {
    // A webhook nobody listens on: every send fails.
    node = await startNode(dialect, { PORTICO_SMS_SENDER: 'webhook', PORTICO_SMS_WEBHOOK_URL: `http://127.0.0.1:${await freePort()}/sms`, PORTICO_SMS_WEBHOOK_SECRET: 'a-webhook-secret-of-length' });
    const admin = await node.tokenFor('super_admin');
    await node.api('PUT', `${V1}/applications/${USER_CENTER_APP_ID}/login-configuration`, { token: admin, body: { sources: [SMS_SOURCE_ID] } });
  });
  after(() => node?.close());

  test('the person is told the code could not be sent and may try again at once', async () => {
    const b = new Browser(node.url);
    const csrf = field((await b.get('/login?app=user-center')).body, 'csrf');
    const first = await b.post('/login/sms', { app: 'user-center', csrf, action: 'send', phone: '+8613700000001' });
    assert.equal(first.status, 503);
    assert.match(first.body, /The code could not be sent. Try again./);
    const second = await b.post('/login/sms', { app: 'user-center', csrf, action: 'send', phone: '+8613700000001' });
    assert.match(second.body, /could not be sent/, 'no "wait a minute": nothing was sent');
    const event = await node.portico.store.db.selectFrom('audit_events').select('reason').where('reason', '=', 'sms.send_failed').executeTakeFirst();
    assert.ok(event);
  });
});
