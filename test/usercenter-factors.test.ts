/**
 * Second factors in the User Center, on both databases: adding an authenticator app (a wrong first
 * code refused), naming, removing, renewing recovery codes (the old ones stop working), each change
 * audited; a change asks for a sign-in younger than ten minutes, with the second factor once the
 * person has one; forms without the CSRF token, and other people's factors, are refused.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { Browser, decodeEntities, errorCode, field, type Page } from './helpers/browser.ts';
import { createUser } from './helpers/oidc.ts';
import { signInThrough } from './helpers/user-center-factor.ts';
import { totpCode } from '../src/factors/totp.ts';
import { SESSION_IDLE_MS, sessionIdOf, type SsoSession } from '../src/login/session.ts';
import { RECENT_SIGN_IN_MS } from '../src/usercenter/recent-sign-in.ts';
import { ACR_MULTI_FACTOR } from '../src/oidc/acr.ts';

const RECOVERY = /<li><code>([0-9A-Z]{5}-[0-9A-Z]{5})<\/code><\/li>/g;
const codesOn = (page: Page) => [...page.body.matchAll(RECOVERY)].map((m) => m[1]);

describeEachDialect('User Center second factors', (dialect) => {
  let node: TestNode;
  let admin: string;

  before(async () => {
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
  });
  after(async () => node?.close());

  type Person = { browser: Browser; user: Awaited<ReturnType<typeof createUser>> };

  const through = (p: Person, first: Page, code?: () => string) => signInThrough(p.browser, p.user, first, code);

  async function signedInPerson(): Promise<Person> {
    const p = { browser: new Browser(node.url), user: await createUser(node, admin) };
    const account = await through(p, await p.browser.get('/account'));
    assert.equal(new URL(account.url).pathname, '/account');
    assert.match(account.body, /Two-step verification/);
    return p;
  }

  const account = (p: Person) => p.browser.open('/account');
  const csrfOf = async (p: Person) => field((await account(p)).body, 'csrf');
  const factorIds = (page: Page) => [...page.body.matchAll(/data-factor="([^"]+)"/g)].map((m) => m[1]);

  /** Starts adding an app: answers the page with the QR code, its key and the confirming form. */
  async function startAdding(p: Person) {
    const started = await p.browser.post('/account/factors', { csrf: await csrfOf(p) });
    assert.equal(started.status, 303);
    assert.match(started.location!, /^\/account\/factors\/[^/]+$/);
    const page = await p.browser.get(started.location!);
    assert.equal(page.status, 200);
    const secret = decodeEntities(/data-secret>([^<]+)</.exec(page.body)![1]).replace(/\s/g, '');
    return { page, secret, action: /action="(\/account\/factors\/[^"]+\/confirm)"/.exec(page.body)![1] };
  }

  async function addApp(p: Person, name: string) {
    const { page, secret, action } = await startAdding(p);
    const done = await p.browser.post(action, { csrf: field(page.body, 'csrf'), name, code: totpCode(secret) });
    return { secret, done };
  }

  /** Moves the person's sign-in back in time, as if it had been made `ms` ago. */
  async function ageSignIn(p: Person, ms: number) {
    const { shortLived } = node.portico.ctx;
    const key = `session:${sessionIdOf(p.browser.cookies.get('portico_session')!)}`;
    const session = (await shortLived.get<SsoSession>(key))!;
    await shortLived.set(key, { ...session, createdAt: Date.now() - ms }, SESSION_IDLE_MS);
  }

  const securityEvents = (userId: string) =>
    node.portico.store.db.selectFrom('audit_events').select(['action', 'actor_type', 'target_id', 'before', 'after']).where('category', '=', 'security').where('actor_id', '=', userId).orderBy('id').execute();

  test('adding an app: a wrong first code is refused, the right one adds it under its name with ten recovery codes', async () => {
    const p = await signedInPerson();
    assert.match((await account(p)).body, /You have no second factor yet/);
    const { page, secret, action } = await startAdding(p);
    assert.match(page.body, /src="data:image\/png;base64,/);
    assert.match(secret, /^[A-Z2-7]{32}$/);

    const wrong = await p.browser.post(action, { csrf: field(page.body, 'csrf'), name: 'Work phone', code: '000000' });
    assert.equal(wrong.status, 400);
    assert.match(wrong.body, /That code is not right/);
    assert.match(wrong.body, /name="name"[^>]*value="Work phone"/, 'the name typed is kept');
    assert.deepEqual(factorIds(await account(p)), [], 'nothing is added by a wrong code');

    const right = await p.browser.post(action, { csrf: field(wrong.body, 'csrf'), name: '  Work   phone ', code: totpCode(secret) });
    assert.equal(right.status, 200);
    assert.equal(codesOn(right).length, 10);
    const listed = await account(p);
    assert.equal(factorIds(listed).length, 1);
    assert.match(listed.body, /<strong>Work phone<\/strong>/);
    assert.match(listed.body, /data-recovery-left="10"/);
    assert.equal((await p.browser.get(action.replace(/\/confirm$/, ''))).location, '/account#second-factors', 'the key is not shown again once confirmed');

    const events = await securityEvents(p.user.id);
    assert.deepEqual(events.map((e) => [e.action, e.actor_type, e.target_id]), [['user.factor_add', 'user', factorIds(listed)[0]]]);
    assert.deepEqual(JSON.parse(events[0].after!), { type: 'totp', name: 'Work phone', recoveryCodesIssued: true });
  });

  test('with a factor, a change asks for it again; rename, renewed recovery codes (the old ones stop working), remove', async () => {
    const p = await signedInPerson();
    const { secret, done } = await addApp(p, 'Phone');
    const oldCodes = codesOn(done);
    const [id] = factorIds(await account(p));

    // The sign-in, recent as it is, was made with the password alone: renaming asks for a full sign-in, with the app's code.
    const asked = await p.browser.post(`/account/factors/${id}/rename`, { csrf: await csrfOf(p), name: 'Old phone' });
    assert.equal(asked.status, 303);
    const authorize = new URL(asked.location!, node.url);
    assert.equal(authorize.searchParams.get('prompt'), 'login');
    assert.equal(authorize.searchParams.get('max_age'), String(RECENT_SIGN_IN_MS / 1000));
    assert.equal(authorize.searchParams.get('acr_values'), ACR_MULTI_FACTOR);
    const back = await through(p, asked, () => totpCode(secret, Date.now() + 30_000));
    assert.equal(new URL(back.url).pathname, '/account');
    assert.match(back.body, /<strong>Phone<\/strong>/, 'nothing changed before the sign-in');

    const renamed = await p.browser.post(`/account/factors/${id}/rename`, { csrf: await csrfOf(p), name: 'Old phone' });
    assert.equal(renamed.status, 303);
    assert.match((await account(p)).body, /<strong>Old phone<\/strong>/);

    const renewed = await p.browser.post('/account/recovery-codes', { csrf: await csrfOf(p) });
    assert.equal(renewed.status, 200);
    const newCodes = codesOn(renewed);
    assert.equal(newCodes.length, 10);
    assert.equal(newCodes.filter((c) => oldCodes.includes(c)).length, 0);

    // Eleven minutes later, removing signs the person in again: password, then an old recovery code (refused), then a new one.
    await ageSignIn(p, RECENT_SIGN_IN_MS + 60_000);
    const again = await p.browser.post(`/account/factors/${id}/remove`, { csrf: await csrfOf(p) });
    assert.equal(again.status, 303);
    assert.match(again.location!, /^\/oidc\/auth\?/);
    const challenged = await through(p, again, () => oldCodes[0]);
    assert.equal(challenged.status, 400, 'an old recovery code no longer works');
    assert.match(challenged.body, /That code is not right/);
    const signedIn = await through(p, await p.browser.post('/login/factor', { csrf: field(challenged.body, 'csrf'), code: newCodes[0] }));
    assert.equal(new URL(signedIn.url).pathname, '/account');
    assert.match(signedIn.body, /data-recovery-left="9"/);
    assert.match(signedIn.body, /your recovery codes are removed with it/, 'removing the last app says the codes go with it');

    const removed = await p.browser.post(`/account/factors/${id}/remove`, { csrf: await csrfOf(p) });
    assert.equal(removed.status, 303);
    const after = await account(p);
    assert.deepEqual(factorIds(after), []);
    assert.match(after.body, /You have no second factor yet/);
    const left = await node.portico.store.db.selectFrom('user_recovery_codes').select('user_id').where('user_id', '=', p.user.id).execute();
    assert.equal(left.length, 0, 'the last app took the recovery codes with it');

    const events = await securityEvents(p.user.id);
    assert.deepEqual(events.map((e) => e.action), ['user.factor_add', 'user.factor_rename', 'user.recovery_codes_renew', 'user.factor_remove']);
    assert.deepEqual([JSON.parse(events[1].before!), JSON.parse(events[1].after!)], [{ name: 'Phone' }, { name: 'Old phone' }]);
    assert.deepEqual(JSON.parse(events[3].after!), { lastFactor: true, recoveryCodesRemoved: true });
    assert.ok(events.every((e) => e.target_id === id || e.target_id === p.user.id));
  });

  test('a sign-in older than ten minutes signs in again before a change, and comes back to the User Center', async () => {
    const p = await signedInPerson();
    await ageSignIn(p, RECENT_SIGN_IN_MS + 1_000);
    const asked = await p.browser.post('/account/factors', { csrf: await csrfOf(p) });
    assert.equal(asked.status, 303);
    const authorize = new URL(asked.location!, node.url);
    assert.equal(authorize.pathname, '/oidc/auth');
    assert.equal(authorize.searchParams.get('prompt'), 'login');
    assert.equal(authorize.searchParams.get('max_age'), '600');
    assert.equal(authorize.searchParams.get('acr_values'), null, 'no second factor to ask for yet');
    const hops = await p.browser.follow(asked);
    assert.ok(hops.some((h) => h.url.includes('/login?')), 'the login page, not the SSO session, answers');
    const back = await through(p, hops.at(-1)!);
    assert.equal(new URL(back.url).pathname, '/account');
    const started = await p.browser.post('/account/factors', { csrf: await csrfOf(p) });
    assert.match(started.location!, /^\/account\/factors\//, 'the fresh sign-in lets the change through');
  });

  test('a form without its CSRF token changes nothing', async () => {
    const p = await signedInPerson();
    await addApp(p, 'Phone');
    const [id] = factorIds(await account(p));
    for (const [path, form] of [['/account/factors', {}], [`/account/factors/${id}/rename`, { name: 'x' }], [`/account/factors/${id}/remove`, {}], ['/account/recovery-codes', {}]] as const) {
      const res = await p.browser.post(path, { ...form, csrf: 'forged-token-forged-token-forged-token' });
      assert.equal(res.status, 403, path);
      assert.equal(errorCode(res.body), 'login.csrf');
    }
    assert.match((await account(p)).body, /<strong>Phone<\/strong>/);
    assert.deepEqual((await securityEvents(p.user.id)).map((e) => e.action), ['user.factor_add']);
  });

  test("another person's factor cannot be renamed or removed", async () => {
    const owner = await signedInPerson();
    await addApp(owner, 'Phone');
    const [id] = factorIds(await account(owner));
    const other = await signedInPerson();
    for (const [path, form] of [[`/account/factors/${id}/rename`, { name: 'Mine now' }], [`/account/factors/${id}/remove`, {}]] as const) {
      const res = await other.browser.post(path, { ...form, csrf: await csrfOf(other) });
      assert.equal(res.status, 404, path);
      assert.equal(errorCode(res.body), 'factor.not_found');
    }
    assert.match((await account(owner)).body, /<strong>Phone<\/strong>/);
    assert.deepEqual(await securityEvents(other.user.id), []);
  });
});
