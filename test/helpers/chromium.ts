/**
 * Debian's chromium (/usr/bin/chromium, installed by .ci/run with apt-get) driven by
 * playwright-core; no browser is ever downloaded. Without chromium the browser suites fail under
 * CI=true and are skipped, with the reason, elsewhere.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureConsoleBuilt } from '../../scripts/ensure-console.ts';

const CHROMIUM_PATH = '/usr/bin/chromium';
const missing = existsSync(CHROMIUM_PATH) ? undefined : `${CHROMIUM_PATH} is missing: apt-get install -y chromium`;
if (missing && process.env.CI === 'true') throw new Error(`The browser tests need chromium under CI: ${missing}`);

/** For describe(): skip (with the reason) only outside CI, where chromium may legitimately be absent. */
export const browserSuite = { skip: missing ?? false, timeout: 180_000 };

/** A fresh headless chromium. Playwright gives every launch its own new, temporary --user-data-dir. */
export async function launchChromium(): Promise<Browser> {
  ensureConsoleBuilt({ quiet: true });
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** A fresh window (a context of its own: no cookies shared) the size of a laptop screen, in English. */
export async function desktopPage(browser: Browser, o: { height?: number } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: o.height ?? 800 }, locale: 'en-US' });
  context.setDefaultTimeout(15_000);
  return context.newPage();
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/**
 * Screenshots go to test-results/screenshots/ (ignored by git); with UPDATE_SCREENSHOTS=1 they
 * replace the committed ones in docs/screenshots/ that the README shows.
 */
const SCREENSHOT_DIR = path.join(ROOT, process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results/screenshots');

export async function screenshot(page: Page, name: string, o: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  const viewport = page.viewportSize();
  if (!o.fullPage || !viewport) {
    await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
    return;
  }
  // A window as tall as the page, rather than a stitched full-page shot, keeps sticky bars where a person sees them.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height });
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  await page.setViewportSize(viewport);
}
