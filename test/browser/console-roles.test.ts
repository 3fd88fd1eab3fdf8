/**
 * Roles in the console: each admin sees the actions their role allows (src/admin/roles.ts) and no
 * others, while the server still refuses what is hidden; a super admin manages administrators on
 * the Administrators page.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { TestNode } from '../helpers/harness.ts';
import { browserSuite, screenshot, desktopPage } from '../helpers/chromium.ts';
import { bindZhangSan, creator, signInToConsole, startConsoleNode } from '../helpers/enterprise-center.ts';
import { USER_CENTER_APP_ID } from '../../src/store/well-known.ts';

const V1 = '/api/admin/v1';
const AUDITOR = { username: 'auditor-li', password: 'auditor password 1' };

describe('the console shows each role the actions it may take', browserSuite, () => {
  let node: TestNode;
  let browser: Browser;
  let token: string;
  const ids: Record<string, string> = {};

  before(async () => {
    ({ node, browser, token } = await startConsoleNode());
    const post = creator(node, token);
    ids.user = (await post('/users', { username: 'zhangsan', displayName: '张三', mobile: '13800000001' })).id;
    ids.source = (await post('/sources', { type: 'dingtalk', name: 'DingTalk Demo Tech', config: { appKey: 'dingdemo', appSecret: 'secret' } })).id;
    ids.app = (await post('/applications', { name: 'HR Portal', redirectUris: ['https://hr.example.com/callback'] })).application.id;
    await post('/admins', { ...AUDITOR, role: 'auditor' });
    await bindZhangSan(node, ids.source, ids.user);
  });
  after(async () => {
    await browser?.close();
    await node?.close();
  });

  /** A fresh browser window, signed in to the console as `as`. */
  async function consoleFor(as?: { username: string; password: string }, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const page = await desktopPage(browser, { height: 900 });
    await page.goto(`${node.url}/console`);
    await signInToConsole(page, as);
    await page.setViewportSize(viewport);
    return page;
  }
  const open = async (page: Page, path: string, heading: string) => {
    await page.goto(`${node.url}/console${path}`);
    await page.getByRole('heading', { name: heading, exact: true }).first().waitFor();
  };
  const navLinks = async (page: Page) => (await page.getByRole('navigation', { name: 'Main' }).locator('a.nav-item, button.nav-item').allTextContents()).map((s) => s.replace(/\s*▾$/, '').trim());
  /** The console's own session calling the API: what the server answers to this browser. */
  const callAs = (page: Page, method: string, path: string, body?: unknown) =>
    page.evaluate(
      async ([m, p, b]) => {
        const res = await fetch(`/api/admin/v1${p}`, { method: m as string, headers: { 'content-type': 'application/json' }, body: b === undefined ? undefined : JSON.stringify(b) });
        return { status: res.status, code: ((await res.json().catch(() => ({}))) as { code?: string }).code };
      },
      [method, path, body] as const,
    );
  const absent = async (page: Page, role: 'button' | 'link', name: string | RegExp) => assert.equal(await page.getByRole(role, { name }).count(), 0, `no ${role} "${name}" on ${page.url()}`);

  test('an auditor sees no write actions on Users, Applications and Sources, and the server still refuses them', async () => {
    const page = await consoleFor(AUDITOR);
    assert.match((await page.locator('.who').textContent()) ?? '', /Auditor/);
    assert.deepEqual(await navLinks(page), ['Dashboard', 'Resources', 'Authentication Sources', 'Users', 'Organization', 'Audit', 'Administrators']);

    await open(page, '/users', 'Users');
    await page.getByRole('link', { name: 'zhangsan' }).waitFor();
    await absent(page, 'button', 'New user');
    await page.getByRole('link', { name: 'zhangsan' }).click();
    await page.getByText('View only: your role (Auditor) cannot make changes here.').waitFor();
    await page.locator('[data-binding-id="bnd_zhang"]').waitFor();
    for (const name of ['Save', 'Sign out everywhere', 'Disable', 'Enable', 'Remove binding']) await absent(page, 'button', name);
    assert.equal(await page.getByLabel('Display name', { exact: true }).isDisabled(), true);
    assert.equal(await page.getByLabel('New password', { exact: true }).count(), 0);

    await open(page, '/applications', 'Applications');
    await page.getByRole('link', { name: /HR Portal/ }).waitFor();
    await absent(page, 'button', 'Create application');
    await page.getByRole('link', { name: /HR Portal/ }).click();
    await page.locator('[data-field="client-id"]').waitFor();
    for (const name of ['Edit', 'Issue new client secret', 'Delete']) await absent(page, 'button', name);
    await page.getByRole('tab', { name: 'Login Configuration' }).click();
    await page.getByRole('switch', { name: 'Enable Password' }).waitFor();
    assert.equal(await page.getByRole('switch', { name: 'Enable Password' }).isDisabled(), true);
    for (const name of ['Save', 'Discard changes', /^Move .* (up|down)$/]) await absent(page, 'button', name);

    await open(page, '/sources', 'Authentication Sources');
    await page.getByRole('link', { name: 'DingTalk Demo Tech' }).waitFor();
    await absent(page, 'link', 'Add DingTalk source');
    await page.getByRole('link', { name: 'DingTalk Demo Tech' }).click();
    await page.getByText('View only: your role (Auditor) cannot make changes here.').waitFor();
    for (const name of ['Save', 'Delete', 'Test connection']) await absent(page, 'button', name);
    assert.equal(await page.getByLabel('AppKey', { exact: true }).isDisabled(), true);
    assert.equal(await page.getByRole('switch', { name: 'Auto-bind' }).isDisabled(), true);
    await page.getByRole('button', { name: 'Copy the Callback URL' }).waitFor();
    await screenshot(page, '20-console-auditor-view-only');

    await open(page, '/organization', 'Organization');
    await page.getByRole('treeitem').first().waitFor();
    await absent(page, 'button', /^(Add an org unit under|Rename|Delete) /);
    await open(page, '/admins', 'Administrators');
    await page.locator('tr[data-admin="admin"]').waitFor();
    for (const name of ['New administrator', /^(Edit|Disable|Delete|New password for) /]) await absent(page, 'button', name);

    await page.goto(`${node.url}/console/sources/new/dingtalk`);
    await page.getByText('Your role (Auditor) cannot open this page.').waitFor();

    // The server is still the backstop: the same session is refused every hidden action.
    const refused: [string, string, unknown][] = [
      ['POST', '/users', { username: 'nobody', displayName: 'No' }],
      ['PATCH', `/users/${ids.user}`, { status: 'disabled' }],
      ['DELETE', '/bindings/bnd_zhang', undefined],
      ['POST', '/applications', { name: 'X', redirectUris: [] }],
      ['POST', `/applications/${ids.app}/secret`, undefined],
      ['PUT', `/applications/${USER_CENTER_APP_ID}/login-configuration`, { sources: [] }],
      ['POST', '/sources', { type: 'dingtalk', name: 'X', config: { appKey: 'x', appSecret: 'y' } }],
      ['POST', `/sources/${ids.source}/test`, undefined],
      ['POST', '/admins', { username: 'sneaky', password: 'long enough pw', role: 'super_admin' }],
    ];
    for (const [method, path, body] of refused) assert.deepEqual(await callAs(page, method, path, body), { status: 403, code: 'admin.forbidden' }, `${method} ${path}`);
    assert.equal((await node.api('GET', `${V1}/users/${ids.user}`, { token })).body.status, 'active');
    await page.context().close();
  });

  let appAdminPassword = '';

  test('a super admin adds an application admin on the Administrators page, refused input said beside each field', async () => {
    const page = await consoleFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Administrators' }).click();
    await page.locator('tr[data-admin="admin"]').waitFor();
    // The only active super admin: the page does not offer what the server would refuse.
    const me = page.locator('tr[data-admin="admin"]');
    assert.equal(await me.getByRole('button', { name: 'Disable admin' }).isDisabled(), true);
    assert.equal(await me.getByRole('button', { name: 'Delete admin' }).isDisabled(), true);

    await page.getByRole('button', { name: 'New administrator' }).click();
    const form = page.getByRole('dialog', { name: 'New administrator' });
    const besides = (label: string) => form.locator('.field').filter({ has: page.getByLabel(label, { exact: true }) }).getByRole('alert');
    await form.getByRole('button', { name: 'Add administrator' }).click();
    for (const label of ['Username', 'Role', 'Initial password']) assert.match((await besides(label).textContent()) ?? '', /Required|Choose a role/, label);
    await form.getByLabel('Username', { exact: true }).fill('-wang');
    await form.getByLabel('Initial password', { exact: true }).fill('short');
    await form.getByLabel('Role', { exact: true }).selectOption({ label: 'Application admin' });
    await form.getByRole('button', { name: 'Add administrator' }).click();
    assert.match((await besides('Username').textContent()) ?? '', /starting with a letter or a digit/);
    assert.equal(await besides('Initial password').textContent(), 'At least 8 characters.');
    assert.equal(await besides('Role').count(), 0);

    // The server's refusal lands beside the field it names (/username).
    await form.getByLabel('Username', { exact: true }).fill('Auditor-Li');
    await form.getByRole('button', { name: 'Generate' }).click();
    await form.getByRole('button', { name: 'Add administrator' }).click();
    await besides('Username').waitFor();
    assert.equal(await besides('Username').textContent(), 'Another admin has this username.');

    await form.getByLabel('Username', { exact: true }).fill('wangwu');
    await form.getByLabel('Display name', { exact: true }).fill('王五');
    await screenshot(page, '21-console-new-administrator');
    await form.getByRole('button', { name: 'Add administrator' }).click();
    const handover = page.getByRole('dialog', { name: 'Administrator wangwu added' });
    await handover.getByText('The password is shown only this once.').waitFor();
    assert.equal(await handover.getByLabel('Username', { exact: true }).inputValue(), 'wangwu');
    assert.equal(await handover.getByLabel('Sign-in address', { exact: true }).inputValue(), `${node.url}/console`);
    appAdminPassword = await handover.getByLabel('Password', { exact: true }).inputValue();
    assert.equal(appAdminPassword.length, 20);
    await handover.getByRole('button', { name: 'Done' }).click();
    const row = page.locator('tr[data-admin="wangwu"]');
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /王五.*wangwu.*Application admin.*Active.*Never/);
    await screenshot(page, '22-console-administrators');
    const created = (await node.api('GET', `${V1}/admins`, { token })).body.items.find((a: { username: string }) => a.username === 'wangwu');
    assert.equal(created.role, 'app_admin');
    await page.context().close();
  });

  test('the new application admin sees the actions allowed to an application admin only', async () => {
    const page = await consoleFor({ username: 'wangwu', password: appAdminPassword });
    assert.deepEqual(await navLinks(page), ['Dashboard', 'Resources', 'Authentication Sources', 'Organization']);
    await page.getByRole('link', { name: 'Go to Applications' }).waitFor();
    assert.equal(await page.locator('.notice.bad').count(), 0, 'the dashboard asks nothing the role may not read');

    await open(page, '/applications', 'Applications');
    await page.getByRole('button', { name: 'Create application' }).waitFor();
    await page.getByRole('link', { name: /HR Portal/ }).click();
    for (const name of ['Edit', 'Issue new client secret', 'Delete']) await page.getByRole('button', { name, exact: true }).waitFor();
    await page.getByRole('tab', { name: 'Login Configuration' }).click();
    assert.equal(await page.getByRole('switch', { name: 'Enable Password' }).isDisabled(), false);
    await page.getByRole('button', { name: 'Save', exact: true }).waitFor();

    await open(page, '/sources', 'Authentication Sources');
    await page.getByRole('link', { name: 'Add DingTalk source' }).waitFor();
    await page.getByRole('link', { name: 'DingTalk Demo Tech' }).click();
    for (const name of ['Save', 'Delete', 'Test connection']) await page.getByRole('button', { name, exact: true }).waitFor();

    await open(page, '/organization', 'Organization');
    await page.getByText('View only: your role (Application admin) cannot make changes here.').waitFor();
    await absent(page, 'button', /^(Add an org unit under|Rename|Delete) /);

    for (const path of ['/users', `/users/${ids.user}`, '/audit', '/admins']) {
      await page.goto(`${node.url}/console${path}`);
      await page.getByText('Your role (Application admin) cannot open this page.').waitFor();
    }
    assert.deepEqual(await callAs(page, 'GET', '/users'), { status: 403, code: 'admin.forbidden' });
    assert.deepEqual(await callAs(page, 'POST', '/org-units', { name: 'X' }), { status: 403, code: 'admin.forbidden' });
    assert.equal((await callAs(page, 'PATCH', `/applications/${ids.app}`, { description: 'Changed by the app admin' })).status, 200);
    await page.context().close();
  });

  test('a super admin changes a role, sets a new password, disables and deletes an administrator', async () => {
    const page = await consoleFor(undefined, { width: 390, height: 844 });
    await open(page, '/admins', 'Administrators');
    const row = page.locator('tr[data-admin="wangwu"]');
    await row.waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `nothing sticks out sideways on a phone (${overflow}px)`);
    await screenshot(page, '23-console-administrators-phone');

    await row.getByRole('button', { name: 'Edit wangwu' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit wangwu' });
    await edit.getByLabel('Role', { exact: true }).selectOption({ label: 'Auditor' });
    await edit.getByText('wangwu is signed out of every session').waitFor();
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await row.getByText('Auditor').waitFor();

    await row.getByRole('button', { name: 'New password for wangwu' }).click();
    const reset = page.getByRole('dialog', { name: 'New password for wangwu' });
    await reset.getByLabel('New password', { exact: true }).fill('a new password 42');
    await reset.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('dialog', { name: "wangwu's new password" }).getByText('The password is shown only this once.').waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    const signIn = await node.api('POST', `${V1}/session`, { body: { username: 'wangwu', password: 'a new password 42' } });
    assert.equal(signIn.status, 201);
    assert.equal(signIn.body.admin.role, 'auditor');

    await row.getByRole('button', { name: 'Disable wangwu' }).click();
    await page.getByRole('dialog', { name: 'Disable wangwu?' }).getByRole('button', { name: 'Disable' }).click();
    await row.getByText('Disabled').waitFor();
    assert.equal((await node.api('POST', `${V1}/session`, { body: { username: 'wangwu', password: 'a new password 42' } })).status, 401);
    await row.getByRole('button', { name: 'Enable wangwu' }).click();
    await row.getByText('Active').waitFor();

    await row.getByRole('button', { name: 'Delete wangwu' }).click();
    await page.getByRole('dialog', { name: 'Delete wangwu?' }).getByRole('button', { name: 'Delete' }).click();
    await row.waitFor({ state: 'detached' });
    const usernames = (await node.api('GET', `${V1}/admins`, { token })).body.items.map((a: { username: string }) => a.username);
    assert.deepEqual(usernames.sort(), ['admin', AUDITOR.username]);
    await page.context().close();
  });
});
