/**
 * "Sign in with your company's IdP", end to end in chromium: the admin adds the IdP in the Enterprise
 * Center and enables it for the demo application; then the demo application → Portico's login
 * page → the upstream IdP (a real oidc-provider with its own sign-in form) → back in the demo app,
 * bound on first use by the IdP's verified email; after signing out of the demo app and Portico, the
 * second sign-in goes straight through (the IdP remembers the person, Portico the binding).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { freePort, type TestNode } from '../helpers/harness.ts';
import { browserSuite, desktopPage, screenshot } from '../helpers/chromium.ts';
import { creator, openLoginConfiguration, signInToConsole, startConsoleNode } from '../helpers/enterprise-center.ts';
import { startSimulator, type Simulator } from '../helpers/dingtalk.ts';
import { startUpstreamIdp, upstreamClient, type UpstreamIdp } from '../helpers/upstream-idp.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { startDemoApp } from '../../src/demo/demo-app.ts';

const IDP_NAME = 'Acme Corp IdP';

describe('the OpenID Connect source: demo app → Portico → upstream IdP → back, in a browser', browserSuite, () => {
  let node: TestNode;
  let browser: Browser;
  let token: string;
  let sim: Simulator;
  let idp: UpstreamIdp;
  let demo: Awaited<ReturnType<typeof startDemoApp>>;
  let page: Page;
  let adaId: string;

  before(async () => {
    sim = await startSimulator();
    ({ node, browser, token } = await startConsoleNode());
    const demoPort = await freePort();
    const seeded = await seedDemo(node.portico.ctx, sim.url, `http://127.0.0.1:${demoPort}`);
    demo = await startDemoApp({ port: demoPort, host: '127.0.0.1', publicUrl: `http://127.0.0.1:${demoPort}`, issuer: `${node.url}/oidc`, ...seeded.demoApp! });

    adaId = (await creator(node, token)('/users', { username: 'ada', displayName: 'Ada L.', email: 'ada@acme.example' })).id;
    page = await desktopPage(browser);
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
    await idp?.close();
    await node?.close();
    await sim?.close();
  });

  /** The origins the browser's window showed, in order, while `action` ran. */
  async function visited(action: () => Promise<void>): Promise<string[]> {
    const seen: string[] = [];
    const record = (frame: { url(): string; parentFrame(): unknown }) => {
      if (!frame.parentFrame()) seen.push(frame.url());
    };
    page.on('framenavigated', record);
    try {
      await action();
    } finally {
      page.off('framenavigated', record);
    }
    return seen;
  }

  test('the admin adds the IdP in the console: issuer, client ID and secret in, the redirect URI to register out, Test connection passes', async () => {
    const admin = await desktopPage(browser, { height: 1000 });
    await admin.goto(`${node.url}/console`);
    await signInToConsole(admin);
    await admin.getByRole('link', { name: 'Authentication Sources' }).click();
    await admin.getByRole('link', { name: 'Add OpenID Connect source' }).click();
    const idpPort = await freePort();
    const client = upstreamClient();
    await admin.getByLabel('Name', { exact: true }).fill(IDP_NAME);
    await admin.getByLabel('Issuer URL', { exact: true }).fill(`http://127.0.0.1:${idpPort}`);
    await admin.getByLabel('Client ID', { exact: true }).fill(client.id);
    await admin.getByLabel('Client secret', { exact: true }).fill(client.secret);
    assert.equal(await admin.getByRole('switch', { name: 'Auto-bind' }).getAttribute('aria-checked'), 'true');
    await admin.getByRole('button', { name: 'Create source' }).click();
    await admin.waitForURL(/\/console\/sources\/src_[^/?]+/);
    const sourceId = /\/sources\/(src_[^/?]+)/.exec(admin.url())![1];
    await admin.getByRole('heading', { name: IDP_NAME, exact: true }).waitFor();
    const redirectUri = await admin.getByLabel('Redirect URI', { exact: true }).inputValue();
    assert.equal(redirectUri, `${node.url}/login/callback/openid/${sourceId}`);

    // The admin registers Portico at the IdP with that redirect URI (here: the IdP starts with it).
    idp = await startUpstreamIdp({ port: idpPort, client, name: IDP_NAME, redirectUris: [redirectUri], accounts: { ada: { name: 'Ada Lovelace', email: 'ada@acme.example', email_verified: true } } });
    await admin.getByRole('button', { name: 'Test connection' }).click();
    await admin.getByText('Connected', { exact: true }).waitFor();
    assert.equal(await admin.locator('.test-result').getAttribute('data-ok'), 'true');
    await screenshot(admin, '40-openid-source', { fullPage: true });

    await openLoginConfiguration(admin, 'Demo App');
    const toggle = admin.locator('li', { hasText: IDP_NAME }).getByRole('switch', { name: `Enable ${IDP_NAME}` });
    await toggle.scrollIntoViewIfNeeded();
    await toggle.click();
    await admin.getByRole('button', { name: 'Save', exact: true }).click();
    await admin.getByText('Login Configuration saved.', { exact: false }).waitFor();
    await admin.context().close();
  });

  test('first time: signed in at the IdP, bound by the verified email, back in the demo app', async () => {
    await page.goto(demo.url);
    await page.getByRole('link', { name: /Sign in with Portico/ }).click();
    const idpButton = page.getByRole('link', { name: `Sign in with ${IDP_NAME}` });
    await idpButton.waitFor();
    await screenshot(page, '41-login-page-with-idp');
    const trip = await visited(async () => {
      await idpButton.click();
      await page.getByRole('heading', { name: IDP_NAME }).waitFor();
      await page.getByLabel('Username').fill('ada');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Signed in as').waitFor();
    });
    assert.ok(trip.some((url) => url.startsWith(idp.issuer)), 'the browser went to the IdP');
    assert.equal(new URL(page.url()).origin, demo.url);
    await assert.doesNotReject(page.getByRole('cell', { name: adaId }).first().waitFor(), 'the ID token names Portico’s user');
    await screenshot(page, '42-demo-app-signed-in-through-idp');
    const bindings = await node.portico.store.db.selectFrom('bindings').select(['user_id', 'subject']).where('user_id', '=', adaId).execute();
    assert.deepEqual(bindings.map((b) => ({ ...b })), [{ user_id: adaId, subject: 'ada' }]);
  });

  test('second time, after signing out: straight in, no form at the IdP or at Portico', async () => {
    await page.getByRole('button', { name: /Sign out/ }).click();
    // Portico asks only when it cannot tell the sign-out came from the application itself.
    const confirm = page.getByRole('button', { name: 'Yes, sign me out' });
    const signInLink = page.getByRole('link', { name: /Sign in with Portico/ });
    await confirm.or(signInLink).first().waitFor();
    if (await confirm.isVisible()) await confirm.click();
    await signInLink.click();
    // Signed out of Portico too: its login page asks again.
    const idpButton = page.getByRole('link', { name: `Sign in with ${IDP_NAME}` });
    await idpButton.waitFor();
    const trip = await visited(async () => {
      await idpButton.click();
      await page.getByText('Signed in as').waitFor();
    });
    assert.ok(!trip.some((url) => url.includes('/interaction/')), `no IdP sign-in form: ${trip.join(' → ')}`);
    assert.equal(new URL(page.url()).origin, demo.url);
  });
});
