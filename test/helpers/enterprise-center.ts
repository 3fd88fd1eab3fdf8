/** What an admin does in the Enterprise Center console (/console), as clicks and keystrokes. */
import type { Page } from 'playwright-core';
import { ADMIN_PASSWORD } from './harness.ts';

/** On the console's sign-in page: signs in as the first super admin. */
export async function signInToConsole(page: Page): Promise<void> {
  await page.getByLabel('Username', { exact: true }).fill('admin');
  await page.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

export interface DingTalkSourceInput {
  name: string;
  appKey: string;
  appSecret: string;
  corpId: string;
  /** The simulator's URL, for the three DingTalk API base URLs. */
  apiBaseUrl: string;
  autoBind: boolean;
}

/** On the "Add DingTalk source" page: fills in the fields and creates it; returns the new source's id and Callback URL. */
export async function createDingTalkSource(page: Page, s: DingTalkSourceInput): Promise<{ id: string; callbackUrl: string }> {
  await page.getByLabel('Name', { exact: true }).fill(s.name);
  await page.getByLabel('AppKey', { exact: true }).fill(s.appKey);
  await page.getByLabel('AppSecret', { exact: true }).fill(s.appSecret);
  await page.getByLabel('CorpId', { exact: true }).fill(s.corpId);
  const autoBind = page.getByRole('switch', { name: 'Auto-bind' });
  if ((await autoBind.getAttribute('aria-checked')) !== String(s.autoBind)) await autoBind.click();
  await page.getByText('Advanced', { exact: true }).click();
  for (const label of ['Login base URL', 'API base URL', 'OAPI base URL']) await page.getByLabel(label, { exact: true }).fill(s.apiBaseUrl);
  await page.getByRole('button', { name: 'Create source' }).click();
  await page.waitForURL(/\/console\/sources\/src_[^/?]+/);
  const id = /\/sources\/(src_[^/?]+)/.exec(page.url())![1];
  // The saved source's page: its Callback URL is known now.
  await page.getByRole('heading', { name: s.name, exact: true }).waitFor();
  return { id, callbackUrl: await page.getByLabel('Callback URL', { exact: true }).inputValue() };
}

/** Resources > Applications > {app} > Login Configuration, exactly as the document says. */
export async function openLoginConfiguration(page: Page, appName: string): Promise<void> {
  await page.getByRole('button', { name: 'Resources' }).click();
  await page.getByRole('menuitem', { name: 'Applications' }).click();
  await page.getByRole('link', { name: new RegExp(appName) }).click();
  await page.getByRole('tab', { name: 'Login Configuration' }).click();
  await page.getByRole('heading', { name: 'Login Configuration' }).waitFor();
}
