/**
 * What `npm start` offers a newcomer, in a real browser: the demo organisation and the demo app, put on the
 * simulator's DingTalk workbench as demo mode does; a person "signed in to DingTalk" taps the demo app and
 * lands in it signed in (its own OpenID Connect sign-in, answered by the SSO session the workbench started),
 * with no QR code and nothing to type.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { freePort, startNode, type TestNode } from '../helpers/harness.ts';
import { startSimulator, type Simulator } from '../helpers/dingtalk.ts';
import { browserSuite, launchChromium } from '../helpers/chromium.ts';
import { EXAMPLE_DINGTALK_UA } from '../../sim/dingtalk/pages/workbench.ts';
import { seedDemo, DEMO_SOURCE_ID } from '../../src/demo/seed.ts';
import { startDemoApp } from '../../src/demo/demo-app.ts';
import { registerDemoWorkbench } from '../../src/demo/workbench.ts';
import { callbackPath } from '../../src/identity/registry.ts';
import { USER_CENTER_APP_ID } from '../../src/store/well-known.ts';

describe('the demo app from the DingTalk workbench, in a browser', browserSuite, () => {
  let node: TestNode;
  let sim: Simulator;
  let demo: Awaited<ReturnType<typeof startDemoApp>>;
  let browser: Browser;

  before(async () => {
    sim = await startSimulator();
    node = await startNode('sqlite');
    await sim.allowRedirects([node.url + callbackPath('dingtalk', DEMO_SOURCE_ID)]);
    const port = await freePort();
    const seeded = await seedDemo(node.portico.ctx, sim.url, `http://127.0.0.1:${port}`);
    demo = await startDemoApp({ port, host: '127.0.0.1', publicUrl: `http://127.0.0.1:${port}`, issuer: `${node.url}/oidc`, ...seeded.demoApp! });
    assert.deepEqual(await registerDemoWorkbench(node.portico.ctx, sim.url, [USER_CENTER_APP_ID, seeded.demoApp!.applicationId]), [], 'both tiles registered');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
    await node?.close();
    await sim?.close();
  });

  test('tapping the demo app lands in it signed in: no login page, no QR code, nothing typed', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, userAgent: EXAMPLE_DINGTALK_UA, locale: 'en-US', isMobile: true, hasTouch: true });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const visited: string[] = [];
    page.on('request', (request) => request.isNavigationRequest() && request.frame() === page.mainFrame() && visited.push(request.url()));
    await page.goto(`${sim.url}/workbench`);
    await page.getByLabel('Person').selectOption({ label: '张三 · 示例科技 (Demo Tech)' });
    await page.getByRole('button', { name: '切换 · Switch' }).click();
    await page.getByRole('link', { name: /Demo App/ }).tap();
    await page.waitForURL(`${demo.url}/`);
    await page.getByText(/Signed in as 张三/).waitFor();
    assert.match((await page.locator('body').innerText()) ?? '', /amr\s+\["dingtalk"\]/, 'signed in with DingTalk');
    // The homepage address, the callback with the client's code, the continuation, the demo app's own sign-in.
    const atPortico = visited.filter((url) => url.startsWith(node.url)).map((url) => new URL(url).pathname);
    assert.ok(atPortico.includes('/login/continue'), atPortico.join(' → '));
    assert.ok(!atPortico.some((path) => path === '/login' || path.startsWith('/login/bind')), `no Portico login or binding page: ${atPortico.join(' → ')}`);
    assert.ok(visited.some((url) => url.startsWith(`${demo.url}/login?`)), `the demo app started its own sign-in at its initiate login URI: ${visited.join(' → ')}`);
    await context.close();
  });
});
