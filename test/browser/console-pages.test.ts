/**
 * The Enterprise Center's other pages, in a browser: users (list, search, filter, pages, create,
 * edit, disable, sign out everywhere, bindings), the org unit tree, the audit log, both languages,
 * a phone-sized screen.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { TestNode } from '../helpers/harness.ts';
import { browserSuite, screenshot, desktopPage } from '../helpers/chromium.ts';
import { bindZhangSan, creator, signInToConsole, startConsoleNode } from '../helpers/enterprise-center.ts';
import { ROOT_ORG_UNIT_ID } from '../../src/store/well-known.ts';

const V1 = '/api/admin/v1';

describe('the Enterprise Center console pages', browserSuite, () => {
  let node: TestNode;
  let browser: Browser;
  let page: Page;
  let token: string;
  const ids: Record<string, string> = {};

  before(async () => {
    ({ node, browser, token } = await startConsoleNode());
    const post = creator(node, token);
    for (let i = 1; i <= 22; i++) await post('/users', { username: `staff${String(i).padStart(2, '0')}`, displayName: `Staff ${i}` });
    ids.zhang = (await post('/users', { username: 'zhangsan', displayName: '张三', mobile: '13800000001', email: 'zhangsan@demo.example' })).id;
    ids.sun = (await post('/users', { username: 'sunqi', displayName: '孙七', mobile: '13900000009', status: 'disabled' })).id;
    ids.sales = (await post('/org-units', { name: 'Sales' })).id;
    await post('/users', { username: 'seller', displayName: 'Seller', orgUnitId: ids.sales });
    const source = await post('/sources', { type: 'dingtalk', name: 'DingTalk Demo Tech', config: { appKey: 'dingdemo', appSecret: 'secret' } });
    await bindZhangSan(node, source.id, ids.zhang);
    // A failed sign-in for the audit log.
    assert.equal((await node.api('POST', `${V1}/session`, { body: { username: 'admin', password: 'not the password' } })).status, 401);

    page = await desktopPage(browser);
    await page.goto(`${node.url}/console/users`);
    await signInToConsole(page);
  });
  after(async () => {
    await browser?.close();
    await node?.close();
  });

  const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
  const rows = () => page.locator('table tbody tr');
  const besides = (label: string) => page.locator('.field').filter({ has: page.getByLabel(label, { exact: true }) }).getByRole('alert');
  const user = async (id: string) => (await node.api('GET', `${V1}/users/${id}`, { token })).body;

  test('Users: a page of 20, the next page, search, and the status filter', async () => {
    await page.getByText('1–20 of 25').waitFor();
    assert.equal(await rows().count(), 20);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('21–25 of 25').waitFor();
    assert.equal(await rows().count(), 5);

    await page.getByRole('searchbox').fill('zhang');
    await page.getByText('1–1 of 1').waitFor();
    assert.match((await rows().first().textContent()) ?? '', /zhangsan.*张三.*\+8613800000001/);
    await page.getByRole('searchbox').fill('');
    // The cleared search lands first; otherwise "1–1 of 1" from the search could be read as the filter's.
    await page.getByText('1–20 of 25').waitFor();
    await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Disabled' });
    await page.getByText('1–1 of 1').waitFor();
    assert.match((await rows().first().textContent()) ?? '', /sunqi.*Disabled/);
    await page.getByRole('searchbox').fill('nobody-like-this');
    await page.getByText('No user matches.').waitFor();
    await page.getByRole('searchbox').fill('');
    await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'All statuses' });
    await page.getByText('1–20 of 25').waitFor();
    await screenshot(page, '12-console-users');
  });

  test("Users: a new user from the dialog, with the server's refusal beside the field it is about", async () => {
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('Username', { exact: true }).fill('wangxiao');
    await dialog.getByLabel('Display name', { exact: true }).fill('王小');
    await dialog.getByLabel('Mobile', { exact: true }).fill('138 0000 0001');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await besides('Mobile').waitFor();
    assert.match((await besides('Mobile').textContent()) ?? '', /mobile/i);
    await dialog.getByLabel('Mobile', { exact: true }).fill('13800000077');
    await dialog.getByLabel('Org unit', { exact: true }).selectOption({ label: '\u00a0\u00a0\u00a0Sales' });
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('heading', { name: '王小' }).waitFor();
    const created = (await node.api('GET', `${V1}/users?q=wangxiao`, { token })).body.items[0];
    assert.equal(created.mobile, '+8613800000077');
    assert.equal(created.orgUnitId, ids.sales);
    ids.wang = created.id;
  });

  test('Users: edit a profile, disable the user, enable them again', async () => {
    await page.getByLabel('Display name', { exact: true }).fill('王小明');
    await page.getByLabel('Email', { exact: true }).fill('Wang.Xiao@Example.com');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.', { exact: true }).waitFor();
    assert.equal((await user(ids.wang)).displayName, '王小明');
    assert.equal((await user(ids.wang)).email, 'wang.xiao@example.com');

    await page.getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('heading', { name: /Disabled/ }).waitFor();
    assert.equal((await user(ids.wang)).status, 'disabled');
    await page.getByRole('button', { name: 'Enable' }).click();
    await page.getByRole('heading', { name: /Active/ }).waitFor();
    assert.equal((await user(ids.wang)).status, 'active');
  });

  test('Users: mark the email verified; a changed email turns it off; no mobile, nothing to verify', async () => {
    const emailVerified = page.getByRole('switch', { name: 'Email verified' });
    const mobileVerified = page.getByRole('switch', { name: 'Mobile verified' });
    assert.equal(await emailVerified.getAttribute('aria-checked'), 'false');
    await emailVerified.click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.', { exact: true }).waitFor();
    assert.equal((await user(ids.wang)).emailVerified, true);
    await page.getByText(/^Verified /).waitFor();
    await screenshot(page, '43-console-user-verified-email', { fullPage: true });

    await page.getByLabel('Email', { exact: true }).fill('wang.xiao@new.example');
    assert.equal(await emailVerified.getAttribute('aria-checked'), 'false', 'another address is not verified');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.', { exact: true }).waitFor();
    assert.deepEqual([(await user(ids.wang)).email, (await user(ids.wang)).emailVerified], ['wang.xiao@new.example', false]);

    await page.getByLabel('Mobile', { exact: true }).fill('');
    assert.equal(await mobileVerified.isDisabled(), true, 'no number, nothing to mark');
    await page.getByLabel('Mobile', { exact: true }).fill('13800000077');
    assert.equal(await mobileVerified.isDisabled(), false);
  });

  test("Users: a user's bound DingTalk account is listed and can be removed", async () => {
    await page.goto(`${node.url}/console/users/${ids.zhang}`);
    const bound = page.locator('[data-binding-id="bnd_zhang"]');
    await bound.waitFor();
    assert.match((await bound.textContent()) ?? '', /张三 \(DingTalk\).*DingTalk Demo Tech.*uZhangSan0001/);
    await screenshot(page, '13-console-user-bindings', { fullPage: true });
    await bound.getByRole('button', { name: 'Remove binding' }).click();
    await page.getByRole('dialog', { name: 'Remove this binding?' }).getByRole('button', { name: 'Remove binding' }).click();
    await page.getByText('No bound accounts.').waitFor();
    assert.equal((await node.api('GET', `${V1}/bindings?userId=${ids.zhang}`, { token })).body.total, 0);
  });

  test('Users: sign a user out everywhere, after a confirmation that says what ends; they stay active', async () => {
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign 张三 out everywhere?' });
    await dialog.getByText(/at once where they support back-channel logout/).waitFor();
    await dialog.getByText(/Refresh tokens for offline access work until they expire/).waitFor();
    await screenshot(page, '44-console-user-sign-out-everywhere');
    await dialog.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByText('张三 was signed out everywhere.', { exact: true }).waitFor();
    assert.equal(await dialog.count(), 0, 'the dialog closed');
    const events = await node.api('GET', `${V1}/audit-events?action=user.sign_out_everywhere&targetId=${ids.zhang}`, { token });
    assert.equal(events.body.total, 1);
    assert.equal((await user(ids.zhang)).status, 'active');
  });

  test('Organization: add, rename and delete org units; a unit with people in it is not deleted', async () => {
    await nav('Organization');
    await page.getByRole('button', { name: 'Add an org unit under Sales' }).click();
    await page.getByLabel('Name of the new org unit under Sales').fill('East');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('treeitem').filter({ hasText: 'East' }).waitFor();
    assert.equal(await page.getByRole('treeitem').filter({ hasText: 'East' }).getAttribute('aria-level'), '3');

    await page.getByRole('button', { name: 'Rename Sales' }).click();
    await page.getByLabel('New name for Sales').fill('Sales & Marketing');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Rename Sales & Marketing' }).waitFor();
    await screenshot(page, '14-console-organization');

    await page.getByRole('button', { name: 'Delete East' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Delete East' }).waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Delete Sales & Marketing' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('alert').waitFor();
    assert.ok(((await page.getByRole('dialog').getByRole('alert').textContent()) ?? '').length > 0, "the server's reason is shown");
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    const units = (await node.api('GET', `${V1}/org-units`, { token })).body.items.map((u: { name: string }) => u.name);
    assert.deepEqual(units.sort(), ['Root', 'Sales & Marketing']);
  });

  test('Audit: filter by category, action, outcome and dates; a change shows its before and after', async () => {
    await nav('Audit');
    await page.getByLabel('Category').selectOption({ label: 'Admin' });
    await page.getByLabel('Action').fill('user.update');
    await page.locator('tr[data-action="user.update"]').first().waitFor();
    await page.waitForFunction(() => Array.from(document.querySelectorAll('tbody tr[data-action]')).every((r) => r.getAttribute('data-action') === 'user.update'));
    const renamed = page.locator('tr[data-action="user.update"]').last();
    await renamed.getByRole('button', { name: 'Details' }).click();
    const change = page.locator('table.change');
    await change.waitFor();
    const displayName = change.locator('tr.changed', { hasText: 'displayName' });
    assert.match((await displayName.textContent()) ?? '', /displayName\s*王小\s*王小明/);
    await screenshot(page, '15-console-audit');

    await page.getByLabel('Action').fill('');
    await page.getByLabel('Outcome').selectOption({ label: 'Failure' });
    await page.locator('tr[data-action="admin.sign_in"]').waitFor();
    assert.match((await page.locator('tr[data-action="admin.sign_in"]').textContent()) ?? '', /Failure/);

    // Tomorrow in the browser's own time zone, as a date input takes it.
    const tomorrow = await page.evaluate(() => new Date(Date.now() + 86_400_000).toLocaleDateString('sv'));
    await page.getByLabel('From').fill(tomorrow);
    await page.getByText('No event matches these filters.').waitFor();
  });

  test('Users: a search matching more people than it counts says "more than", and Next goes on', async () => {
    // 1,030 people named 王… (stored directly: the API would take minutes); a search counts up to 1,000.
    const now = new Date().toISOString();
    const people = Array.from({ length: 1030 }, (_, i) => ({
      id: `usr_many_${i}`, username: `wang${i}`, display_name: `王${i}`, mobile: null, email: null, employee_number: null, external_id: null,
      status: 'active', password_hash: null, org_unit_id: ROOT_ORG_UNIT_ID, created_at: now, updated_at: now, email_verified_at: null, mobile_verified_at: null,
    }));
    for (let i = 0; i < people.length; i += 200) await node.portico.store.db.insertInto('users').values(people.slice(i, i + 200)).execute();

    await page.goto(`${node.url}/console/users`);
    await page.getByRole('searchbox').fill('王');
    await page.getByText('1–20 of more than 1000').waitFor();
    await page.getByText('Page 1 of 50+').waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    // The count goes 1,000 past the page asked for.
    await page.getByText('21–40 of more than 1020').waitFor();
    assert.match((await rows().first().textContent()) ?? '', /王/);
    // Without a search the list is counted exactly (the Dashboard shows the same number).
    const { total } = (await node.api('GET', `${V1}/users?pageSize=1`, { token })).body as { total: number };
    assert.ok(total > 1030);
    await page.getByRole('searchbox').fill('');
    await page.getByText(`1–20 of ${total}`, { exact: true }).waitFor();
  });

  test('in Chinese on a phone-sized screen: the menu folds away and Resources > Applications still works', async () => {
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${node.url}/console`);
    await page.getByRole('heading', { name: '概览' }).waitFor();
    const menu = page.getByRole('button', { name: '菜单' });
    assert.equal(await page.getByRole('navigation', { name: '主导航' }).isVisible(), false, 'the navigation is folded away');
    await menu.click();
    await page.getByRole('button', { name: '资源' }).click();
    await screenshot(page, '16-console-phone-zh');
    await page.getByRole('menuitem', { name: '应用' }).click();
    await page.getByRole('link', { name: /User Center/ }).click();
    await page.getByRole('tab', { name: '登录配置' }).click();
    await page.getByRole('switch', { name: '启用 Password' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `nothing sticks out sideways (${overflow}px)`);
  });
});
