/** What an admin does in the Enterprise Center console (/console), as clicks and keystrokes. */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_PASSWORD, startNode, type TestNode } from './harness.ts';
import { launchChromium } from './chromium.ts';

/**
 * A Portico node (SQLite) and a chromium, started together, with the first super admin's API token.
 * When one fails to start, the other is stopped, so a broken start fails the suite instead of hanging it.
 */
export async function startConsoleNode(): Promise<{ node: TestNode; browser: Browser; token: string }> {
  const [node, browser] = await Promise.allSettled([startNode('sqlite'), launchChromium()]);
  if (node.status === 'rejected' || browser.status === 'rejected') {
    if (node.status === 'fulfilled') await node.value.close();
    if (browser.status === 'fulfilled') await browser.value.close();
    throw node.status === 'rejected' ? node.reason : (browser as PromiseRejectedResult).reason;
  }
  return { node: node.value, browser: browser.value, token: await node.value.tokenFor('super_admin') };
}

/** Creates things through the admin API with `token` (set-up for a page test): the body of each 201, or the test fails. */
export function creator(node: TestNode, token: string) {
  return async (path: string, body: unknown) => {
    const res = await node.api('POST', `/api/admin/v1${path}`, { token, body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
}

/** 张三's DingTalk account bound to `userId` through `sourceId`, as the binding `bnd_zhang` (no scan needed). */
export async function bindZhangSan(node: TestNode, sourceId: string, userId: string): Promise<void> {
  await node.portico.store.db
    .insertInto('bindings')
    .values({ id: 'bnd_zhang', source_id: sourceId, user_id: userId, subject: 'uZhangSan0001', open_id: null, external_user_id: 'zhangsan', nick: '张三 (DingTalk)', avatar_url: null, created_at: new Date().toISOString(), last_used_at: null })
    .execute();
}

/** On the console's sign-in page: signs in as the first super admin, or as the admin given. */
export async function signInToConsole(page: Page, as: { username: string; password: string } = { username: 'admin', password: ADMIN_PASSWORD }): Promise<void> {
  await page.getByLabel('Username', { exact: true }).fill(as.username);
  await page.getByLabel('Password', { exact: true }).fill(as.password);
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
