/**
 * An admin changes their own password in the console: the account menu beside their name and role
 * in the top bar, a dialog with the current password and the new one twice, each refusal beside its
 * field (the console's own checks and the server's), a confirmation that other sessions ended, and
 * the new password the one that signs in.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';
import type { TestNode } from '../helpers/harness.ts';
import { browserSuite, screenshot, desktopPage } from '../helpers/chromium.ts';
import { creator, signInToConsole, startConsoleNode } from '../helpers/enterprise-center.ts';

const V1 = '/api/admin/v1';
// An auditor: the one role that changes nothing else, and still changes their own password.
const ME = { username: 'auditor-zhou', password: 'the first password 1' };
const NEW_PASSWORD = 'the second password 2';

describe('an admin changes their own password in the console', browserSuite, () => {
  let node: TestNode;
  let browser: Browser;
  let page: Page;

  before(async () => {
    let token: string;
    ({ node, browser, token } = await startConsoleNode());
    await creator(node, token)('/admins', { ...ME, role: 'auditor' });
    page = await desktopPage(browser, { height: 900 });
    await page.goto(`${node.url}/console`);
    await signInToConsole(page, ME);
  });
  after(async () => {
    await browser?.close();
    await node?.close();
  });

  const besides = (dialog: Locator, label: string) => dialog.locator('.field').filter({ has: page.getByLabel(label, { exact: true }) }).getByRole('alert');
  const signInByApi = (password: string) => node.api('POST', `${V1}/session`, { body: { username: ME.username, password } });

  async function openDialog(shot?: string): Promise<Locator> {
    await page.getByRole('button', { name: /^Your account: auditor-zhou, Auditor/ }).click();
    if (shot) await screenshot(page, shot);
    await page.getByRole('menuitem', { name: 'Change password' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change password' });
    await dialog.waitFor();
    return dialog;
  }

  async function fill(dialog: Locator, current: string, fresh: string, confirm: string) {
    await dialog.getByLabel('Current password', { exact: true }).fill(current);
    await dialog.getByLabel('New password', { exact: true }).fill(fresh);
    await dialog.getByLabel('Confirm new password', { exact: true }).fill(confirm);
    await dialog.getByRole('button', { name: 'Change password' }).click();
  }

  test('each refusal is said beside its field, and nothing changes', async () => {
    const dialog = await openDialog('24-console-account-menu');
    await dialog.getByText('Your other sessions, on other browsers and devices, will be signed out').waitFor();

    await dialog.getByRole('button', { name: 'Change password' }).click();
    for (const label of ['Current password', 'New password', 'Confirm new password']) assert.equal(await besides(dialog, label).textContent(), 'Required.', label);

    // The console's own checks: length, and the confirmation must match.
    await fill(dialog, ME.password, 'short', 'short');
    assert.equal(await besides(dialog, 'New password').textContent(), 'At least 8 characters.');
    await fill(dialog, ME.password, NEW_PASSWORD, 'the second password 3');
    assert.equal(await besides(dialog, 'Confirm new password').textContent(), 'Does not match the new password.');
    assert.equal(await besides(dialog, 'New password').count(), 0);
    assert.equal(await besides(dialog, 'Current password').count(), 0);
    await screenshot(page, '25-console-change-password-mismatch');

    // The server's: a wrong current password, and the current password again.
    await fill(dialog, 'not my password', NEW_PASSWORD, NEW_PASSWORD);
    await besides(dialog, 'Current password').waitFor();
    assert.equal(await besides(dialog, 'Current password').textContent(), 'The current password is not right.');
    await fill(dialog, ME.password, ME.password, ME.password);
    await besides(dialog, 'New password').waitFor();
    assert.equal(await besides(dialog, 'New password').textContent(), 'This is your current password: choose a different one.');

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal((await signInByApi(ME.password)).status, 201, 'the password is unchanged');
  });

  test('a changed password: the confirmation, other sessions signed out, this one kept, and the new password signs in', async () => {
    const other = (await signInByApi(ME.password)).body.token as string;
    const dialog = await openDialog();
    await fill(dialog, ME.password, NEW_PASSWORD, NEW_PASSWORD);
    await dialog.getByText('Your password has been changed.').waitFor();
    await dialog.getByText('Your other sessions were signed out; this one stays signed in.').waitFor();
    await screenshot(page, '26-console-password-changed');
    assert.equal((await node.api('GET', `${V1}/session`, { token: other })).status, 401, 'the other session ended');
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
    await dialog.waitFor({ state: 'detached' });

    // Still signed in here.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('heading', { name: 'Users', exact: true }).first().waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Username', { exact: true }).fill(ME.username);
    await page.getByLabel('Password', { exact: true }).fill(ME.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong username or password.').waitFor();
    await signInToConsole(page, { ...ME, password: NEW_PASSWORD });
    assert.match((await page.locator('.who').textContent()) ?? '', /Auditor/);
  });

  test('in Chinese on a phone-sized screen: the account menu in the folded navigation, the dialog and its messages', async () => {
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: '菜单' }).click();
    await page.getByRole('button', { name: /^我的账号：auditor-zhou，审计员/ }).click();
    await page.getByRole('menuitem', { name: '修改密码' }).click();
    const dialog = page.getByRole('dialog', { name: '修改密码' });
    await dialog.getByLabel('当前密码', { exact: true }).fill(NEW_PASSWORD);
    await dialog.getByLabel('新密码', { exact: true }).fill('a third password 3');
    await dialog.getByLabel('确认新密码', { exact: true }).fill('a third password 4');
    await dialog.getByRole('button', { name: '修改密码' }).click();
    assert.equal(await besides(dialog, '确认新密码').textContent(), '与新密码不一致。');
    await screenshot(page, '27-console-change-password-phone-zh');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `nothing sticks out sideways (${overflow}px)`);
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'detached' });
  });
});
