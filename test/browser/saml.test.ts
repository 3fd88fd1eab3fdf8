/**
 * A SAML application in a real browser: an administrator adds it in the console (the SP's entity ID,
 * ACS URL, NameID and attributes), and a service provider built on @node-saml/node-saml, started by
 * the test, signs 张三 in through Portico with a DingTalk QR scan, validating the signed response itself;
 * its "Sign out" is single logout, after which Portico asks 张三 to sign in again.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext } from 'playwright-core';
import { browserSuite, desktopPage, launchChromium, screenshot } from '../helpers/chromium.ts';
import { signInToConsole } from '../helpers/enterprise-center.ts';
import { startDemoStack, type DemoStack } from '../helpers/demo-stack.ts';
import { startSamlSp, type SamlSp } from '../../scripts/saml-sp.ts';
import { phoneContext, scanAndConfirm } from '../helpers/dingtalk-phone.ts';
import { DEMO_SOURCE_ID } from '../../src/demo/seed.ts';

const V1 = '/api/admin/v1';

describe('a SAML application, added in the console, signing in with DingTalk', browserSuite, () => {
  let stack: DemoStack;
  let browser: Browser;
  let phone: BrowserContext;
  let sp: SamlSp;
  let appId: string;

  before(async () => {
    stack = await startDemoStack();
    browser = await launchChromium();
    phone = await phoneContext(browser);
    sp = await startSamlSp(stack.node.url);
  });
  after(async () => {
    await browser?.close();
    await sp?.close();
    await stack?.close();
  });

  test('the console creates it: entity ID, ACS URL, NameID, attributes; its page lists the IdP metadata URL', async () => {
    const page = await desktopPage(browser, { height: 1300 });
    await page.goto(`${stack.node.url}/console/applications`);
    await signInToConsole(page);
    await page.getByRole('button', { name: 'Create application' }).click();
    const form = page.getByRole('dialog', { name: 'Create application' });
    await form.getByLabel('Name', { exact: true }).fill('Expense SaaS');
    await form.getByLabel('Protocol', { exact: true }).selectOption('saml');
    await form.getByLabel('SP entity ID', { exact: true }).fill(sp.entityId);
    await form.getByLabel('ACS URL 1', { exact: true }).fill(sp.acsUrl);
    await form.getByLabel('NameID value', { exact: true }).selectOption('email');
    await form.getByRole('button', { name: 'Add an attribute' }).click();
    await form.getByLabel('Field of attribute 3', { exact: true }).selectOption('mobile');
    await form.getByLabel('Attribute name 3', { exact: true }).fill('phone');
    await screenshot(page, '100-console-saml-application-form');
    await form.getByRole('button', { name: 'Create application' }).click();
    await page.waitForURL(/\/console\/applications\/app_/);
    appId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByText(`${stack.node.url}/saml/metadata`).waitFor();
    await screenshot(page, '101-console-saml-application', { fullPage: true });
    await page.context().close();
    const stored = await stack.node.api('GET', `${V1}/applications/${appId}`, { token: await stack.node.tokenFor('super_admin') });
    assert.equal(stored.body.entityId, sp.entityId);
    assert.deepEqual(stored.body.attributeStatement.at(-1), { field: 'mobile', name: 'phone', format: 'basic' });
  });

  test('张三 opens the SP, scans the DingTalk QR code at Portico, and the SP validates the signed response', async () => {
    const token = await stack.node.tokenFor('super_admin');
    assert.equal((await stack.node.api('PUT', `${V1}/applications/${appId}/login-configuration`, { token, body: { sources: [DEMO_SOURCE_ID] } })).status, 200);
    const page = await desktopPage(browser, { height: 900 });
    await page.goto(sp.url);
    await page.getByRole('link', { name: /DingTalk/ }).first().click();
    await page.frameLocator('#dingtalk-qr iframe').locator('#dt-qr').waitFor();
    await scanAndConfirm(page, phone, '张三');
    await page.waitForURL(`${sp.url}/`);
    await page.locator('[data-name-id="zhangsan@demo.example"]').waitFor();
    const profile = (await page.locator('[data-section="profile"]').innerText()) ?? '';
    assert.match(profile, /displayName\s+张三/);
    assert.match(profile, /phone\s+\+8613800000001/);
    await screenshot(page, '102-saml-sp-signed-in');

    // Single logout: with the SP's SLO URL and certificate registered, "Sign out" ends the Portico session too.
    assert.equal((await stack.node.api('PATCH', `${V1}/applications/${appId}`, { token, body: { sloUrl: sp.sloUrl, spCertificate: sp.certificate } })).status, 200);
    await page.getByRole('link', { name: 'Sign out (single logout)' }).click();
    await page.waitForURL(new RegExp(`^${sp.sloUrl}\\?`));
    await page.locator('[data-signed-out="true"]').waitFor();
    await page.getByRole('link', { name: 'Sign in again' }).click();
    await page.waitForURL(/\/login\?/);
    await page.getByRole('link', { name: /DingTalk/ }).first().waitFor();
    await page.context().close();
  });
});
