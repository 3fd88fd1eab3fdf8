/**
 * The console's APIs page (Resources > APIs): a super admin registers an API with its scope rows
 * (a bad scope name refused beside its row first), changes it, and is told why an API still granted
 * cannot be deleted; a machine-to-machine application is created with its API access, with no redirect
 * URIs and no Login Configuration; an auditor sees the APIs and no buttons.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { TestNode } from '../helpers/harness.ts';
import { browserSuite, screenshot, desktopPage } from '../helpers/chromium.ts';
import { creator, signInToConsole, startConsoleNode } from '../helpers/enterprise-center.ts';

const V1 = '/api/admin/v1';
const AUDITOR = { username: 'auditor', password: 'a long enough password' };

describe('the console manages registered APIs', browserSuite, () => {
  let node: TestNode;
  let browser: Browser;
  let token: string;
  let page: Page;

  before(async () => {
    ({ node, browser, token } = await startConsoleNode());
    await creator(node, token)('/admins', { ...AUDITOR, role: 'auditor' });
    await creator(node, token)('/apis', { name: 'Reports', identifier: 'https://reports.example.com', description: 'Monthly figures', scopes: [{ name: 'reports:read', description: 'Read reports' }], signingAlg: 'RS256' });
    page = await desktopPage(browser, { height: 900 });
    await page.goto(`${node.url}/console`);
    await signInToConsole(page);
  });
  after(async () => {
    await browser?.close();
    await node?.close();
  });

  const dialog = (name: string | RegExp) => page.getByRole('dialog', { name });
  const apis = async () => (await node.api('GET', `${V1}/apis`, { token })).body.items as { id: string; name: string; identifier: string; scopes: { name: string; description: string }[]; accessTokenLifetimeSeconds: number }[];

  test('register an API with its scopes: a bad scope name is refused beside its row, then the API is listed', async () => {
    await page.getByRole('button', { name: 'Resources' }).click();
    await page.getByRole('menuitem', { name: 'APIs' }).click();
    await page.getByRole('heading', { name: 'APIs' }).waitFor();
    await page.getByRole('button', { name: 'Register API' }).click();
    const form = dialog('Register API');
    await form.getByLabel('Name', { exact: true }).fill('Orders');
    await form.getByLabel('Identifier', { exact: true }).fill('https://orders.example.com/api');
    await form.getByLabel('Description', { exact: true }).fill('The order book');
    await form.getByLabel('Scope 1 name', { exact: true }).fill('orders read');
    await form.getByLabel('Scope 1 description', { exact: true }).fill('Read your orders');
    await form.getByRole('button', { name: 'Add a scope' }).click();
    await form.getByLabel('Scope 2 name', { exact: true }).fill('orders:write');
    await form.getByLabel('Scope 2 description', { exact: true }).fill('Place orders');
    await form.getByRole('button', { name: 'Add a scope' }).click();
    await form.getByLabel('Scope 3 name', { exact: true }).fill('openid');
    await form.getByLabel('Access token lifetime (seconds)', { exact: true }).fill('600');
    await form.getByRole('button', { name: 'Register API' }).click();
    await form.getByText('Visible ASCII without spaces, quotes or backslashes.').waitFor();
    await form.getByText('This is an OpenID Connect scope').waitFor();
    assert.equal((await apis()).length, 1, 'nothing sent yet');

    await form.getByLabel('Scope 1 name', { exact: true }).fill('orders:read');
    await form.getByRole('button', { name: 'Remove scope 3' }).click();
    await screenshot(page, '53-console-api-form');
    await form.getByRole('button', { name: 'Register API' }).click();
    await form.waitFor({ state: 'hidden' });
    const row = page.locator('tr[data-api="https://orders.example.com/api"]');
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /orders:read.*Read your orders.*orders:write.*Place orders/);
    assert.match((await row.textContent()) ?? '', /JWT, ES256, 600 s/);
    const orders = (await apis()).find((a) => a.name === 'Orders')!;
    assert.deepEqual(orders.scopes, [{ name: 'orders:read', description: 'Read your orders' }, { name: 'orders:write', description: 'Place orders' }]);
    assert.equal(orders.accessTokenLifetimeSeconds, 600);
    await screenshot(page, '52-console-apis');
  });

  test('change an API: only what changed is sent; the server refuses an identifier already taken', async () => {
    await page.getByRole('button', { name: 'Edit Orders' }).click();
    const form = dialog('Edit Orders');
    await form.getByLabel('Identifier', { exact: true }).fill('https://reports.example.com');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('Another API has this identifier').waitFor();
    await form.getByLabel('Identifier', { exact: true }).fill('https://orders.example.com/api');
    await form.getByLabel('Signing algorithm', { exact: true }).selectOption('PS256');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'hidden' });
    await page.locator('tr[data-api="https://orders.example.com/api"]').getByText('JWT, PS256, 600 s').waitFor();
  });

  test('a machine-to-machine application: no redirect URIs or first-party switch, its API access chosen, no Login Configuration', async () => {
    await page.getByRole('button', { name: 'Resources' }).click();
    await page.getByRole('menuitem', { name: 'Applications' }).click();
    await page.getByRole('button', { name: 'Create application' }).click();
    const form = dialog('Create application');
    await form.getByLabel('Name', { exact: true }).fill('Nightly sync');
    await form.getByLabel('Client type', { exact: true }).selectOption('machine');
    assert.equal(await form.getByLabel('Redirect URI 1', { exact: true }).count(), 0, 'no redirect URIs');
    assert.equal(await form.getByRole('switch', { name: 'First-party application' }).count(), 0);
    const access = form.getByRole('group', { name: 'API access' });
    await access.locator('[data-api="https://orders.example.com/api"]').getByLabel(/orders:read/).check();
    await access.locator('[data-api="https://reports.example.com"]').getByLabel(/reports:read/).check();
    await screenshot(page, '54-console-machine-application');
    await form.getByRole('button', { name: 'Create application' }).click();
    const once = dialog('Application Nightly sync created');
    await once.getByText('This secret is shown only once.').waitFor();
    const created = (await node.api('GET', `${V1}/applications`, { token })).body.items.find((a: { name: string }) => a.name === 'Nightly sync');
    assert.deepEqual([created.clientType, created.redirectUris, created.hasSecret], ['machine', [], true]);
    const all = await apis();
    const granted = (await node.api('GET', `${V1}/applications/${created.id}/api-access`, { token })).body.apis;
    assert.deepEqual(granted, [
      { apiId: all.find((a) => a.name === 'Reports')!.id, scopes: ['reports:read'] },
      { apiId: all.find((a) => a.name === 'Orders')!.id, scopes: ['orders:read'] },
    ]);
    await once.getByRole('button', { name: 'I have stored the secret: open the application' }).click();
    await page.getByRole('heading', { name: 'Nightly sync' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Login Configuration' }).count(), 0, 'no Login Configuration tab');
    await page.getByText('Machine to machine (client credentials)').waitFor();

    // Its page's edit form shows what it may be granted, and takes a change.
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const edit = dialog(/Edit/);
    const orders = edit.getByRole('group', { name: 'API access' }).locator('[data-api="https://orders.example.com/api"]');
    assert.equal(await orders.getByLabel(/orders:read/).isChecked(), true);
    await orders.getByLabel(/orders:write/).check();
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'hidden' });
    const changed = (await node.api('GET', `${V1}/applications/${created.id}/api-access`, { token })).body.apis;
    assert.deepEqual(changed.find((g: { apiId: string }) => g.apiId === all.find((a) => a.name === 'Orders')!.id).scopes, ['orders:read', 'orders:write']);
    // Its page says what it may be granted, as changed.
    const shown = page.locator('[data-field="apiAccess"]');
    await shown.getByText('orders:write', { exact: true }).waitFor();
    assert.match((await shown.textContent()) ?? '', /Reports: reports:read.*Orders: orders:readorders:write/s);
  });

  test('an API still granted to an application is not deleted, and the dialog says why', async () => {
    await page.getByRole('button', { name: 'Resources' }).click();
    await page.getByRole('menuitem', { name: 'APIs' }).click();
    await page.getByRole('button', { name: 'Delete Orders' }).click();
    const confirm = dialog('Delete Orders?');
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await confirm.getByText('Applications may still be granted this API').waitFor();
    assert.equal((await apis()).length, 2);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
  });

  test('an auditor sees the APIs and changes nothing', async () => {
    const auditor = await desktopPage(browser, { height: 900 });
    await auditor.goto(`${node.url}/console/apis`);
    await signInToConsole(auditor, AUDITOR);
    await auditor.locator('tr[data-api="https://orders.example.com/api"]').waitFor();
    assert.equal(await auditor.getByRole('button', { name: 'Register API' }).count(), 0);
    assert.equal(await auditor.getByRole('button', { name: /^Edit / }).count(), 0);
    assert.equal(await auditor.getByRole('button', { name: /^Delete / }).count(), 0);
    await auditor.context().close();
  });
});
