/**
 * A CAS application in a real browser: an administrator adds it in the console (its service URL, what
 * cas:user is, the attributes), and a CAS client started by the test signs 张三 in through Portico
 * with a DingTalk QR scan, validating the ticket itself.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext } from 'playwright-core';
import { browserSuite, desktopPage, launchChromium, screenshot } from '../helpers/chromium.ts';
import { signInToConsole } from '../helpers/enterprise-center.ts';
import { startDemoStack, type DemoStack } from '../helpers/demo-stack.ts';
import { startCasClient, type CasClient } from '../../src/demo/cas-client.ts';
import { phoneContext, scanAndConfirm } from '../helpers/dingtalk-phone.ts';
import { DEMO_SOURCE_ID } from '../../src/demo/seed.ts';

const V1 = '/api/admin/v1';

describe('a CAS application, added in the console, signing in with DingTalk', browserSuite, () => {
  let stack: DemoStack;
  let browser: Browser;
  let phone: BrowserContext;
  let client: CasClient;
  let appId: string;

  before(async () => {
    stack = await startDemoStack();
    browser = await launchChromium();
    phone = await phoneContext(browser);
    client = await startCasClient({ casBase: `${stack.node.url}/cas` });
  });
  after(async () => {
    await browser?.close();
    await client?.close();
    await stack?.close();
  });

  test('the console creates it: a service URL, cas:user, the attributes; its page lists the CAS addresses', async () => {
    const page = await desktopPage(browser, { height: 1000 });
    await page.goto(`${stack.node.url}/console/applications`);
    await signInToConsole(page);
    await page.getByRole('button', { name: 'Create application' }).click();
    const form = page.getByRole('dialog', { name: 'Create application' });
    await form.getByLabel('Name', { exact: true }).fill('Campus portal');
    await form.getByLabel('Protocol', { exact: true }).selectOption('cas');
    await form.getByLabel('Service URL 1', { exact: true }).fill('https://portal.example.edu/app');
    await form.getByRole('button', { name: 'Create application' }).click();
    await form.getByText('A prefix ends with / and has no query.').waitFor();
    await form.getByLabel('Service URL 1', { exact: true }).fill(client.service);
    await form.getByLabel('How service URL 1 matches', { exact: true }).selectOption('exact');
    await form.getByLabel('Mobile', { exact: true }).check();
    await form.getByLabel('In My applications', { exact: true }).click();
    await screenshot(page, '96-console-cas-application-form');
    await form.getByRole('button', { name: 'Create application' }).click();
    await page.waitForURL(/\/console\/applications\/app_/);
    appId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByText(`${stack.node.url}/cas/p3/serviceValidate`).waitFor();
    await page.locator('[data-field="services"]').getByText(client.service).waitFor();
    await screenshot(page, '97-console-cas-application', { fullPage: true });
    await page.context().close();
    const stored = await stack.node.api('GET', `${V1}/applications/${appId}`, { token: await stack.node.tokenFor('super_admin') });
    assert.deepEqual(stored.body.services, [{ url: client.service, match: 'exact' }]);
    assert.deepEqual(stored.body.attributes, ['displayName', 'email', 'mobile']);
    assert.equal(stored.body.inPortal, true);
  });

  test('张三 opens the CAS client, scans the DingTalk QR code at Portico, and lands signed in with the attributes', async () => {
    const token = await stack.node.tokenFor('super_admin');
    const put = await stack.node.api('PUT', `${V1}/applications/${appId}/login-configuration`, { token, body: { sources: [DEMO_SOURCE_ID] } });
    assert.equal(put.status, 200);
    const page = await desktopPage(browser, { height: 900 });
    await page.goto(client.url);
    await page.getByRole('link', { name: /DingTalk/ }).first().click();
    await page.frameLocator('#dingtalk-qr iframe').locator('#dt-qr').waitFor();
    await scanAndConfirm(page, phone, '张三');
    await page.waitForURL(client.service);
    await page.locator('[data-cas-user="zhangsan"]').waitFor();
    const attributes = (await page.locator('[data-section="attributes"]').innerText()) ?? '';
    assert.match(attributes, /displayName\s+张三/);
    assert.match(attributes, /mobile\s+\+8613800000001/);
    assert.match(attributes, /isFromNewLogin\s+true/);
    await screenshot(page, '98-cas-client-signed-in');

    // Signed in at Portico now, 张三's User Center lists the applications an administrator put in My applications.
    await page.goto(`${stack.node.url}/account`);
    const apps = page.locator('[data-section="applications"]');
    await apps.getByRole('link', { name: /Campus portal/ }).waitFor();
    await apps.getByRole('link', { name: /Demo App/ }).waitFor();
    await screenshot(page, '99-usercenter-my-applications');
    await apps.getByRole('link', { name: /Campus portal/ }).click();
    await page.waitForURL(client.service);
    await page.locator('[data-cas-user="zhangsan"]').waitFor();
    await page.context().close();
  });
});
