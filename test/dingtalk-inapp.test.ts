/**
 * Signing in inside the DingTalk client (免登), every branch, end to end on both databases: a fetch
 * browser that says it is DingTalk opens the workbench homepage address (the source's start route),
 * gets the "Signing you in…" page, and brings back a code the simulator minted (its test API stands in
 * for the JSAPI's requestAuthCode). Each test asserts what the person sees, the session, the bindings
 * and the login events.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { Browser, decodeEntities, errorCode, field, type Page } from './helpers/browser.ts';
import { dingtalkPerson, dingtalkSource, startSimulator, SIM_APP, type Simulator } from './helpers/dingtalk.ts';
import { USER_CENTER_APP_ID } from '../src/store/well-known.ts';
import { sharedOutbox } from '../src/login/outbox.ts';
import { HOSTED_DINGTALK_JSAPI } from '../src/identity/dingtalk/config.ts';

const V1 = '/api/admin/v1';
/** What DingTalk's iPhone client sends (ref §3.1: the container says "DingTalk"). */
const DINGTALK_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AliApp(DingTalk/7.6.0) DingTalk/7.6.0';
const BROWSER_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const ANDROID_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36';
const DESKTOP_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
/** How long DingTalk keeps an unused in-app code (ref §3.3: 5 minutes). */
const CODE_TTL_MS = 5 * 60 * 1000;

