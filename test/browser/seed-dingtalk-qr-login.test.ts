/**
 * The seed document, step by step, in a real browser: an admin adds the DingTalk source in the
 * Enterprise Center and enables it under Resources > Applications > User Center > Login
 * Configuration; a user opens the User Center login, chooses DingTalk Login, and scans the QR code
 * with the phone. With Auto-bind on (no phone asked; bound users go straight in), with it off
 * (phone + code), and after unbinding in the User Center (asked to bind again).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestNode } from '../helpers/harness.ts';
import { startSimulator, SIM_APP, type Simulator } from '../helpers/dingtalk.ts';
import { browserSuite, desktopPage, screenshot } from '../helpers/chromium.ts';
import { createDingTalkSource, creator, openLoginConfiguration, signInToConsole, startConsoleNode } from '../helpers/enterprise-center.ts';
import { phoneContext, scanAndConfirm } from '../helpers/dingtalk-phone.ts';
import { sharedOutbox } from '../../src/login/outbox.ts';
import { USER_CENTER_APP_ID } from '../../src/store/well-known.ts';

const V1 = '/api/admin/v1';
const SOURCE_NAME = 'DingTalk (Demo Tech)';

describe('the seed: DingTalk QR code login configured in the Enterprise Center, in a browser', browserSuite, () => {
  let node: TestNode;
  let sim: Simulator;
  let browser: Browser;
  let admin: BrowserContext;
  let console_: Page;
  let phone: BrowserContext;
  /** 李四's browser, signed in to the User Center after binding. */
  let lisi: Page;
  let token: string;
  let sourceId: string;

  before(async () => {
    sim = await startSimulator();
    ({ node, browser, token } = await startConsoleNode());
    // The people already in the directory; their mobiles are those of the simulator's 张三 and 李四.
    const post = creator(node, token);
    await post('/users', { username: 'zhangsan', displayName: '张三', mobile: '13800000001' });
    await post('/users', { username: 'lisi', displayName: '李四', mobile: '13800000002' });
    console_ = await computer();
    admin = console_.context();
    phone = await phoneContext(browser);
  });
  after(async () => {
    await browser?.close();
    await node?.close();
    await sim?.close();
  });

  /** A person at a computer, in a browser of their own. */
  const computer = () => desktopPage(browser);

  /** The binding page: the mobile number, the code the console SMS sender "delivered", bind. */
  async function bindWithPhoneAndCode(page: Page, typed: string, e164: string, shot?: string) {
    await page.getByRole('heading', { name: 'Bind your DingTalk account' }).waitFor();
    await page.getByLabel('Mobile number').fill(typed);
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByText('a code is on its way', { exact: false }).waitFor();
    const sms = await sharedOutbox(node.portico.ctx.shortLived).latestFor(e164);
    assert.ok(sms, `the console SMS sender delivered a code to ${e164}`);
    await page.getByLabel('Verification code').fill(sms.code);
    if (shot) await screenshot(page, shot);
    await page.getByRole('button', { name: 'Bind and sign in' }).click();
  }

  async function bindingsOf(userId: string) {
    return (await node.api('GET', `${V1}/bindings?userId=${userId}`, { token })).body.items as { sourceId: string; subject: string }[];
  }

  async function userId(username: string) {
    return (await node.api('GET', `${V1}/users?q=${username}`, { token })).body.items[0].id as string;
  }

  /** "Log in to the User Center. On the application system login page, select DingTalk Login." */
  async function openDingTalkLogin(page: Page, shot?: string) {
    await page.goto(`${node.url}/login?app=user-center`);
    if (shot) await screenshot(page, shot);
    await page.getByRole('link', { name: 'DingTalk Login' }).click();
    await page.frameLocator('#dingtalk-qr iframe').locator('#dt-qr').waitFor();
  }

  async function landsInUserCenter(page: Page, displayName: string) {
    await page.waitForURL((url) => url.pathname.startsWith('/account'));
    await page.getByRole('heading', { name: 'User Center' }).waitFor();
    await page.getByText(displayName).first().waitFor();
  }

  test('an admin signs in, adds the DingTalk source with Auto-bind on by default, and its connection test passes', async () => {
    await console_.goto(`${node.url}/console`);
    await screenshot(console_, '01-console-sign-in');
    await signInToConsole(console_);
    await console_.getByRole('link', { name: 'Authentication Sources' }).click();
    await console_.getByRole('link', { name: 'Add DingTalk source' }).click();
    assert.equal(await console_.getByRole('switch', { name: 'Auto-bind' }).getAttribute('aria-checked'), 'true', 'Auto-bind is on by default');
    const created = await createDingTalkSource(console_, { name: SOURCE_NAME, ...SIM_APP, apiBaseUrl: sim.url, autoBind: true });
    sourceId = created.id;
    assert.equal(created.callbackUrl, `${node.url}/login/callback/dingtalk/${sourceId}`, 'the Callback URL to register with DingTalk');
    // The admin copies the Callback URL into the DingTalk developer backend (here: the simulator).
    await admin.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: node.url });
    await console_.getByRole('button', { name: 'Copy the Callback URL' }).click();
    await console_.getByText('Copied', { exact: true }).waitFor();
    assert.equal(await console_.evaluate(() => navigator.clipboard.readText()), created.callbackUrl);
    await sim.allowRedirects([created.callbackUrl]);

    await console_.getByRole('button', { name: 'Test connection' }).click();
    await console_.getByText('Connected', { exact: true }).waitFor();
    assert.equal(await console_.locator('.test-result').getAttribute('data-ok'), 'true');
    await screenshot(console_, '02-dingtalk-source', { fullPage: true });

    const stored = await node.api('GET', `${V1}/sources/${sourceId}`, { token });
    assert.equal(stored.body.config.autoBind, true);
    assert.deepEqual(stored.body.config.endpoints, { login: sim.url, api: sim.url, oapi: sim.url });
    assert.deepEqual(stored.body.secretsSet, ['appSecret']);
  });

  test('Resources > Applications > User Center > Login Configuration: the admin enables the DingTalk source', async () => {
    await openLoginConfiguration(console_, 'User Center');
    const row = console_.locator('li', { hasText: SOURCE_NAME });
    await row.scrollIntoViewIfNeeded();
    const toggle = row.getByRole('switch', { name: `Enable ${SOURCE_NAME}` });
    assert.equal(await toggle.getAttribute('aria-checked'), 'false', 'a new source starts disabled');
    await toggle.click();
    await console_.getByRole('button', { name: 'Save', exact: true }).click();
    await console_.getByText('Login Configuration saved.', { exact: false }).waitFor();
    await screenshot(console_, '04-login-configuration');

    const config = await node.api('GET', `${V1}/applications/${USER_CENTER_APP_ID}/login-configuration`, { token });
    const dingtalk = config.body.methods.find((m: { sourceId: string }) => m.sourceId === sourceId);
    assert.equal(dingtalk.enabled, true);
    assert.equal(dingtalk.name, SOURCE_NAME, 'listed by its source name');
  });

  test('Auto-bind on: the first scan signs 张三 into the User Center, no phone or code asked', async () => {
    const page = await computer();
    const visited: string[] = [];
    page.on('framenavigated', (frame) => frame === page.mainFrame() && visited.push(new URL(frame.url()).pathname));

    await openDingTalkLogin(page, '05-login-page');
    await screenshot(page, '06-dingtalk-qr');
    await scanAndConfirm(page, phone, '张三', { beforeConfirm: (phonePage) => screenshot(phonePage, '07-phone-confirm') });
    await landsInUserCenter(page, '张三');
    await screenshot(page, '08-user-center-signed-in');

    assert.ok(!visited.includes('/login/bind'), `no binding page on the way: ${visited.join(' → ')}`);
    const bindings = await bindingsOf(await userId('zhangsan'));
    assert.deepEqual(bindings.map((b) => [b.sourceId, b.subject]), [[sourceId, 'uZhangSan0001']], 'bound automatically by mobile');
    await page.context().close();
  });

  test('"If the user has logged in before": 张三 scans again on another computer and goes straight in', async () => {
    const page = await computer();
    await openDingTalkLogin(page);
    await scanAndConfirm(page, phone, '张三');
    await landsInUserCenter(page, '张三');
    assert.equal((await bindingsOf(await userId('zhangsan'))).length, 1, 'the same binding, not a second one');
    await page.context().close();
  });

  test('Auto-bind off: the first scan asks 李四 for a phone number and code, then signs in to the User Center', async () => {
    await console_.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Authentication Sources' }).click();
    await console_.getByRole('link', { name: SOURCE_NAME }).click();
    await console_.getByRole('switch', { name: 'Auto-bind' }).click();
    await console_.getByRole('button', { name: 'Save' }).click();
    await console_.getByText('Saved.', { exact: true }).waitFor();
    assert.equal((await node.api('GET', `${V1}/sources/${sourceId}`, { token })).body.config.autoBind, false);

    lisi = await computer();
    await openDingTalkLogin(lisi);
    await scanAndConfirm(lisi, phone, '李四');
    await bindWithPhoneAndCode(lisi, '138 0000 0002', '+8613800000002', '09-bind-phone-and-code');
    await landsInUserCenter(lisi, '李四');

    const bindings = await bindingsOf(await userId('lisi'));
    assert.deepEqual(bindings.map((b) => [b.sourceId, b.subject]), [[sourceId, 'uLiSi0002']]);
  });

  test('李四 unbinds DingTalk in the User Center; the next scan asks to bind again', async () => {
    const unbind = lisi.getByRole('button', { name: 'Unbind' });
    await unbind.click();
    await unbind.waitFor({ state: 'detached' });
    await lisi.getByRole('heading', { name: 'User Center' }).waitFor();
    await screenshot(lisi, '11-user-center-unbound');
    assert.equal((await bindingsOf(await userId('lisi'))).length, 0, 'the binding is gone');
    await lisi.context().close();

    const again = await computer();
    await openDingTalkLogin(again);
    await scanAndConfirm(again, phone, '李四');
    await again.getByRole('heading', { name: 'Bind your DingTalk account' }).waitFor();
    assert.match(new URL(again.url()).pathname, /^\/login\/bind/, 'asked to bind again, not signed in');
    await again.context().close();
  });

  test('the dashboard charts the three sign-ins under DingTalk', async () => {
    await console_.getByRole('link', { name: 'Dashboard' }).click();
    await console_.getByRole('heading', { name: 'Sign-ins per day by method' }).waitFor();
    await console_.locator('[data-tile="sign-ins"]', { hasText: '3' }).waitFor();
    const segments = await console_.locator('svg[role="img"] rect title').allTextContents();
    const dingtalk = segments.map((t) => Number(/DingTalk: (\d+)$/.exec(t)?.[1] ?? 0)).reduce((a, b) => a + b, 0);
    assert.equal(dingtalk, 3, `the DingTalk bars: ${segments.join('; ')}`);
    await screenshot(console_, '10-dashboard');
  });
});
