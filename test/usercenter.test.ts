/** The User Center's side of bindings: bind DingTalk while signed in, see it, unbind it, and what the next scan does. */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { Browser, errorCode, field } from './helpers/browser.ts';
import { scan, startSimulator, SIM_APP, type Simulator } from './helpers/dingtalk.ts';
import { USER_CENTER_APP_ID, PASSWORD_SOURCE_ID } from '../src/store/well-known.ts';

const V1 = '/api/admin/v1';
const PASSWORD = 'a long enough password';

describeEachDialect('User Center bindings', (dialect) => {
  let node: TestNode;
  let sim: Simulator;
  let admin: string;
  let src: string;

  before(async () => {
    sim = await startSimulator();
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
    const res = await node.api('POST', `${V1}/sources`, {
      token: admin,
      body: { type: 'dingtalk', name: 'DingTalk', config: { ...SIM_APP, autoBind: false, endpoints: { login: sim.url, api: sim.url, oapi: sim.url } } },
    });
    src = res.body.id;
    await sim.allowRedirects([res.body.callbackUrl]);
    await node.api('PUT', `${V1}/applications/${USER_CENTER_APP_ID}/login-configuration`, { token: admin, body: { sources: [PASSWORD_SOURCE_ID, src] } });
  });
  after(async () => {
    await node?.close();
    await sim?.close();
  });

  async function signedInPerson() {
    const tag = randomBytes(4).toString('hex');
    const mobile = `139${String(randomInt(0, 1e8)).padStart(8, '0')}`;
    await sim.addUser({ unionId: `u${tag}`, userId: `user${tag}`, name: `DT ${tag}`, nick: `nick-${tag}`, mobile });
    const created = await node.api('POST', `${V1}/users`, { token: admin, body: { username: `p${tag}`, displayName: `P ${tag}`, mobile: `+86${mobile}`, password: PASSWORD } });
    const browser = new Browser(node.url);
    const page = await browser.get(`/login?app=user-center&method=${PASSWORD_SOURCE_ID}`);
    const res = await browser.post('/login/password', { app: 'user-center', csrf: field(page.body, 'csrf'), username: `p${tag}`, password: PASSWORD });
    assert.equal(res.status, 303);
    // Into the User Center, which signs in through Portico's provider and keeps its own session.
    await browser.follow(res);
    return { browser, userId: created.body.id as string, unionId: `u${tag}`, nick: `nick-${tag}` };
  }

  const bindingsOf = async (b: Browser) => JSON.parse((await b.get('/api/me/bindings')).body).items as any[];

  test('a signed-in user binds DingTalk by scanning, and sees the bound account', async () => {
    const p = await signedInPerson();
    const before = await p.browser.open('/account');
    assert.match(before.body, new RegExp(`href="/login/dingtalk/${src}/link"`), 'the User Center offers "Bind DingTalk"');
    const { callbackUrl } = await scan(p.browser, sim, `/login/dingtalk/${src}/link`, p.unionId);
    const back = await p.browser.get(callbackUrl!);
    assert.equal(back.status, 303);
    assert.equal(back.location, '/account');
    const [binding] = await bindingsOf(p.browser);
    assert.equal(binding.nick, p.nick);
    assert.equal(binding.sourceName, 'DingTalk');
    assert.ok(binding.boundAt);
    const account = await p.browser.open('/account');
    assert.match(account.body, new RegExp(p.nick));
    assert.doesNotMatch(account.body, new RegExp(`/login/dingtalk/${src}/link`), 'no second binding is offered');
    const logins = JSON.parse((await p.browser.get('/api/me/logins')).body).items;
    assert.ok(logins.some((l: any) => l.method === 'password' && l.outcome === 'success'));
  });

  test('after unbinding, the next scan asks to bind again', async () => {
    const p = await signedInPerson();
    const { callbackUrl } = await scan(p.browser, sim, `/login/dingtalk/${src}/link`, p.unionId);
    await p.browser.get(callbackUrl!);
    const [binding] = await bindingsOf(p.browser);
    const del = await p.browser.request('DELETE', `/api/me/bindings/${binding.id}`);
    assert.equal(del.status, 204);
    assert.deepEqual(await bindingsOf(p.browser), []);
    const audit = await node.api('GET', `${V1}/audit-events?category=user&action=binding.delete`, { token: admin });
    assert.ok(audit.body.items.some((e: any) => e.target.id === binding.id && e.actor.id === p.userId));

    const fresh = new Browser(node.url);
    const again = await scan(fresh, sim, `/login/dingtalk/${src}?app=user-center`, p.unionId);
    const callback = await fresh.get(again.callbackUrl!);
    assert.equal(callback.location, '/login/bind');
  });

  test('a DingTalk account bound to someone else cannot be bound again', async () => {
    const first = await signedInPerson();
    const { callbackUrl } = await scan(first.browser, sim, `/login/dingtalk/${src}/link`, first.unionId);
    await first.browser.get(callbackUrl!);
    const second = await signedInPerson();
    const attempt = await scan(second.browser, sim, `/login/dingtalk/${src}/link`, first.unionId);
    const res = await second.browser.get(attempt.callbackUrl!);
    assert.equal(res.status, 409);
    assert.equal(errorCode(res.body), 'binding.identity_taken');
    assert.deepEqual(await bindingsOf(second.browser), []);
  });

  test('binding needs a signed-in user', async () => {
    const res = await new Browser(node.url).get(`/login/dingtalk/${src}/link`);
    assert.equal(res.status, 303);
    assert.match(res.location!, new RegExp(`^/login\\?app=${USER_CENTER_APP_ID}`));
  });

  test("a user cannot remove someone else's binding", async () => {
    const owner = await signedInPerson();
    const { callbackUrl } = await scan(owner.browser, sim, `/login/dingtalk/${src}/link`, owner.unionId);
    await owner.browser.get(callbackUrl!);
    const [binding] = await bindingsOf(owner.browser);
    const other = await signedInPerson();
    const res = await other.browser.request('DELETE', `/api/me/bindings/${binding.id}`);
    assert.equal(res.status, 404);
    assert.equal((await bindingsOf(owner.browser)).length, 1);
  });
});
