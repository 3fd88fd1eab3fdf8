/**
 * Passkeys in Chromium, with Chrome's virtual authenticator (DevTools protocol WebAuthn, a platform
 * authenticator that verifies its user): a person adds one in the User Center, signs in with it alone
 * where the application offers "Passkey", and uses it as the second factor an application asks for.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startNode, type TestNode } from '../helpers/harness.ts';
import { browserSuite, desktopPage, launchChromium, screenshot } from '../helpers/chromium.ts';
import { createUser, USER_PASSWORD } from '../helpers/oidc.ts';
import { PASSKEY_SOURCE_ID, PASSWORD_SOURCE_ID, USER_CENTER_APP_ID } from '../../src/store/well-known.ts';

const V1 = '/api/admin/v1';

describe('passkeys in a real browser', browserSuite, () => {
  let node: TestNode;
  let browser: Browser;
  let token: string;
  let page: Page;
  let user: { username: string; displayName: string };

  before(async () => {
    // WebAuthn takes a domain as its rpId, never an IP address: this node's public URL is on localhost.
    [node, browser] = await Promise.all([startNode('sqlite', { PORTICO_PUBLIC_URL: 'http://localhost:{port}' }), launchChromium()]);
    token = await node.tokenFor('super_admin');
    user = await createUser(node, token);
    const put = await node.api('PUT', `${V1}/applications/${USER_CENTER_APP_ID}/login-configuration`, { token, body: { sources: [PASSWORD_SOURCE_ID, PASSKEY_SOURCE_ID] } });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    // One window and one authenticator for the whole story: the key lives in it, as on a person's laptop.
    page = await desktopPage(browser, { height: 900 });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
  });
  after(async () => {
    await browser?.close();
    await node?.close();
  });

  const signOut = () => page.context().clearCookies();

  test('a person adds a passkey in the User Center, named, with recovery codes as their first factor', async () => {
    await page.goto(`${node.url}/account`);
    await page.getByLabel('Username, mobile or email').fill(user.username);
    await page.getByLabel('Password').fill(USER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${node.url}/account`);
    await page.getByRole('button', { name: 'Add a passkey or security key' }).click();
    await page.getByRole('heading', { name: 'Add a passkey or security key' }).waitFor();
    await page.getByLabel('Name').fill('This laptop');
    await screenshot(page, '90-passkey-add');
    await page.getByRole('button', { name: 'Create passkey' }).click();
    await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
    assert.equal((await page.locator('.recovery-codes li code').allTextContents()).length, 10);
    await page.getByRole('link', { name: 'I have saved them' }).click();
    const listed = page.locator('[data-factor-type="passkey"]');
    await listed.getByText('This laptop', { exact: true }).waitFor();
    await listed.scrollIntoViewIfNeeded();
    await screenshot(page, '91-passkey-listed');
  });

  test('signed out, the person signs in with the passkey alone: no username, no password', async () => {
    await signOut();
    await page.goto(`${node.url}/account`);
    await page.getByRole('link', { name: 'Passkey' }).click();
    await page.getByRole('button', { name: 'Sign in with a passkey' }).waitFor();
    await screenshot(page, '92-passkey-sign-in');
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.waitForURL(`${node.url}/account`);
    await page.getByText(user.displayName).first().waitFor();
  });

  test('an application asking for a second factor takes the passkey after the password', async () => {
    const set = await node.api('PATCH', `${V1}/applications/${USER_CENTER_APP_ID}`, { token, body: { secondFactor: { mode: 'always' } } });
    assert.equal(set.status, 200);
    await signOut();
    await page.goto(`${node.url}/account`);
    await page.getByLabel('Username, mobile or email').fill(user.username);
    await page.getByLabel('Password').fill(USER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
    await screenshot(page, '93-passkey-second-factor');
    await page.getByRole('button', { name: 'Use my passkey or security key' }).click();
    await page.waitForURL(`${node.url}/account`);
    await page.getByText(user.displayName).first().waitFor();
  });
});
