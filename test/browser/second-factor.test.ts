/**
 * A second factor, in Chromium: an administrator asks for one on the User Center in the console; a
 * person signing in with their password then sets up an authenticator app (the test reads the key the
 * page shows and computes codes as the app would), keeps the recovery codes, and lands signed in; the
 * next sign-in asks for a code. Signed in, the person adds a second app in the User Center.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { TestNode } from '../helpers/harness.ts';
import { browserSuite, desktopPage, screenshot } from '../helpers/chromium.ts';
import { signInToConsole, startConsoleNode } from '../helpers/enterprise-center.ts';
import { createUser, USER_PASSWORD } from '../helpers/oidc.ts';
import { totpCode } from '../../src/factors/totp.ts';
import { USER_CENTER_APP_ID } from '../../src/store/well-known.ts';

describe('a second factor in a real browser', browserSuite, () => {
  let node: TestNode;
  let browser: Browser;
  let user: { username: string; displayName: string };
  let secret: string;
  let recoveryCodes: string[];

  before(async () => {
    let token: string;
    ({ node, browser, token } = await startConsoleNode());
    user = await createUser(node, token);
  });
  after(async () => {
    await browser?.close();
    await node?.close();
  });

  const signInWithPassword = async (page: Page) => {
    await page.goto(`${node.url}/account`);
    await page.getByLabel('Username, mobile or email').fill(user.username);
    await page.getByLabel('Password').fill(USER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  };

  test('an administrator asks for a second factor on the User Center', async () => {
    const page = await desktopPage(browser, { height: 1100 });
    await page.goto(`${node.url}/console/applications/${USER_CENTER_APP_ID}/login-configuration`);
    await signInToConsole(page);
    await page.getByRole('radio', { name: /^Always/ }).check();
    await page.getByRole('button', { name: 'Save second factor' }).click();
    await page.getByText('Saved. The next sign-in to this application follows it.').waitFor();
    await screenshot(page, '85-console-second-factor-policy', { fullPage: true });
    await page.close();
  });

  test('the first sign-in sets up an authenticator app and shows the recovery codes once', async () => {
    const page = await desktopPage(browser, { height: 1000 });
    await signInWithPassword(page);
    await page.getByRole('heading', { name: 'Set up two-step verification' }).waitFor();
    assert.ok(await page.getByRole('img', { name: 'QR code for your authenticator app' }).isVisible());
    secret = ((await page.locator('[data-secret]').textContent()) ?? '').replace(/\s/g, '');
    assert.match(secret, /^[A-Z2-7]{32}$/);
    await screenshot(page, '86-second-factor-enroll');
    await page.getByLabel('Code').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
    recoveryCodes = await page.locator('.recovery-codes li code').allTextContents();
    assert.equal(recoveryCodes.length, 10);
    await page.getByRole('button', { name: 'I have saved them, continue' }).click();
    await page.waitForURL(`${node.url}/account`);
    await page.getByText(user.displayName).first().waitFor();
    await page.close();
  });

  test('the next sign-in asks for a code; a wrong one is said, the right one lets the person in', async () => {
    const page = await desktopPage(browser);
    await signInWithPassword(page);
    await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
    await page.getByLabel('Code').fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('alert').filter({ hasText: 'That code is not right' }).waitFor();
    await screenshot(page, '87-second-factor-challenge');
    await page.getByLabel('Code').fill(totpCode(secret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(`${node.url}/account`);
    await page.close();
  });

  test('in the User Center, the person adds a second authenticator app and sees both listed', async () => {
    const page = await desktopPage(browser, { height: 1000 });
    await signInWithPassword(page);
    // Both codes of this 30 s step went to the tests above: a recovery code signs in this time.
    await page.getByLabel('Code').fill(recoveryCodes[0]);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(`${node.url}/account`);
    await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
    await page.getByText('Unused recovery codes: 9').waitFor();

    await page.getByRole('button', { name: 'Add an authenticator app' }).click();
    await page.getByRole('heading', { name: 'Add an authenticator app' }).waitFor();
    const second = ((await page.locator('[data-secret]').textContent()) ?? '').replace(/\s/g, '');
    assert.notEqual(second, secret);
    await page.getByLabel('Name').fill('Work phone');
    await page.getByLabel('Code').fill(totpCode(second));
    await page.getByRole('button', { name: 'Add app' }).click();
    await page.waitForURL(`${node.url}/account#second-factors`);
    const apps = page.locator('[data-section="factors"] li strong');
    assert.deepEqual(await apps.allTextContents(), ['Authenticator app', 'Work phone']);
    await page.locator('[data-section="factors"] li').filter({ hasText: 'Work phone' }).getByText('Remove', { exact: true }).click();
    await page.getByRole('button', { name: 'Remove Work phone' }).waitFor();
    await screenshot(page, '88-usercenter-second-factors', { fullPage: true });
    await page.close();
  });
});
