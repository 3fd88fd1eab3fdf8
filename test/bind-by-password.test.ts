/**
 * Binding a first-time DingTalk account by signing in to an existing account with its password, where the
 * source allows it (`passwordLink`), end to end through the simulator on both databases: the page's second
 * form, the same refusals and guessing limits as the password form, the binding, the sign-in going on to
 * the application's second factor, and the refusals around it.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { Browser, errorCode, field, type Page } from './helpers/browser.ts';
import { dingtalkPerson, dingtalkSource, scan, startSimulator, type Simulator } from './helpers/dingtalk.ts';
import { registerApp, USER_PASSWORD } from './helpers/oidc.ts';
import { PASSWORD_FREE_TRIES } from '../src/login/password-throttle.ts';
import { USER_CENTER_APP_ID } from '../src/store/well-known.ts';

const V1 = '/api/admin/v1';
const FORM = 'action="/login/bind/password"';

describeEachDialect('Binding by the existing password', (dialect) => {
  let node: TestNode;
  let sim: Simulator;
  let admin: string;
  const callbacks: string[] = [];

  before(async () => {
    sim = await startSimulator();
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
  });
  after(async () => {
    await node?.close();
    await sim?.close();
  });

  /** A DingTalk source asking every first-timer to bind (auto-bind off), enabled on the User Center. */
  async function source(passwordLink: boolean) {
    const created = await dingtalkSource(node, admin, sim, { autoBind: false, passwordLink });
    callbacks.push(created.callbackUrl);
    await sim.allowRedirects(callbacks);
    return created.id;
  }

  /** A DingTalk member and a Portico account with a password (its own username; its mobile the member's). */
  const person = (portico: Record<string, unknown> = {}) => dingtalkPerson(node, admin, sim, { portico: { password: USER_PASSWORD, ...portico } });

  /** Scans in as `unionId` for `app` and lands on the binding page. */
  async function atBindPage(src: string, unionId: string, app = USER_CENTER_APP_ID) {
    const browser = new Browser(node.url);
    const { callbackUrl } = await scan(browser, sim, `/login/dingtalk/${src}?app=${app}`, unionId);
    const callback = await browser.get(callbackUrl!);
    assert.equal(callback.location, '/login/bind', callback.body.slice(0, 300));
    const page = await browser.get('/login/bind');
    return { browser, page, csrf: field(page.body, 'csrf') };
  }

  const username = async (userId: string) => (await node.api('GET', `${V1}/users/${userId}`, { token: admin })).body.username as string;
  const bindings = async (src: string) => (await node.portico.store.db.selectFrom('bindings').select(['user_id', 'subject']).where('source_id', '=', src).execute()).map((r) => ({ ...r }));
  const events = (action: string) =>
    node.portico.store.db.selectFrom('audit_events').select(['reason', 'outcome', 'actor_id']).where('action', '=', action).orderBy('id').execute();
  const signedIn = async (browser: Browser) => {
    await browser.open('/account');
    const me = await browser.get('/api/me');
    return me.status === 200 ? (JSON.parse(me.body).id as string) : undefined;
  };

  test('off (the default): the page has the phone form only, and the route refuses', async () => {
    const src = await source(false);
    const p = await person();
    const { browser, page, csrf } = await atBindPage(src, p.dt.unionId);
    assert.match(page.body, /action="\/login\/bind"/);
    assert.ok(!page.body.includes(FORM), 'no password form');
    const res = await browser.post('/login/bind/password', { csrf, username: await username(p.userId!), password: USER_PASSWORD });
    assert.equal(res.status, 403);
    assert.equal(errorCode(res.body), 'binding.password_link_off');
    assert.match(res.body, /not offered for DingTalk/);
    assert.deepEqual(await bindings(src), []);
  });

  test('on: a second form, in both languages, that browsers fill as a sign-in', async () => {
    const src = await source(true);
    const p = await person();
    const { browser, page } = await atBindPage(src, p.dt.unionId);
    assert.match(page.body, /action="\/login\/bind"/, 'the phone form stays');
    assert.match(page.body, /<h2>Sign in with your existing account<\/h2>/);
    const form = page.body.slice(page.body.indexOf(FORM));
    assert.match(form, /name="csrf"/);
    assert.match(form, /name="username"[^>]*autocomplete="username"|autocomplete="username"[^>]*name="username"/);
    assert.match(form, /type="password" autocomplete="current-password"/);
    browser.lang = 'zh-CN';
    assert.match((await browser.get('/login/bind')).body, /<h2>登录已有账号<\/h2>/);
  });

  test('a wrong password and an unknown name get the same answer; each is a login event; nothing is bound', async () => {
    const src = await source(true);
    const p = await person();
    const { browser, csrf } = await atBindPage(src, p.dt.unionId);
    const name = await username(p.userId!);
    const wrong = await browser.post('/login/bind/password', { csrf, username: name, password: 'not the password' });
    const unknown = await browser.post('/login/bind/password', { csrf, username: `nobody-${randomBytes(4).toString('hex')}`, password: 'not the password' });
    const text = (r: Page) => /role="alert">([^<]+)</.exec(r.body)?.[1];
    for (const r of [wrong, unknown]) {
      assert.equal(r.status, 401);
      assert.equal(text(r), 'Wrong username or password.');
      assert.ok(r.body.includes(FORM), 'the binding page again');
    }
    assert.deepEqual(
      (await events('login.dingtalk.bind.password')).slice(-2).map((e) => [e.reason, e.outcome, e.actor_id]),
      [['login.invalid_credentials', 'failure', p.userId], ['login.invalid_credentials', 'failure', null]],
    );
    assert.deepEqual(await bindings(src), []);
    assert.equal(await signedIn(browser), undefined);
  });

  test('the right password binds the DingTalk account and signs in; the next scan goes straight in', async () => {
    const src = await source(true);
    const p = await person({ email: `bind-${randomBytes(4).toString('hex')}@example.com` });
    const { browser, csrf } = await atBindPage(src, p.dt.unionId);
    const user = (await node.api('GET', `${V1}/users/${p.userId}`, { token: admin })).body;
    const res = await browser.post('/login/bind/password', { csrf, username: user.email.toUpperCase(), password: USER_PASSWORD });
    assert.equal(res.status, 303, res.body.slice(0, 300));
    assert.equal(res.location, '/account');
    assert.equal(await signedIn(browser), p.userId);
    assert.deepEqual(await bindings(src), [{ user_id: p.userId, subject: p.dt.unionId }]);
    const [event] = (await events('login.dingtalk.bind.password')).slice(-1);
    assert.deepEqual([event.reason, event.outcome, event.actor_id], ['dingtalk.bound_password', 'success', p.userId]);
    assert.equal((await events('binding.create')).at(-1)?.actor_id, p.userId, 'the binding is an audit event of the user');
    assert.ok(!browser.cookies.has('portico_pending'), 'the pending binding is used up');

    const again = new Browser(node.url);
    const { callbackUrl } = await scan(again, sim, `/login/dingtalk/${src}?app=${USER_CENTER_APP_ID}`, p.dt.unionId);
    assert.equal((await again.get(callbackUrl!)).location, '/account');
    assert.equal(await signedIn(again), p.userId);
  });

  test('guesses count with the password form: the client is slowed (429, Retry-After) on both', async () => {
    const src = await source(true);
    const p = await person();
    const { browser, csrf } = await atBindPage(src, p.dt.unionId);
    const name = await username(p.userId!);
    const statuses = [];
    for (let i = 0; i <= PASSWORD_FREE_TRIES; i++) statuses.push((await browser.post('/login/bind/password', { csrf, username: name, password: `guess ${i}` })).status);
    assert.deepEqual(statuses.slice(0, PASSWORD_FREE_TRIES), Array(PASSWORD_FREE_TRIES).fill(401));
    const slowed = await browser.post('/login/bind/password', { csrf, username: name, password: USER_PASSWORD });
    assert.equal(slowed.status, 429, 'even the right password waits');
    assert.match(slowed.headers.get('retry-after') ?? '', /^\d+$/);
    assert.match(slowed.body, /Too many tries from here/);
    assert.equal((await events('login.dingtalk.bind.password')).at(-1)?.reason, 'login.too_many_failures');
    const login = await browser.get('/login?app=user-center');
    const onLoginPage = await browser.post('/login/password', { app: USER_CENTER_APP_ID, csrf: field(login.body, 'csrf'), username: name, password: USER_PASSWORD });
    assert.equal(onLoginPage.status, 429, 'the same count as the password form');
    assert.deepEqual(await bindings(src), []);
  });

  test('the pending binding and the CSRF token are required', async () => {
    const src = await source(true);
    const p = await person();
    const { browser, csrf } = await atBindPage(src, p.dt.unionId);
    const name = await username(p.userId!);
    const stranger = new Browser(node.url);
    const noPending = await stranger.post('/login/bind/password', { csrf, username: name, password: USER_PASSWORD });
    assert.equal(noPending.status, 400);
    assert.equal(errorCode(noPending.body), 'login.pending_missing');
    for (const form of [{ username: name, password: USER_PASSWORD }, { csrf: 'forged', username: name, password: USER_PASSWORD }] as Record<string, string>[]) {
      const res = await browser.post('/login/bind/password', form);
      assert.equal(res.status, 403);
      assert.equal(errorCode(res.body), 'login.csrf');
    }
    assert.deepEqual(await bindings(src), []);
  });

  test('a disabled account, or one already bound to another DingTalk account of the source, is refused', async () => {
    const src = await source(true);
    const disabled = await person();
    await node.api('PATCH', `${V1}/users/${disabled.userId}`, { token: admin, body: { status: 'disabled' } });
    const first = await atBindPage(src, disabled.dt.unionId);
    const refused = await first.browser.post('/login/bind/password', { csrf: first.csrf, username: await username(disabled.userId!), password: USER_PASSWORD });
    assert.equal(refused.status, 403);
    assert.match(refused.body, /disabled or locked/);
    assert.equal((await events('login.dingtalk.bind.password')).at(-1)?.reason, 'login.user_inactive');

    const owner = await person();
    const other = await dingtalkPerson(node, admin, sim, { portico: false });
    await node.portico.store.db
      .insertInto('bindings')
      .values({ id: `bnd_${owner.dt.unionId}`, source_id: src, user_id: owner.userId!, subject: owner.dt.unionId, open_id: null, external_user_id: null, nick: null, avatar_url: null, created_at: new Date().toISOString(), last_used_at: null })
      .execute();
    const second = await atBindPage(src, other.dt.unionId);
    const taken = await second.browser.post('/login/bind/password', { csrf: second.csrf, username: await username(owner.userId!), password: USER_PASSWORD });
    assert.equal(taken.status, 409);
    assert.equal(errorCode(taken.body), 'binding.user_already_bound');
    assert.match(taken.body, /already bound to another DingTalk account/);
    assert.equal((await events('login.dingtalk.bind.password')).at(-1)?.reason, 'binding.user_already_bound');
    assert.deepEqual(await bindings(src), [{ user_id: owner.userId, subject: owner.dt.unionId }]);
    assert.equal(await signedIn(second.browser), undefined);
  });

  test("an application whose policy always asks for a second factor asks for it after the password", async () => {
    const src = await source(true);
    const app = await registerApp(node, admin, { sources: [src] });
    const set = await node.api('PATCH', `${V1}/applications/${app.id}`, { token: admin, body: { secondFactor: { mode: 'always' } } });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const p = await person();
    const { browser, csrf } = await atBindPage(src, p.dt.unionId, app.id);
    const res = await browser.post('/login/bind/password', { csrf, username: await username(p.userId!), password: USER_PASSWORD });
    assert.equal(res.status, 303, res.body.slice(0, 300));
    assert.equal(res.location, '/login/factor');
    assert.ok(!browser.cookies.has('portico_session'), 'no session before the second factor');
    assert.equal((await browser.get('/login/factor')).status, 200, 'the second factor is asked');
    assert.deepEqual(await bindings(src), [{ user_id: p.userId, subject: p.dt.unionId }], 'bound: the password proved the account');
  });
});
