/**
 * The demo application, as a newcomer uses it: "Sign in with Portico" → Portico's login page with
 * DingTalk → scan in the simulator → back in the demo app, which shows the ID token's claims →
 * sign out (RP-initiated logout) → signed out of Portico too.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDialect, freePort, startNode, type TestNode } from './helpers/harness.ts';
import { Browser, decodeEntities, type Page } from './helpers/browser.ts';
import { scan, startSimulator, type Simulator } from './helpers/dingtalk.ts';
import { submitForm } from './helpers/oidc.ts';
import { seedDemo, DEMO_SOURCE_ID } from '../src/demo/seed.ts';
import { startDemoApp } from '../src/demo/demo-app.ts';
import { DEMO_APP_CLIENT_ID } from '../src/demo/demo-app-registration.ts';
import { callbackPath } from '../src/identity/registry.ts';

describeEachDialect('Demo application', (dialect) => {
  let node: TestNode;
  let sim: Simulator;
  let demo: Awaited<ReturnType<typeof startDemoApp>>;

  before(async () => {
    sim = await startSimulator();
    node = await startNode(dialect);
    await sim.allowRedirects([node.url + callbackPath('dingtalk', DEMO_SOURCE_ID)]);
    const port = await freePort();
    const demoUrl = `http://127.0.0.1:${port}`;
    const seeded = await seedDemo(node.portico.ctx, sim.url, demoUrl);
    assert.equal(seeded.demoApp?.clientId, DEMO_APP_CLIENT_ID);
    demo = await startDemoApp({ port, host: '127.0.0.1', publicUrl: demoUrl, issuer: `${node.url}/oidc`, ...seeded.demoApp! });
  });
  after(async () => {
    await demo?.close();
    await node?.close();
    await sim?.close();
  });

  test('a second seed reuses the demo application and its secret', async () => {
    const again = await seedDemo(node.portico.ctx, sim.url, demo.url);
    const rows = await node.portico.store.db.selectFrom('applications').select('client_id').where('client_id', '=', DEMO_APP_CLIENT_ID).execute();
    assert.equal(rows.length, 1);
    assert.equal(again.seeded, false);
    assert.ok(again.demoApp?.clientSecret);
  });

  test('Sign in with Portico, by DingTalk QR, shows the ID token claims; sign-out ends the Portico session', async () => {
    const browsers = { demo: new Browser(demo.url), portico: new Browser(node.url) };
    const go = (url: string) => (url.startsWith(demo.url) ? browsers.demo : browsers.portico).get(url);
    /** Follows redirects across both sites, as a browser does. */
    async function follow(page: Page) {
      while (page.location) page = await go(new URL(page.location, page.url).toString());
      return page;
    }

    const { id: demoAppId } = await node.portico.store.db.selectFrom('applications').select('id').where('client_id', '=', DEMO_APP_CLIENT_ID).executeTakeFirstOrThrow();
    const home = await browsers.demo.get('/');
    assert.match(home.body, /Sign in with Portico/);
    const loginPage = await follow(await browsers.demo.get('/login'));
    assert.match(loginPage.url, new RegExp(`/login\\?app=${demoAppId}&`), 'Portico shows the demo app’s login page');
    const href = /<a href="([^"]+)"[^>]*data-method="dingtalk"/.exec(loginPage.body)?.[1];
    assert.ok(href, 'with DingTalk');

    const { callbackUrl } = await scan(browsers.portico, sim, decodeEntities(href), 'uZhangSan0001');
    const signedIn = await follow(await go(callbackUrl!));
    assert.equal(signedIn.url, `${demo.url}/`);
    assert.match(signedIn.body, /Signed in as <strong>张三<\/strong>/);
    assert.match(signedIn.body, /<td>preferred_username<\/td><td>zhangsan<\/td>/);
    assert.match(signedIn.body, /<td>iss<\/td><td>http:\/\/127\.0\.0\.1:\d+\/oidc<\/td>/);
    assert.match(signedIn.body, /<td>amr<\/td><td>\[&quot;dingtalk&quot;\]<\/td>/);

    const out = await browsers.demo.post('/logout', {});
    const confirm = await go(out.location!);
    assert.equal(confirm.status, 200);
    const back = await follow(await submitForm(browsers.portico, confirm));
    assert.equal(new URL(back.url).pathname, '/');
    assert.match(back.body, /You have signed out/);
    assert.equal(browsers.portico.cookies.get('portico_session'), undefined, 'signed out of Portico too');
    const again = await follow(await browsers.demo.get('/login'));
    assert.match(again.url, new RegExp(`/login\\?app=${demoAppId}&`), 'signing in again shows the login page');
  });

  test('registered with its start-sign-in path as its initiate login URI: a sign-in started at Portico (the workbench address) lands in it signed in', async () => {
    const { id: demoAppId } = await node.portico.store.db.selectFrom('applications').select('id').where('client_id', '=', DEMO_APP_CLIENT_ID).executeTakeFirstOrThrow();
    const admin = await node.tokenFor('super_admin');
    assert.equal((await node.api('GET', `/api/admin/v1/applications/${demoAppId}`, { token: admin })).body.initiateLoginUri, `${demo.url}/login`);
    const browsers = { demo: new Browser(demo.url), portico: new Browser(node.url) };
    const go = (url: string) => (url.startsWith(demo.url) ? browsers.demo : browsers.portico).get(url);
    const urls: string[] = [];
    async function follow(page: Page) {
      while (page.location) {
        page = await go(new URL(page.location, page.url).toString());
        urls.push(page.url);
      }
      return page;
    }
    // The workbench homepage address, opened in a browser: the QR start, with no return_to.
    const { callbackUrl } = await scan(browsers.portico, sim, `/login/dingtalk/${DEMO_SOURCE_ID}?app=${demoAppId}`, 'uZhangSan0001');
    const signedIn = await follow(await go(callbackUrl!));
    assert.equal(signedIn.url, `${demo.url}/`);
    assert.match(signedIn.body, /Signed in as <strong>张三<\/strong>/);
    assert.ok(urls.some((u) => u.startsWith(`${demo.url}/login?iss=`)), 'through its initiate login URI');
    assert.ok(!urls.some((u) => new URL(u).pathname === '/login' && u.startsWith(node.url)), 'no Portico login page: the SSO session answered');
  });

  test('its initiate login URI refuses another issuer', async () => {
    const res = await new Browser(demo.url).get('/login?iss=https%3A%2F%2Fevil.example%2Foidc');
    assert.equal(res.status, 400);
    assert.match(res.body, /signs in only with/);
  });
});
