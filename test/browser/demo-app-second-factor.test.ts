/**
 * The story from `npm start`, in a real browser: an administrator requires a second factor for
 * the demo app; 张三 signs in there with a DingTalk QR scan, sets up an authenticator app (the test reads
 * the key and computes codes) and lands with amr dingtalk + otp. With the policy off again, the demo
 * app's "Verify with a second factor" asks Portico for the multi-factor level (acr_values): only the
 * code is asked, and the app shows the level it got.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestNode } from '../helpers/harness.ts';
import { startDemoStack, type DemoStack } from '../helpers/demo-stack.ts';
import { browserSuite, desktopPage, launchChromium, screenshot } from '../helpers/chromium.ts';
import { phoneContext, scanAndConfirm } from '../helpers/dingtalk-phone.ts';
import { totpCode } from '../../src/factors/totp.ts';
import { ACR_MULTI_FACTOR } from '../../src/oidc/acr.ts';

const V1 = '/api/admin/v1';

describe('a second factor for the demo app after a DingTalk scan, and a step-up it asks for', browserSuite, () => {
  let stack: DemoStack;
  let node: TestNode;
  let demo: DemoStack['demo'];
  let browser: Browser;
  let phone: BrowserContext;
  let token: string;
  let demoAppId: string;
  let secret: string;

  before(async () => {
    stack = await startDemoStack();
    ({ node, demo, demoAppId } = stack);
    browser = await launchChromium();
    phone = await phoneContext(browser);
    token = await node.tokenFor('super_admin');
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  const setPolicy = async (mode: string) => {
    const set = await node.api('PATCH', `${V1}/applications/${demoAppId}`, { token, body: { secondFactor: { mode } } });
    assert.equal(set.status, 200, JSON.stringify(set.body));
  };

  /** From the demo app's front page to Portico's QR code, scanned by 张三's phone. */
  async function scanIntoDemoApp(page: Page) {
    await page.goto(`${demo.url}/`);
    await page.getByRole('link', { name: /Sign in with Portico/ }).click();
    await page.getByRole('link', { name: /DingTalk/ }).first().click();
    await page.frameLocator('#dingtalk-qr iframe').locator('#dt-qr').waitFor();
    await scanAndConfirm(page, phone, '张三');
  }

  const claimsText = async (page: Page) => (await page.locator('[data-section="id-token"]').innerText()) ?? '';

  test('the demo app requires a second factor: 张三 scans with DingTalk, sets up an app, and lands with dingtalk + otp', async () => {
    await setPolicy('always');
    const page = await desktopPage(browser, { height: 1000 });
    await scanIntoDemoApp(page);
    await page.getByRole('heading', { name: 'Set up two-step verification' }).waitFor();
    secret = ((await page.locator('[data-secret]').textContent()) ?? '').replace(/\s/g, '');
    await page.getByLabel('Code').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByRole('button', { name: 'I have saved them, continue' }).click();
    await page.waitForURL(`${demo.url}/`);
    await page.getByText(/Signed in as 张三/).waitFor();
    const claims = await claimsText(page);
    assert.match(claims, /amr\s+\["dingtalk","otp","mfa"\]/);
    assert.match(claims, new RegExp(`acr\\s+${ACR_MULTI_FACTOR}`));
    await screenshot(page, '94-demo-app-dingtalk-then-totp', { fullPage: true });
    await page.context().close();
  });

  test('with the policy off, "Verify with a second factor" asks only for the code, and the app gets the multi-factor level', async () => {
    await setPolicy('never');
    const page = await desktopPage(browser, { height: 1000 });
    await scanIntoDemoApp(page);
    await page.waitForURL(`${demo.url}/`);
    await page.getByText(/Signed in as 张三/).waitFor();
    assert.match(await claimsText(page), /amr\s+\["dingtalk"\]/);
    await page.getByRole('link', { name: /Verify with a second factor/ }).click();
    await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
    assert.equal(await page.getByRole('link', { name: /DingTalk/ }).count(), 0, 'no sign-in again: only the missing factor');
    await page.getByLabel('Code').fill(totpCode(secret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(`${demo.url}/`);
    await page.locator('[data-verified]').waitFor();
    assert.match(await claimsText(page), /amr\s+\["dingtalk","otp","mfa"\]/);
    await screenshot(page, '95-demo-app-step-up', { fullPage: true });
    await page.context().close();
  });
});
