/**
 * Where a sign-in that starts at Portico continues (OpenID Connect Third-Party Initiated Login, Core
 * §4), on both databases: an application's initiate login URI as the admin API takes and refuses it;
 * /login/continue sending a signed-in browser there with `iss`, to the login page first when nobody is
 * signed in, to a friendly page when the application registered none, and to the User Center's own
 * page for the User Center; and a DingTalk QR sign-in started for an application with no `return_to`
 * (a workbench tile opened in a browser) ending in that application.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { Browser, field } from './helpers/browser.ts';
import { createUser, registerApp, USER_PASSWORD } from './helpers/oidc.ts';
import { scan, startSimulator, SIM_APP, type Simulator } from './helpers/dingtalk.ts';
import { PASSWORD_SOURCE_ID } from '../src/store/well-known.ts';

const V1 = '/api/admin/v1';
const INITIATE = 'https://rp.example/start?from=portico';

describeEachDialect('Third-party initiated login: where a sign-in started at Portico continues', (dialect) => {
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

  const change = (id: string, body: Record<string, unknown>) => node.api('PATCH', `${V1}/applications/${id}`, { token: admin, body });
  const problem = (res: { status: number; body: { code?: string; field?: string } }) => [res.status, res.body.code, res.body.field];
  const continuePath = (id: string) => `/login/continue?${new URLSearchParams({ app: id })}`;

  async function signedIn() {
    const user = await createUser(node, admin);
    const browser = new Browser(node.url);
    const page = await browser.get('/login?app=user-center');
    const posted = await browser.post('/login/password', { app: field(page.body, 'app'), csrf: field(page.body, 'csrf'), username: user.username, password: USER_PASSWORD });
    assert.equal(posted.status, 303, posted.body.slice(0, 300));
    return browser;
  }

  test('an application has no initiate login URI until one is set; null removes it', async () => {
    const app = await registerApp(node, admin);
    assert.equal((await node.api('GET', `${V1}/applications/${app.id}`, { token: admin })).body.initiateLoginUri, null);
    const set = await change(app.id, { initiateLoginUri: INITIATE });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.equal(set.body.application.initiateLoginUri, INITIATE);
    assert.equal((await change(app.id, { initiateLoginUri: 'http://127.0.0.1:8080/login' })).body.application.initiateLoginUri, 'http://127.0.0.1:8080/login', 'http on loopback');
    assert.equal((await change(app.id, { initiateLoginUri: null })).body.application.initiateLoginUri, null);
  });

  test('an initiate login URI must be https (or http on loopback), without a fragment, and a machine has none', async () => {
    const app = await registerApp(node, admin);
    for (const uri of ['http://rp.example/start', 'https://rp.example/start#x', 'rp.example/start', 'https://user:pw@rp.example/start']) {
      assert.deepEqual(problem(await change(app.id, { initiateLoginUri: uri })), [400, 'application.invalid_initiate_login_uri', '/initiateLoginUri'], uri);
    }
    const machine = await node.api('POST', `${V1}/applications`, { token: admin, body: { name: 'Robot', clientType: 'machine', redirectUris: [], initiateLoginUri: INITIATE } });
    assert.deepEqual(problem(machine), [400, 'application.machine_uris', '/initiateLoginUri']);
  });

  test('continue sends a signed-in browser to the initiate login URI with the issuer, keeping its query', async () => {
    const app = await registerApp(node, admin, { settings: { initiateLoginUri: INITIATE } });
    const res = await (await signedIn()).get(continuePath(app.id));
    assert.equal(res.status, 303);
    const to = new URL(res.location!);
    assert.equal(to.origin + to.pathname, 'https://rp.example/start');
    assert.equal(to.searchParams.get('from'), 'portico');
    assert.equal(to.searchParams.get('iss'), `${node.url}/oidc`);
  });

  test('continue accepts the client id too, as every login link does', async () => {
    const app = await registerApp(node, admin, { settings: { initiateLoginUri: INITIATE } });
    const res = await (await signedIn()).get(continuePath(app.clientId));
    assert.equal(res.status, 303);
    assert.ok(res.location!.startsWith('https://rp.example/start?'), res.location);
  });

  test('nobody signed in: continue sends the browser to the application’s login page, returning here', async () => {
    const app = await registerApp(node, admin, { settings: { initiateLoginUri: INITIATE } });
    const res = await new Browser(node.url).get(continuePath(app.id));
    assert.equal(res.status, 303);
    const to = new URL(res.location!, node.url);
    assert.equal(to.pathname, '/login');
    assert.equal(to.searchParams.get('app'), app.id);
    assert.equal(to.searchParams.get('return_to'), continuePath(app.id));
  });

  test('an application with no initiate login URI: a page saying the person is signed in and where to open it', async () => {
    const name = `Ledger ${randomBytes(3).toString('hex')}`;
    const app = await registerApp(node, admin, { name });
    const res = await (await signedIn()).get(continuePath(app.id));
    assert.equal(res.status, 200);
    assert.match(res.body, /data-page="continue"/);
    assert.match(res.body, /You are signed in/);
    assert.ok(res.body.includes(`Open ${name} from where you usually start it`), res.body);
  });

  test('the User Center continues at its own page', async () => {
    const res = await new Browser(node.url).get(continuePath('user-center'));
    assert.equal(res.status, 303);
    assert.equal(res.location, '/account');
  });

  test('an unknown application is refused', async () => {
    const res = await (await signedIn()).get(continuePath('app_nope'));
    assert.equal(res.status, 404);
  });

  test('a DingTalk sign-in started for an application with no return_to ends in the application; one given is kept', async () => {
    const created = await node.api('POST', `${V1}/sources`, {
      token: admin,
      body: { type: 'dingtalk', name: `DingTalk ${randomBytes(4).toString('hex')}`, config: { ...SIM_APP, endpoints: { login: sim.url, api: sim.url, oapi: sim.url } } },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await sim.allowRedirects([created.body.callbackUrl]);
    const src = created.body.id as string;
    const app = await registerApp(node, admin, { sources: [PASSWORD_SOURCE_ID, src], settings: { initiateLoginUri: INITIATE } });
    const tag = randomBytes(4).toString('hex');
    const mobile = `139${String(randomInt(0, 1e8)).padStart(8, '0')}`;
    await sim.addUser({ unionId: `u${tag}`, userId: `user${tag}`, name: `DT ${tag}`, mobile });
    const user = await createUser(node, admin, { mobile: `+86${mobile}` });
    await node.portico.store.db
      .insertInto('bindings')
      .values({ id: `bnd_${tag}`, source_id: src, user_id: user.id, subject: `u${tag}`, open_id: null, external_user_id: null, nick: null, avatar_url: null, created_at: new Date(0).toISOString(), last_used_at: null })
      .execute();

    const browser = new Browser(node.url);
    const { callbackUrl } = await scan(browser, sim, `/login/dingtalk/${src}?app=${app.id}`, `u${tag}`);
    const callback = await browser.get(callbackUrl!);
    assert.equal(callback.status, 303);
    assert.equal(callback.location, continuePath(app.id));
    const onward = await browser.get(callback.location!);
    assert.equal(new URL(onward.location!).searchParams.get('iss'), `${node.url}/oidc`);

    const kept = await scan(browser, sim, `/login/dingtalk/${src}?app=${app.id}&return_to=%2Faccount%2Fprofile`, `u${tag}`);
    assert.equal((await browser.get(kept.callbackUrl!)).location, '/account/profile');
  });
});
