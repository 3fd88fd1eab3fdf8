/**
 * A user's two-step verification on their console page: an auditor sees the authenticator apps and the
 * unused recovery codes but cannot reset them; a super admin resets them, after a confirmation that says
 * what happens.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { TestNode } from '../helpers/harness.ts';
import { browserSuite, desktopPage, screenshot } from '../helpers/chromium.ts';
import { creator, signInToConsole, startConsoleNode } from '../helpers/enterprise-center.ts';
import { createUser } from '../helpers/oidc.ts';
import { Browser as HttpBrowser } from '../helpers/browser.ts';
import { askSecondFactorAtUserCenter, enrollAuthenticatorApp, signInToUserCenter } from '../helpers/user-center-factor.ts';

const AUDITOR = { username: 'auditor-qian', password: 'auditor password 1' };
const RESET = 'Reset two-step verification';

describe("a user's two-step verification in the console", browserSuite, () => {
  let node: TestNode;
  let browser: Browser;
  let user: { id: string; username: string; displayName: string };

  before(async () => {
    let token: string;
    ({ node, browser, token } = await startConsoleNode());
    await creator(node, token)('/admins', { ...AUDITOR, role: 'auditor' });
    await askSecondFactorAtUserCenter(node, token);
    user = await createUser(node, token);
    const http = new HttpBrowser(node.url);
    await enrollAuthenticatorApp(http, await signInToUserCenter(http, user));
  });
  after(async () => {
    await browser?.close();
    await node?.close();
  });

  async function userPage(as?: typeof AUDITOR): Promise<Page> {
    const page = await desktopPage(browser, { height: 1000 });
    await page.goto(`${node.url}/console/users/${user.id}`);
    await signInToConsole(page, as);
    await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
    return page;
  }
  const card = (page: Page) => page.locator('section.card').filter({ has: page.getByRole('heading', { name: 'Two-step verification' }) });

  test('an auditor sees the authenticator apps and recovery codes left, without a reset', async () => {
    const page = await userPage(AUDITOR);
    const apps = card(page).getByRole('list', { name: 'Second factors' });
    await apps.getByText('Authenticator app', { exact: true }).first().waitFor();
    assert.match((await apps.locator('li').first().textContent()) ?? '', /Added .* · last used /);
    await card(page).getByText('Unused recovery codes: 10').waitFor();
    assert.equal(await page.getByRole('button', { name: RESET }).count(), 0);
    await page.context().close();
  });

  test('a super admin resets them after a confirmation that says what happens', async () => {
    const page = await userPage();
    await card(page).getByText('Unused recovery codes: 10').waitFor();
    await screenshot(page, '89-console-user-factors', { fullPage: true });

    await page.getByRole('button', { name: RESET }).click();
    const dialog = page.getByRole('dialog', { name: `Reset ${user.displayName}'s two-step verification?` });
    const said = (await dialog.textContent()) ?? '';
    for (const part of ['Every authenticator app, passkey and recovery code', 'signed out everywhere', 'next sign-in to an application that asks for a second factor']) assert.ok(said.includes(part), part);
    const deleted = page.waitForResponse((r) => r.request().method() === 'DELETE' && new URL(r.url()).pathname.endsWith(`/users/${user.id}/factors`));
    await dialog.getByRole('button', { name: RESET }).click();
    assert.equal((await deleted).status(), 204);
    await card(page).getByText(`${user.displayName}'s two-step verification was reset.`).waitFor();
    await card(page).getByText('No second factor set up.').waitFor();
    assert.equal(await page.getByRole('button', { name: RESET }).count(), 0, 'nothing left to reset');

    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByRole('heading', { name: '两步验证' }).waitFor();
    await page.getByText('尚未设置两步验证方式。').waitFor();
    await page.context().close();
  });
});
