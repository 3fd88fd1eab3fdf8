/**
 * What `npm start` offers a newcomer, in a real browser: the demo organisation and the demo app, put on the
 * simulator's DingTalk workbench as demo mode does; a person "signed in to DingTalk" taps the demo app and
 * lands in it signed in (its own OpenID Connect sign-in, answered by the SSO session the workbench started),
 * with no QR code and nothing to type.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { TestNode } from '../helpers/harness.ts';
import type { Simulator } from '../helpers/dingtalk.ts';
import { startDemoStack, type DemoStack } from '../helpers/demo-stack.ts';
import { browserSuite, launchChromium } from '../helpers/chromium.ts';
import { EXAMPLE_DINGTALK_UA } from '../../sim/dingtalk/pages/workbench.ts';
import type { startDemoApp } from '../../src/demo/demo-app.ts';
import { registerDemoWorkbench } from '../../src/demo/workbench.ts';
import { USER_CENTER_APP_ID } from '../../src/store/well-known.ts';

describe('the demo app from the DingTalk workbench, in a browser', browserSuite, () => {
  let node: TestNode;
  let sim: Simulator;
  let demo: Awaited<ReturnType<typeof startDemoApp>>;
  let browser: Browser;

  let stack: DemoStack;

  before(async () => {
    stack = await startDemoStack();
    ({ sim, node, demo } = stack);
    assert.deepEqual(await registerDemoWorkbench(node.portico.ctx, sim.url, [USER_CENTER_APP_ID, stack.demoAppId]), [], 'both tiles registered');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
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
