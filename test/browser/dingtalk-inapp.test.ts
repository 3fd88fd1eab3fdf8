/**
 * Signing in inside the DingTalk client, in a real browser: phone-sized, with DingTalk's user agent,
 * signed in to the simulator's client as 张三, tapping the User Center on the workbench lands in it
 * signed in, with no QR code and nothing to type (the page's script, the JSAPI, the CSP and the
 * cross-origin code fetch all for real). Signed out of the client, the JSAPI refuses and the page
 * falls back to the QR code. Every branch of the server side is in test/dingtalk-inapp.test.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext } from 'playwright-core';
import { startNode, type TestNode } from '../helpers/harness.ts';
import { startSimulator, SIM_APP, type Simulator } from '../helpers/dingtalk.ts';
import { browserSuite, launchChromium, screenshot } from '../helpers/chromium.ts';
import { EXAMPLE_DINGTALK_UA } from '../../sim/dingtalk/pages/workbench.ts';
import { USER_CENTER_APP_ID, PASSWORD_SOURCE_ID } from '../../src/store/well-known.ts';
import { sharedOutbox } from '../../src/login/outbox.ts';
import { SESSION_COOKIE } from '../../src/login/session.ts';

const V1 = '/api/admin/v1';
const LISI_MOBILE = '+8613900000002';

describe('signing in inside the DingTalk client, in a browser', browserSuite, () => {
  let node: TestNode;
  let sim: Simulator;
  let browser: Browser;
  let homepage: string;

  before(async () => {
    sim = await startSimulator();
    node = await startNode('sqlite');
    const token = await node.tokenFor('super_admin');
    // 张三 of the simulator's organisation, matched by mobile on the first tap; 李四's account has
    // another number than the organisation's record, so he binds with phone + code once.
    assert.equal((await node.api('POST', `${V1}/users`, { token, body: { username: 'zhangsan', displayName: '张三', mobile: '13800000001' } })).status, 201);
    assert.equal((await node.api('POST', `${V1}/users`, { token, body: { username: 'lisi', displayName: '李四', mobile: LISI_MOBILE } })).status, 201);
    const created = await node.api('POST', `${V1}/sources`, {
      token,
      body: { type: 'dingtalk', name: 'DingTalk (Demo Tech)', config: { ...SIM_APP, endpoints: { login: sim.url, api: sim.url, oapi: sim.url }, sourceAttribute: 'mobile', userAttribute: 'mobile' } },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await sim.allowRedirects([created.body.callbackUrl]);
    const put = await node.api('PUT', `${V1}/applications/${USER_CENTER_APP_ID}/login-configuration`, { token, body: { sources: [PASSWORD_SOURCE_ID, created.body.id] } });
    assert.equal(put.status, 200);
    // The workbench homepage address the admin pastes into DingTalk's developer backend.
    homepage = `${node.url}/login/dingtalk/${created.body.id}?app=${USER_CENTER_APP_ID}`;
    await sim.api('POST', '/test/workbench/apps', { name: 'User Center', homepage });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await node?.close();
    await sim?.close();
  });

  const phone = async (): Promise<BrowserContext> => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, userAgent: EXAMPLE_DINGTALK_UA, locale: 'en-US', isMobile: true, hasTouch: true });
    context.setDefaultTimeout(15_000);
    return context;
  };

  test('tapping the User Center on the workbench lands in it signed in, with no QR code and nothing to type', async () => {
    const context = await phone();
    const page = await context.newPage();
    const seen: string[] = [];
    page.on('request', (request) => request.isNavigationRequest() && request.frame() === page.mainFrame() && seen.push(request.url()));
    await page.goto(`${sim.url}/workbench`);
    await page.getByLabel('Person').selectOption({ label: '张三 · 示例科技 (Demo Tech)' });
    await page.getByRole('button', { name: '切换 · Switch' }).click();
    await page.getByText('Signed in to DingTalk as').waitFor();
    await page.getByRole('link', { name: 'User Center' }).tap();
    await page.waitForURL(`${node.url}/account`);
    await page.getByText('Signed in as 张三').waitFor();
    await page.getByText('DingTalk (in app) · User Center').waitFor();
    await screenshot(page, '72-dingtalk-inapp-signed-in');
    assert.ok(!seen.some((url) => url.includes('inapp=off')), 'the JSAPI gave a code: no fallback');
    assert.ok(seen.some((url) => url.includes('inapp_code=')), 'the code went to the callback');
    await context.close();
  });

  test('a first-time person binds with phone + code on a phone-sized page, once, then lands in the application', async () => {
    const context = await phone();
    const page = await context.newPage();
    await page.goto(`${sim.url}/workbench`);
    await page.getByLabel('Person').selectOption({ label: '李四 · 示例科技 (Demo Tech)' });
    await page.getByRole('button', { name: '切换 · Switch' }).click();
    await page.getByRole('link', { name: 'User Center' }).tap();
    await page.getByRole('heading', { name: 'Bind your DingTalk account' }).waitFor();
    await page.getByText('next time opening the app in DingTalk signs you in', { exact: false }).waitFor();
    await page.getByLabel('Mobile number').fill(LISI_MOBILE);
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByText('a code is on its way', { exact: false }).waitFor();
    const sms = await sharedOutbox(node.portico.ctx.shortLived).latestFor(LISI_MOBILE);
    assert.ok(sms, 'the console SMS sender delivered a code');
    await page.getByLabel('Verification code').fill(sms.code);
    await screenshot(page, '73-dingtalk-inapp-bind-phone');
    await page.getByRole('button', { name: 'Bind and sign in' }).click();
    await page.waitForURL(`${node.url}/account`);
    await page.getByText('Signed in as 李四').waitFor();
    // Next time, signed out of Portico, the tap alone signs him in through the binding.
    await context.clearCookies({ name: SESSION_COOKIE });
    await page.goto(`${sim.url}/workbench`);
    await page.getByRole('link', { name: 'User Center' }).tap();
    await page.waitForURL(`${node.url}/account`);
    await page.getByText('Signed in as 李四').waitFor();
    const last = await node.portico.store.db.selectFrom('audit_events').select(['reason', 'method']).where('action', '=', 'login.dingtalk').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    assert.deepEqual({ ...last }, { reason: 'dingtalk.bound', method: 'dingtalk_inapp' });
    await context.close();
  });

  test('signed out of the client the JSAPI refuses, and the page falls back to the QR code', async () => {
    const context = await phone();
    const page = await context.newPage();
    await page.goto(homepage);
    await page.waitForURL(/inapp=off/);
    await page.locator('#dingtalk-qr iframe').waitFor();
    await context.close();
  });
});
