/**
 * Scanning a DingTalk QR code the way a person does: the code is read off the screen (a
 * screenshot of the QR image inside the DingTalk frame, decoded with jsQR), and its URL is opened
 * on the "phone" (a second, mobile-sized browser context), where a DingTalk user confirms.
 */
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { decodeQrPng } from './qr-decode.ts';

/** The phone: a mobile-sized context with DingTalk's in-app user agent. */
export function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 760 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 DingTalk/7.6.0',
  });
}

/** The QR code as the computer's screen shows it, decoded: the URL the DingTalk app would open. */
async function readQrFromScreen(page: Page): Promise<string> {
  const qr = page.frameLocator('#dingtalk-qr iframe').locator('#dt-qr');
  await qr.waitFor({ state: 'visible' });
  await qr.evaluate((img: HTMLImageElement) => img.decode());
  return decodeQrPng(await qr.screenshot());
}

/** Scans the QR on `page` with the phone and confirms as the DingTalk user named `who`; returns the phone's page. */
export async function scanAndConfirm(page: Page, phone: BrowserContext, who: string, o: { beforeConfirm?(phonePage: Page): Promise<void> } = {}): Promise<Page> {
  const url = await readQrFromScreen(page);
  assert.match(url, /\/sim\/phone\/[\w-]+$/, 'the QR code holds the phone URL of this login');
  const phonePage = await phone.newPage();
  await phonePage.goto(url);
  await phonePage.locator('label', { hasText: who }).click();
  await o.beforeConfirm?.(phonePage);
  await phonePage.getByRole('button', { name: /Confirm/ }).click();
  await phonePage.locator('#phone-result[data-kind="ok"]').waitFor();
  return phonePage;
}
