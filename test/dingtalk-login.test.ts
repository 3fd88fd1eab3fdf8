/**
 * The seed's DingTalk QR login, every branch, end to end: a real HTTP client (cookies, redirects)
 * through Portico and the DingTalk simulator, on both databases. Each test asserts the page the
 * person sees, the session, the binding rows and the login event.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { Browser, errorCode, field } from './helpers/browser.ts';
import { dingtalkPerson, dingtalkSource, scan, startSimulator, type Simulator } from './helpers/dingtalk.ts';
import { USER_CENTER_APP_ID } from '../src/store/well-known.ts';
import { sharedOutbox } from '../src/login/outbox.ts';
import { OTP_MAX_ATTEMPTS } from '../src/otp/policy.ts';

const V1 = '/api/admin/v1';

describeEachDialect('DingTalk QR login', (dialect) => {
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

  /** A DingTalk source enabled for the User Center (and registered with DingTalk), with these settings. */
  async function source(config: Record<string, unknown> = {}, enable = true) {
    const created = await dingtalkSource(node, admin, sim, config, enable);
    callbacks.push(created.callbackUrl);
    await sim.allowRedirects(callbacks);
    return created.id;
  }

  /** A DingTalk user in the simulator and, optionally, a Portico user to match. */
  const person = (o: Parameters<typeof dingtalkPerson>[3] = {}) => dingtalkPerson(node, admin, sim, o);

  const qrPath = (sourceId: string) => `/login/dingtalk/${sourceId}?app=user-center`;

  async function scanAndReturn(browser: Browser, sourceId: string, unionId: string, answer: 'confirm' | 'decline' = 'confirm') {
    const { callbackUrl } = await scan(browser, sim, qrPath(sourceId), unionId, answer);
    assert.ok(callbackUrl, 'the QR frame hands the browser a callback URL');
    const callback = await browser.get(callbackUrl);
    return { callbackUrl, callback, hops: await browser.follow(callback) };
  }

  /** Auto-bind off, a person whose mobile would match, scanned in: on the phone + code page with its CSRF token. */
  async function atPhonePage() {
    const src = await source({ autoBind: false });
    const p = await person();
    const browser = new Browser(node.url);
    const { callback, hops } = await scanAndReturn(browser, src, p.dt.unionId);
    return { src, p, browser, callback, csrf: field(hops.at(-1)!.body, 'csrf') };
  }

  async function me(browser: Browser) {
    // The User Center has its own session, made by signing in to it through Portico's provider.
    await browser.open('/account');
    const res = await browser.get('/api/me');
    return res.status === 200 ? JSON.parse(res.body) : undefined;
  }

  async function bindingsOf(sourceId: string) {
    return node.portico.store.db.selectFrom('bindings').selectAll().where('source_id', '=', sourceId).execute();
  }

  async function lastLoginEvent(sourceId: string) {
    const events = await node.portico.store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('category', '=', 'login')
      .where('after', 'like', `%${sourceId}%`)
      .orderBy('id', 'desc')
      .limit(1)
      .execute();
    return events[0];
  }

  test('a bound DingTalk account signs straight in and its binding is marked used', async () => {
    const src = await source();
    const p = await person();
    await node.portico.store.db
      .insertInto('bindings')
      .values({ id: `bnd_${p.dt.unionId}`, source_id: src, user_id: p.userId!, subject: p.dt.unionId, open_id: null, external_user_id: null, nick: 'old', avatar_url: null, created_at: new Date(0).toISOString(), last_used_at: null })
      .execute();
    const browser = new Browser(node.url);
    const { callback, hops } = await scanAndReturn(browser, src, p.dt.unionId);
    assert.equal(callback.status, 303);
    assert.equal(callback.location, '/account');
    assert.match(hops.at(-1)!.body, /User Center/);
    assert.equal((await me(browser))?.id, p.userId);
    const [binding] = await bindingsOf(src);
    assert.ok(binding.last_used_at && binding.last_used_at > new Date(0).toISOString());
    assert.equal(binding.nick, p.dt.nick, 'the nick is refreshed from DingTalk');
    const event = await lastLoginEvent(src);
    assert.equal(event.reason, 'dingtalk.bound');
    assert.equal(event.outcome, 'success');
    assert.equal(event.actor_id, p.userId);
  });

  test('auto-bind on mobile: the first scan binds the matching user without asking for a phone', async () => {
    const src = await source({ sourceAttribute: 'mobile', userAttribute: 'mobile' });
    const p = await person();
    const browser = new Browser(node.url);
    const { callback } = await scanAndReturn(browser, src, p.dt.unionId);
    assert.equal(callback.location, '/account', 'straight into the application, no binding page');
    assert.equal((await me(browser))?.id, p.userId);
    const rows = await bindingsOf(src);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].user_id, p.userId);
    assert.equal(rows[0].subject, p.dt.unionId);
    assert.equal((await lastLoginEvent(src)).reason, 'dingtalk.bound_auto');

    // Second time: already bound.
    const again = new Browser(node.url);
    const second = await scanAndReturn(again, src, p.dt.unionId);
    assert.equal(second.callback.location, '/account');
    assert.equal((await lastLoginEvent(src)).reason, 'dingtalk.bound');
    assert.equal((await bindingsOf(src)).length, 1);
  });

  test('auto-bind on email matches case-insensitively', async () => {
    const src = await source({ sourceAttribute: 'email', userAttribute: 'email' });
    const tag = randomBytes(3).toString('hex');
    const p = await person({ dingtalk: { email: `Mixed.${tag}@Example.COM` }, portico: { mobile: null, email: `mixed.${tag}@example.com` } });
    const browser = new Browser(node.url);
    const { callback } = await scanAndReturn(browser, src, p.dt.unionId);
    assert.equal(callback.location, '/account');
    assert.equal((await me(browser))?.id, p.userId);
    assert.equal((await bindingsOf(src))[0].user_id, p.userId);
    assert.equal((await lastLoginEvent(src)).reason, 'dingtalk.bound_auto');
  });

  test('auto-bind on job number reads the organisation record through the org API', async () => {
    const src = await source({ sourceAttribute: 'jobNumber', userAttribute: 'employeeNumber' });
    const p = await person({ portico: { mobile: null } });
    await node.api('PATCH', `${V1}/users/${p.userId}`, { token: admin, body: { employeeNumber: p.dt.jobNumber } });
    const browser = new Browser(node.url);
    const { callback } = await scanAndReturn(browser, src, p.dt.unionId);
    assert.equal(callback.location, '/account');
    assert.equal((await me(browser))?.id, p.userId);
    const [row] = await bindingsOf(src);
    assert.equal(row.external_user_id, p.dt.userId, 'the DingTalk userId from the org record is kept');
  });

  test('no match with "bind an existing account" shows the phone + code page', async () => {
    const src = await source({ notAssociated: 'bind_existing' });
    const p = await person({ portico: false });
    const browser = new Browser(node.url);
    const { callback, hops } = await scanAndReturn(browser, src, p.dt.unionId);
    assert.equal(callback.location, '/login/bind');
    assert.match(hops.at(-1)!.body, /Bind your DingTalk account/);
    assert.equal(await me(browser), undefined, 'not signed in yet');
    assert.equal((await bindingsOf(src)).length, 0);
    const event = await lastLoginEvent(src);
    assert.equal(event.reason, 'dingtalk.not_associated.bind_existing');
    assert.equal(JSON.parse(event.after!).cause, 'no_match');
  });

  test('no match with "create a new account" creates the user in the chosen org unit, binds and signs in', async () => {
    const unit = await node.api('POST', `${V1}/org-units`, { token: admin, body: { name: `From DingTalk ${randomBytes(3).toString('hex')}` } });
    const src = await source({ notAssociated: 'create_user', notAssociatedOrgUnitId: unit.body.id });
    const p = await person({ portico: false });
    const browser = new Browser(node.url);
    const { callback } = await scanAndReturn(browser, src, p.dt.unionId);
    assert.equal(callback.location, '/account');
    const user = await me(browser);
    assert.ok(user, 'signed in');
    assert.equal(user.mobile, p.mobile);
    assert.equal(user.displayName, p.dt.nick, 'named from the DingTalk profile');
    const row = await node.portico.store.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    assert.equal(row.org_unit_id, unit.body.id);
    assert.equal((await bindingsOf(src))[0].user_id, user.id);
    assert.equal((await lastLoginEvent(src)).reason, 'dingtalk.not_associated.created');
  });

  test("a DingTalk profile's strings are kept bounded and visible, and a plain-http avatar from elsewhere is dropped", async () => {
    const unit = await node.api('POST', `${V1}/org-units`, { token: admin, body: { name: `From DingTalk ${randomBytes(3).toString('hex')}` } });
    const src = await source({ notAssociated: 'create_user', notAssociatedOrgUnitId: unit.body.id });
    const nick = `\u202e${'名'.repeat(190)}\u200b`; // the simulator's own limit is 200
    const p = await person({ portico: false, dingtalk: { nick, name: nick, avatar: 'http://avatars.evil.example/a.png', email: 'admin\u200b@corp.example' } });
    const browser = new Browser(node.url);
    const { callback } = await scanAndReturn(browser, src, p.dt.unionId);
    assert.equal(callback.location, '/account', callback.body.slice(0, 300));
    const user = await me(browser);
    assert.equal(user.displayName, '名'.repeat(64));
    assert.equal(user.email, null, 'an address with a hidden character is not taken');
    const [binding] = await bindingsOf(src);
    assert.equal(binding.nick, '名'.repeat(64));
    assert.equal(binding.avatar_url, null);
  });

  test('no match with "deny" shows a clear page with the contact message and signs no one in', async () => {
    const src = await source({ notAssociated: 'deny', denyMessage: 'Ask the IT desk (ext. 1234) to add you.' });
    const p = await person({ portico: false });
    const browser = new Browser(node.url);
    const { callback } = await scanAndReturn(browser, src, p.dt.unionId);
    assert.equal(callback.status, 403);
    assert.equal(errorCode(callback.body), 'dingtalk.not_associated.denied');
    assert.match(callback.body, /not linked to an account here/);
    assert.match(callback.body, /IT desk \(ext\. 1234\)/);
    assert.equal(await me(browser), undefined);
    assert.equal((await bindingsOf(src)).length, 0);
    assert.equal((await lastLoginEvent(src)).reason, 'dingtalk.not_associated.denied');
  });

  test('an ambiguous match never guesses: it follows the policy', async () => {
    const src = await source({ sourceAttribute: 'jobNumber', userAttribute: 'employeeNumber', notAssociated: 'deny' });
    const p = await person({ portico: false });
    for (const n of [1, 2]) {
      const res = await node.api('POST', `${V1}/users`, { token: admin, body: { username: `twin${n}-${p.dt.userId}`, displayName: 'Twin', employeeNumber: p.dt.jobNumber } });
      assert.equal(res.status, 201);
    }
    const browser = new Browser(node.url);
    const { callback } = await scanAndReturn(browser, src, p.dt.unionId);
    assert.equal(errorCode(callback.body), 'dingtalk.not_associated.denied');
    const event = await lastLoginEvent(src);
    assert.equal(JSON.parse(event.after!).cause, 'ambiguous');
    assert.equal((await bindingsOf(src)).length, 0);
  });

  test('auto-bind off: phone + correct code binds the existing user and signs in', async () => {
    const { src, p, browser, callback, csrf } = await atPhonePage();
    assert.equal(callback.location, '/login/bind', 'auto-bind off asks even though the mobile would match');
    const sent = await browser.post('/login/bind', { csrf, action: 'send', phone: p.mobile.slice(3) });
    assert.equal(sent.status, 200);
    assert.match(sent.body, /a code is on its way/);
    assert.match(sent.body, /data-resend-after="60"/, 'the send button counts down');
    const entry = await sharedOutbox(node.portico.ctx.shortLived).latestFor(p.mobile);
    assert.ok(entry, 'the console sender delivered a code');
    assert.match(entry.code, /^\d{6}$/);
    const verified = await browser.post('/login/bind', { csrf, action: 'verify', phone: p.mobile, code: entry.code });
    assert.equal(verified.status, 303);
    assert.equal(verified.location, '/account');
    assert.equal((await me(browser))?.id, p.userId);
    assert.equal((await bindingsOf(src))[0].user_id, p.userId);
    assert.equal((await lastLoginEvent(src)).reason, 'dingtalk.bound_phone');
    const user = await node.api('GET', `${V1}/users/${p.userId}`, { token: admin });
    assert.equal(user.body.mobileVerified, true, 'the code proved the number: the mobile is verified');
  });

  test('auto-bind off: five wrong codes burn the code', async () => {
    const { src, p, browser, csrf } = await atPhonePage();
    await browser.post('/login/bind', { csrf, action: 'send', phone: p.mobile });
    const entry = (await sharedOutbox(node.portico.ctx.shortLived).latestFor(p.mobile))!;
    const wrong = entry.code === '000000' ? '111111' : '000000';
    for (let i = 1; i < OTP_MAX_ATTEMPTS; i++) {
      const res = await browser.post('/login/bind', { csrf, action: 'verify', phone: p.mobile, code: wrong });
      assert.equal(res.status, 400);
      assert.match(res.body, new RegExp(`Wrong code. ${OTP_MAX_ATTEMPTS - i} tries left`));
    }
    const fifth = await browser.post('/login/bind', { csrf, action: 'verify', phone: p.mobile, code: wrong });
    assert.match(fifth.body, /Too many wrong codes/);
    const late = await browser.post('/login/bind', { csrf, action: 'verify', phone: p.mobile, code: entry.code });
    assert.match(late.body, /expired or was already used/, 'even the right code no longer works');
    assert.equal(await me(browser), undefined);
    assert.equal((await bindingsOf(src)).length, 0);
    assert.equal((await lastLoginEvent(src)).reason, 'otp.expired');
    const burnt = await node.portico.store.db.selectFrom('audit_events').select('reason').where('reason', '=', 'otp.too_many_attempts').executeTakeFirst();
    assert.ok(burnt, 'the burn is a login event');
  });

  test('auto-bind off: an expired code is refused', async () => {
    const { src, p, browser, csrf } = await atPhonePage();
    await browser.post('/login/bind', { csrf, action: 'send', phone: p.mobile });
    const entry = (await sharedOutbox(node.portico.ctx.shortLived).latestFor(p.mobile))!;
    // Expire the stored code, as five minutes would.
    const pendingId = browser.cookies.get('portico_pending')!;
    await node.portico.ctx.shortLived.delete(`otp:bind:${pendingId}:${p.mobile}`);
    const res = await browser.post('/login/bind', { csrf, action: 'verify', phone: p.mobile, code: entry.code });
    assert.equal(res.status, 400);
    assert.match(res.body, /expired or was already used/);
    assert.equal((await bindingsOf(src)).length, 0);
  });

  test('auto-bind off: asking for a second code within a minute is refused with the wait', async () => {
    const { src, p, browser, csrf } = await atPhonePage();
    assert.equal((await browser.post('/login/bind', { csrf, action: 'send', phone: p.mobile })).status, 200);
    const again = await browser.post('/login/bind', { csrf, action: 'send', phone: p.mobile });
    assert.equal(again.status, 429);
    assert.match(again.body, /Wait \d+ s before asking for another code/);
    assert.equal((await lastLoginEvent(src)).reason, 'otp.resend_too_soon');
  });

  test('the phone page answers the same whether or not the number belongs to anyone, then says so clearly', async () => {
    const { src, browser, csrf } = await atPhonePage();
    const stranger = `+86137${String(randomInt(0, 1e8)).padStart(8, '0')}`;
    const sent = await browser.post('/login/bind', { csrf, action: 'send', phone: stranger });
    assert.equal(sent.status, 200);
    assert.match(sent.body, /If this number can receive SMS/);
    const code = (await sharedOutbox(node.portico.ctx.shortLived).latestFor(stranger))!.code;
    const res = await browser.post('/login/bind', { csrf, action: 'verify', phone: stranger, code });
    assert.equal(res.status, 403);
    assert.match(res.body, /no active account uses this mobile number/);
    assert.equal((await bindingsOf(src)).length, 0);
  });

  test('a disabled user is never signed in through a binding', async () => {
    const src = await source();
    const p = await person();
    const first = new Browser(node.url);
    await scanAndReturn(first, src, p.dt.unionId);
    assert.equal((await bindingsOf(src)).length, 1);
    await node.api('PATCH', `${V1}/users/${p.userId}`, { token: admin, body: { status: 'disabled' } });
    assert.equal(await me(first), undefined, 'the open session stops working too');
    const browser = new Browser(node.url);
    const { callback } = await scanAndReturn(browser, src, p.dt.unionId);
    assert.equal(callback.status, 403);
    assert.equal(errorCode(callback.body), 'login.user_inactive');
    assert.equal(await me(browser), undefined);
    assert.equal((await lastLoginEvent(src)).reason, 'login.user_inactive');
  });

  test('declining on the phone shows a page saying so, with a way to try again', async () => {
    const src = await source();
    const p = await person();
    const browser = new Browser(node.url);
    const { callbackUrl, callback } = await scanAndReturn(browser, src, p.dt.unionId, 'decline');
    assert.match(callbackUrl, /error=/);
    assert.equal(callback.status, 400);
    assert.equal(errorCode(callback.body), 'dingtalk.authorization_denied');
    assert.match(callback.body, /You declined the sign-in in DingTalk/);
    assert.match(callback.body, new RegExp(`href="/login/dingtalk/${src}\\?app=${USER_CENTER_APP_ID}"`));
    assert.equal(await me(browser), undefined);
    assert.equal((await lastLoginEvent(src)).reason, 'dingtalk.authorization_denied');
  });

  test('a replayed callback is refused and changes nothing', async () => {
    const src = await source();
    const p = await person();
    const browser = new Browser(node.url);
    const { callbackUrl } = await scanAndReturn(browser, src, p.dt.unionId);
    const replay = await browser.get(callbackUrl);
    assert.equal(replay.status, 400);
    assert.equal(errorCode(replay.body), 'login.state_invalid');
    assert.equal((await bindingsOf(src)).length, 1);
  });

  test('a forged state, or a callback finished in another browser, is refused, and the real browser still finishes', async () => {
    const src = await source();
    const p = await person();
    const forged = await new Browser(node.url).get(`/login/callback/dingtalk/${src}?code=x&authCode=x&state=forged`);
    assert.equal(errorCode(forged.body), 'login.state_invalid');
    const victim = new Browser(node.url);
    const { callbackUrl } = await scan(victim, sim, qrPath(src), p.dt.unionId);
    const attacker = new Browser(node.url);
    const stolen = await attacker.get(callbackUrl!);
    assert.equal(stolen.status, 400);
    assert.equal(errorCode(stolen.body), 'login.state_foreign');
    assert.equal(await me(attacker), undefined);
    assert.equal((await bindingsOf(src)).length, 0);
    // The replay from the other browser did not use up the victim's state.
    const finished = await victim.get(callbackUrl!);
    assert.equal(finished.location, '/account', finished.body.slice(0, 300));
    assert.equal((await me(victim))?.id, p.userId);
  });

  test('a source not enabled for the application cannot be used, even by crafting URLs', async () => {
    const src = await source({}, false);
    const browser = new Browser(node.url);
    const page = await browser.get(qrPath(src));
    assert.equal(page.status, 403);
    assert.equal(errorCode(page.body), 'login.source_not_enabled');
    const login = await browser.get('/login?app=user-center');
    assert.ok(!login.body.includes(src), 'the login page does not offer it');
  });

  test('the QR page links back to the sign-in options without losing where the person was going', async () => {
    const src = await source();
    const page = await new Browser(node.url).get(`${qrPath(src)}&return_to=${encodeURIComponent('/interaction/abc')}`);
    assert.equal(page.status, 200);
    assert.match(page.body, new RegExp(`<a class="back" href="/login\\?app=${USER_CENTER_APP_ID}&amp;return_to=%2Finteraction%2Fabc">`));
  });

  test('an application deleted while the person scans ends the sign-in on a clear page, not a server error', async () => {
    const src = await source({}, false);
    const created = await node.api('POST', `${V1}/applications`, { token: admin, body: { name: `Short-lived ${randomBytes(3).toString('hex')}`, redirectUris: ['https://app.example/callback'] } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const appId = created.body.application.id as string;
    assert.equal((await node.api('PUT', `${V1}/applications/${appId}/login-configuration`, { token: admin, body: { sources: [src] } })).status, 200);
    const p = await person();
    const browser = new Browser(node.url);
    const { callbackUrl } = await scan(browser, sim, `/login/dingtalk/${src}?app=${created.body.application.clientId}`, p.dt.unionId);
    assert.ok(callbackUrl);
    assert.equal((await node.api('DELETE', `${V1}/applications/${appId}`, { token: admin })).status, 204);
    const callback = await browser.get(callbackUrl);
    assert.equal(callback.status, 404);
    assert.match(callback.body, /This application is not known here/);
    assert.equal(await me(browser), undefined, 'nobody is signed in');
  });

  test('two tabs finishing the same first login at once create one binding', async () => {
    const src = await source();
    const p = await person();
    const tabs = [new Browser(node.url), new Browser(node.url)];
    const urls = await Promise.all(tabs.map((b) => scan(b, sim, qrPath(src), p.dt.unionId)));
    const results = await Promise.all(tabs.map((b, i) => b.get(urls[i].callbackUrl!)));
    assert.deepEqual(results.map((r) => r.location), ['/account', '/account']);
    assert.equal((await bindingsOf(src)).length, 1);
  });
});