describeEachDialect('DingTalk in-app sign-in', (dialect) => {
  let node: TestNode;
  let sim: Simulator;
  let admin: string;

  before(async () => {
    sim = await startSimulator();
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
  });
  after(async () => {
    await node?.close();
    await sim?.close();
  });

  /** A DingTalk source with the organisation's CorpId, enabled for the User Center unless told otherwise. */
  const source = async (config: Record<string, unknown> = {}, enable = true) => (await dingtalkSource(node, admin, sim, config, enable)).id;
  /** A member of the simulator's organisation and, optionally, a Portico user with the same mobile. */
  const person = (o: Parameters<typeof dingtalkPerson>[3] = {}) => dingtalkPerson(node, admin, sim, o);

  const inDingTalk = () => {
    const browser = new Browser(node.url);
    browser.headers['user-agent'] = DINGTALK_UA;
    return browser;
  };
  const startPath = (sourceId: string) => `/login/dingtalk/${sourceId}?app=user-center&return_to=%2Faccount`;

  /** What the page's script reads: where the code goes and with which state. */
  function signingInPage(page: Page) {
    assert.equal(page.status, 200, page.body.slice(0, 300));
    const attr = (name: string) => decodeEntities(new RegExp(`data-${name}="([^"]*)"`).exec(page.body)?.[1] ?? '');
    return { callback: attr('callback'), state: attr('state'), corpId: attr('corp-id'), codeParam: attr('code-param') };
  }

  /** The JSAPI's part, played by the simulator's test API: a code for this member of that organisation. */
  const mintCode = async (userid: string, corpId?: string) => (await sim.api('POST', '/test/inapp-codes', { userid, ...(corpId ? { corpId } : {}) })).code as string;

  /** Tapping the application in the workbench: the start page, the code, the callback. */
  async function tap(browser: Browser, sourceId: string, userid: string, o: { corpId?: string; code?: string } = {}) {
    const page = await browser.get(startPath(sourceId));
    const { callback, state, codeParam } = signingInPage(page);
    const code = o.code ?? (await mintCode(userid, o.corpId));
    const url = new URL(callback);
    url.searchParams.set(codeParam, code);
    url.searchParams.set('state', state);
    const answer = await browser.get(url.toString());
    return { page, code, answer, hops: await browser.follow(answer) };
  }

  async function me(browser: Browser) {
    await browser.open('/account');
    const res = await browser.get('/api/me');
    return res.status === 200 ? JSON.parse(res.body) : undefined;
  }

  const bindingsOf = (sourceId: string) => node.portico.store.db.selectFrom('bindings').selectAll().where('source_id', '=', sourceId).execute();

  async function loginEvents(sourceId: string) {
    return node.portico.store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('category', '=', 'login')
      .where('after', 'like', `%${sourceId}%`)
      .orderBy('id', 'asc')
      .execute();
  }
  const lastLoginEvent = async (sourceId: string) => (await loginEvents(sourceId)).at(-1)!;

  async function bind(sourceId: string, p: { dt: { unionId: string }; userId?: string }) {
    await node.portico.store.db
      .insertInto('bindings')
      .values({ id: `bnd_${p.dt.unionId}`, source_id: sourceId, user_id: p.userId!, subject: p.dt.unionId, open_id: null, external_user_id: null, nick: 'old', avatar_url: null, created_at: new Date(0).toISOString(), last_used_at: null })
      .execute();
  }

  test('inside DingTalk the start page only says "signing you in" and loads just the JSAPI the CSP allows', async () => {
    const src = await source();
    const page = await inDingTalk().get(startPath(src));
    const { callback, state, corpId } = signingInPage(page);
    assert.match(page.body, /Signing you in with DingTalk/);
    assert.doesNotMatch(page.body, /<iframe/, 'no QR code');
    assert.equal(corpId, SIM_APP.corpId);
    assert.equal(callback, `${node.url}/login/callback/dingtalk/${src}`);
    assert.ok(state.length >= 32);
    const origin = new URL(sim.url).origin;
    assert.match(page.body, new RegExp(`<script src="${origin}/jsapi/dingtalk.open.js" defer></script>\\s*<script src="/assets/dingtalk-inapp.js" defer>`), 'the JSAPI first, then the page script');
    const csp = page.headers.get('content-security-policy')!;
    assert.match(csp, new RegExp(`script-src 'self' ${origin}(;|$)`));
    assert.match(csp, new RegExp(`connect-src 'self' ${origin}(;|$)`), "the simulator's stand-in fetches its codes");
    assert.doesNotMatch(csp, /frame-src/);
    assert.match(csp, /frame-ancestors 'none'/);
    const script = await inDingTalk().get('/assets/dingtalk-inapp.js');
    assert.equal(script.status, 200);
    assert.match(script.body, /requestAuthCode/);
    const start = await lastLoginEvent(src);
    assert.equal(start.action, 'login.dingtalk.start');
    assert.equal(start.reason, 'dingtalk.inapp_started');
  });

  test("with DingTalk's own servers the page loads DingTalk's hosted JSAPI and talks to nothing else", async () => {
    const defaults = { login: 'https://login.dingtalk.com', api: 'https://api.dingtalk.com', oapi: 'https://oapi.dingtalk.com' };
    const src = await source({ endpoints: defaults });
    const page = await inDingTalk().get(startPath(src));
    signingInPage(page);
    assert.ok(page.body.includes(`<script src="${HOSTED_DINGTALK_JSAPI}" defer>`));
    const csp = page.headers.get('content-security-policy')!;
    assert.match(csp, /script-src 'self' https:\/\/g\.alicdn\.com(;|$)/);
    assert.doesNotMatch(csp, /connect-src/);
  });

  test('a bound member goes straight to return_to with nothing to type, recorded as "DingTalk (in app)"', async () => {
    const src = await source();
    const p = await person();
    await bind(src, p);
    const browser = inDingTalk();
    const { answer } = await tap(browser, src, p.dt.userId);
    assert.equal(answer.status, 303);
    assert.equal(answer.location, '/account');
    assert.equal((await me(browser))?.id, p.userId);
    const [binding] = await bindingsOf(src);
    assert.ok(binding.last_used_at && binding.last_used_at > new Date(0).toISOString(), 'the binding is marked used');
    const events = await loginEvents(src);
    const ended = events.at(-1)!;
    assert.equal(ended.action, 'login.dingtalk');
    assert.equal(ended.reason, 'dingtalk.bound');
    assert.equal(ended.method, 'dingtalk_inapp');
    assert.equal(ended.actor_id, p.userId);
    assert.deepEqual(
      events.map((e) => [e.action, e.reason, e.method]),
      [['login.dingtalk.start', 'dingtalk.inapp_started', null], ['login.dingtalk', 'dingtalk.bound', 'dingtalk_inapp']],
      'every step is a login event; the one that ends the attempt names the method',
    );
  });

  test('auto-bind on mobile binds the member by the organisation record, as a scan of the same person would', async () => {
    const src = await source({ sourceAttribute: 'mobile', userAttribute: 'mobile' });
    const p = await person();
    const browser = inDingTalk();
    const { answer } = await tap(browser, src, p.dt.userId);
    assert.equal(answer.location, '/account');
    assert.equal((await me(browser))?.id, p.userId);
    const rows = await bindingsOf(src);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].subject, p.dt.unionId, 'keyed on the unionId, like a QR sign-in');
    assert.equal(rows[0].external_user_id, p.dt.userId);
    assert.equal((await lastLoginEvent(src)).reason, 'dingtalk.bound_auto');
  });

  test('auto-bind on job number reads the job number from the organisation record', async () => {
    const src = await source({ sourceAttribute: 'jobNumber', userAttribute: 'employeeNumber' });
    const p = await person({ portico: { mobile: null } });
    await node.api('PATCH', `${V1}/users/${p.userId}`, { token: admin, body: { employeeNumber: p.dt.jobNumber } });
    const browser = inDingTalk();
    const { answer } = await tap(browser, src, p.dt.userId);
    assert.equal(answer.location, '/account');
    assert.equal((await me(browser))?.id, p.userId);
  });

  test('not associated, "bind an existing account": the phone + code page, then signed in and recorded as in-app', async () => {
    const src = await source({ notAssociated: 'bind_existing' });
    // The Portico account has another mobile than the organisation's record: auto-bind finds no one.
    const otherMobile = `+86137${String(randomInt(0, 1e8)).padStart(8, '0')}`;
    const p = { ...(await person({ portico: { mobile: otherMobile } })), mobile: otherMobile };
    const browser = inDingTalk();
    const { answer, hops } = await tap(browser, src, p.dt.userId);
    assert.equal(answer.location, '/login/bind');
    assert.match(hops.at(-1)!.body, /Bind your DingTalk account/);
    assert.match(hops.at(-1)!.body, /next time opening the app in DingTalk signs you in/, 'words for a tap, not a scan');
    assert.equal((await lastLoginEvent(src)).reason, 'dingtalk.not_associated.bind_existing');
    const csrf = field(hops.at(-1)!.body, 'csrf');
    assert.equal((await browser.post('/login/bind', { csrf, action: 'send', phone: p.mobile })).status, 200);
    const entry = (await sharedOutbox(node.portico.ctx.shortLived).latestFor(p.mobile))!;
    const verified = await browser.post('/login/bind', { csrf, action: 'verify', phone: p.mobile, code: entry.code });
    assert.equal(verified.status, 303);
    assert.equal(verified.location, '/account');
    assert.equal((await me(browser))?.id, p.userId);
    const ended = await lastLoginEvent(src);
    assert.equal(ended.reason, 'dingtalk.bound_phone');
    assert.equal(ended.method, 'dingtalk_inapp');
  });

  test('not associated, "create a new account": created from the organisation record, bound and signed in', async () => {
    const unit = await node.api('POST', `${V1}/org-units`, { token: admin, body: { name: `From DingTalk ${randomBytes(3).toString('hex')}` } });
    const src = await source({ notAssociated: 'create_user', notAssociatedOrgUnitId: unit.body.id });
    const p = await person({ portico: false });
    const browser = inDingTalk();
    const { answer } = await tap(browser, src, p.dt.userId);
    assert.equal(answer.location, '/account');
    const user = await me(browser);
    assert.ok(user, 'signed in');
    assert.equal(user.mobile, p.mobile);
    assert.equal(user.displayName, p.dt.name, "named as the organisation names the member");
    assert.equal((await bindingsOf(src))[0].user_id, user.id);
    assert.equal((await lastLoginEvent(src)).reason, 'dingtalk.not_associated.created');
  });

  test('not associated, "deny": a clear page with the contact message, no one signed in', async () => {
    const src = await source({ notAssociated: 'deny', denyMessage: 'Ask the IT desk (ext. 1234) to add you.' });
    const p = await person({ portico: false });
    const browser = inDingTalk();
    const { answer } = await tap(browser, src, p.dt.userId);
    assert.equal(answer.status, 403);
    assert.equal(errorCode(answer.body), 'dingtalk.not_associated.denied');
    assert.match(answer.body, /IT desk \(ext\. 1234\)/);
    assert.equal(await me(browser), undefined);
    const ended = await lastLoginEvent(src);
    assert.equal(ended.reason, 'dingtalk.not_associated.denied');
    assert.equal(ended.method, 'dingtalk_inapp');
  });

  test('a used code is refused with a "Try again" link to the start, which gets a fresh code and signs in', async () => {
    const src = await source();
    const p = await person();
    await bind(src, p);
    const first = inDingTalk();
    const { code } = await tap(first, src, p.dt.userId);
    assert.equal((await me(first))?.id, p.userId);
    const browser = inDingTalk();
    const { answer } = await tap(browser, src, p.dt.userId, { code });
    assert.equal(answer.status, 400);
    assert.equal(errorCode(answer.body), 'dingtalk.inapp_code_invalid');
    assert.match(answer.body, /already used or has expired/);
    const retry = decodeEntities(/<a[^>]+href="([^"]+)"[^>]*>[^<]*Try again/.exec(answer.body)?.[1] ?? '');
    assert.equal(retry, `/login/dingtalk/${src}?app=${USER_CENTER_APP_ID}`, 'back to the start URL (to /account, the default)');
    assert.equal(await me(browser), undefined);
    const failed = await lastLoginEvent(src);
    assert.equal(failed.outcome, 'failure');
    assert.equal(failed.reason, 'dingtalk.inapp_code_invalid');
    assert.equal(failed.method, 'dingtalk_inapp');
    const again = await browser.get(retry);
    const { callback, state, codeParam } = signingInPage(again);
    const url = new URL(callback);
    url.searchParams.set(codeParam, await mintCode(p.dt.userId));
    url.searchParams.set('state', state);
    assert.equal((await browser.get(url.toString())).location, '/account');
  });

  test('an expired code is refused the same way', async () => {
    const src = await source();
    const p = await person();
    await bind(src, p);
    const code = await mintCode(p.dt.userId);
    await sim.api('POST', '/sim/api/clock', { advanceMs: CODE_TTL_MS + 1000 });
    const browser = inDingTalk();
    const { answer } = await tap(browser, src, p.dt.userId, { code });
    assert.equal(errorCode(answer.body), 'dingtalk.inapp_code_invalid');
    assert.equal(await me(browser), undefined);
  });

  test('a forged code is refused the same way', async () => {
    const src = await source();
    const p = await person();
    await bind(src, p);
    const browser = inDingTalk();
    const { answer } = await tap(browser, src, p.dt.userId, { code: randomBytes(16).toString('hex') });
    assert.equal(errorCode(answer.body), 'dingtalk.inapp_code_invalid');
    assert.equal(await me(browser), undefined);
  });

  test("a code from another organisation's client is refused and signs no one in", async () => {
    const src = await source({ notAssociated: 'deny' });
    const corpId = `dingother${randomBytes(4).toString('hex')}`;
    await sim.api('POST', '/sim/api/orgs', { corpId, name: 'Another organisation' });
    const tag = randomBytes(4).toString('hex');
    await sim.api('POST', '/sim/api/users', { corpId, unionId: `u${tag}`, userId: `user${tag}`, name: `Other ${tag}`, nick: `other-${tag}`, active: true, deptIdList: [1], stateCode: '86', mobile: `138${String(randomInt(0, 1e8)).padStart(8, '0')}` });
    const browser = inDingTalk();
    const { answer } = await tap(browser, src, `user${tag}`, { corpId });
    assert.equal(answer.status, 400);
    assert.equal(errorCode(answer.body), 'dingtalk.inapp_code_invalid');
    assert.equal(await me(browser), undefined);
    assert.equal((await bindingsOf(src)).length, 0);
  });

  test('a disabled user is never signed in through a binding', async () => {
    const src = await source();
    const p = await person();
    await bind(src, p);
    await node.api('PATCH', `${V1}/users/${p.userId}`, { token: admin, body: { status: 'disabled' } });
    const browser = inDingTalk();
    const { answer } = await tap(browser, src, p.dt.userId);
    assert.equal(answer.status, 403);
    assert.equal(errorCode(answer.body), 'login.user_inactive');
    assert.equal(await me(browser), undefined);
    assert.equal((await lastLoginEvent(src)).method, 'dingtalk_inapp');
  });

  test('DingTalk unreachable at the exchange: a page saying so, with a way to try again', async () => {
    const src = await source();
    const p = await person();
    await bind(src, p);
    await sim.api('POST', '/sim/api/faults', { pathPrefix: '/topapi/v2/user/getuserinfo', status: 503 });
    const browser = inDingTalk();
    const { answer } = await tap(browser, src, p.dt.userId);
    assert.equal(answer.status, 503);
    assert.equal(errorCode(answer.body), 'dingtalk.unavailable');
    assert.match(answer.body, /Try again/);
    assert.equal(await me(browser), undefined);
  });

  test('a source not enabled for the application cannot be used inside DingTalk either', async () => {
    const src = await source({}, false);
    const page = await inDingTalk().get(startPath(src));
    assert.equal(page.status, 403);
    assert.equal(errorCode(page.body), 'login.source_not_enabled');
  });

  test('outside DingTalk the same address shows the QR code on a computer', async () => {
    const src = await source();
    const browser = new Browser(node.url);
    browser.headers['user-agent'] = DESKTOP_UA;
    const page = await browser.get(startPath(src));
    assert.equal(page.status, 200);
    assert.match(page.body, /<iframe/);
    assert.doesNotMatch(page.body, /dingtalk-inapp/);
    assert.equal((await lastLoginEvent(src)).reason, 'dingtalk.qr_shown');
  });

  test("in a phone's own browser (where a QR code cannot be scanned) the address opens DingTalk's authorization page instead", async () => {
    const src = await source();
    for (const userAgent of [BROWSER_UA, ANDROID_UA]) {
      const browser = new Browser(node.url);
      browser.headers['user-agent'] = userAgent;
      const page = await browser.get(startPath(src));
      assert.equal(page.status, 303, userAgent);
      const location = new URL(page.headers.get('location')!);
      assert.equal(location.origin, new URL(sim.url).origin, "DingTalk's own page");
      assert.equal(location.searchParams.get('client_id'), SIM_APP.appKey);
      assert.ok(location.searchParams.get('state'), 'the login transaction goes along');
      assert.equal((await lastLoginEvent(src)).reason, 'dingtalk.app_authorization_opened');
    }
  });

  test("when the JSAPI refuses, the page's fallback address shows the QR code inside DingTalk", async () => {
    const src = await source();
    const page = await inDingTalk().get(`${startPath(src)}&inapp=off`);
    assert.equal(page.status, 200);
    assert.match(page.body, /<iframe/);
    assert.doesNotMatch(page.body, /dingtalk-inapp/);
  });

  test('without a CorpId the source shows the QR code inside DingTalk (a code means nothing without its organisation)', async () => {
    const src = await source({ corpId: null });
    const page = await inDingTalk().get(startPath(src));
    assert.equal(page.status, 200);
    assert.match(page.body, /<iframe/);
    assert.doesNotMatch(page.body, /dingtalk-inapp/);
  });

  test('an in-app start is completed only by a client code: a QR answer on its state is refused', async () => {
    const src = await source();
    const browser = inDingTalk();
    const { callback, state } = signingInPage(await browser.get(startPath(src)));
    const answer = await browser.get(`${callback}?authCode=${randomBytes(8).toString('hex')}&state=${encodeURIComponent(state)}`);
    assert.equal(answer.status, 400);
    assert.equal(errorCode(answer.body), 'dingtalk.callback_invalid');
  });
});
