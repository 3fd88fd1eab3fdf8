/**
 * Applications in the console: create one (bad input refused beside its field, by the page or by
 * the server), see its client secret once, land on its page; change its redirect URIs; issue a
 * new secret; delete it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestNode } from '../helpers/harness.ts';
import { browserSuite, screenshot } from '../helpers/chromium.ts';
import { creator, signInToConsole, startConsoleNode } from '../helpers/enterprise-center.ts';
import { getApplicationRow } from '../../src/applications/applications.ts';
import { openClientSecret } from '../../src/protocols/oidc/client-secret.ts';

const V1 = '/api/admin/v1';

describe('creating and managing an application in the console', browserSuite, () => {
  let node: TestNode;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let token: string;
  let appId: string;
  let firstSecret: string;

  before(async () => {
    ({ node, browser, token } = await startConsoleNode());
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    context.setDefaultTimeout(15_000);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: node.url });
    page = await context.newPage();
    await page.goto(`${node.url}/console/applications`);
    await signInToConsole(page);
  });
  after(async () => {
    await browser?.close();
    await node?.close();
  });

  const dialog = (name: string | RegExp) => page.getByRole('dialog', { name });
  /** The message beside the control labelled `label` (a field, or one row of a URI list). */
  const besides = (label: string) => page.locator('.field:not(fieldset), .uri-list li').filter({ has: page.getByLabel(label, { exact: true }) }).getByRole('alert');
  /** The client secret Portico holds for an application, decrypted. */
  const storedSecret = async (id: string) => openClientSecret(node.portico.ctx.secretBox, await getApplicationRow(node.portico.store.db, id));
  const pageText = () => page.evaluate(() => document.body.innerText + Array.from(document.querySelectorAll('input'), (i) => i.value).join(' '));

  test('bad input is refused beside its field: by the page first, then by the server', async () => {
    await page.getByRole('button', { name: 'Create application' }).click();
    const form = dialog('Create application');
    await form.getByLabel('Redirect URI 1', { exact: true }).fill('http://hr.example.com/callback');
    await form.getByRole('button', { name: 'Add a redirect URI' }).click();
    await form.getByLabel('Redirect URI 2', { exact: true }).fill('https://hr.example.com/cb#top');
    await form.getByRole('button', { name: 'Create application' }).click();
    assert.equal(await besides('Name').textContent(), 'Required.');
    assert.match((await besides('Redirect URI 1').textContent()) ?? '', /Use https:\/\/; plain http:\/\/ is allowed only for localhost/);
    assert.match((await besides('Redirect URI 2').textContent()) ?? '', /fragment/);
    await form.getByText('Some fields need your attention').waitFor();
    await screenshot(page, '17-console-create-application-validation');

    // Fixed on the page; the logo address passes the page's check but not the server's (no spaces in a URI).
    await form.getByLabel('Name', { exact: true }).fill('HR Portal');
    assert.equal(await besides('Name').count(), 0, 'a message goes once its field is edited');
    await form.getByLabel('Redirect URI 1', { exact: true }).fill('https://hr.example.com/callback');
    await form.getByLabel('Redirect URI 2', { exact: true }).fill('http://localhost:5173/callback');
    await form.getByLabel('Logo URL', { exact: true }).fill('https://hr.example.com/logo one.png');
    await form.getByRole('button', { name: 'Create application' }).click();
    await besides('Logo URL').waitFor();
    assert.equal(await besides('Logo URL').textContent(), 'Not in the expected format.');
    const apps = (await node.api('GET', `${V1}/applications`, { token })).body.items;
    assert.equal(apps.length, 1, 'nothing was created: only the User Center exists');
  });

  test('a new application: its client ID and secret are shown once, with copy buttons, then its page shows the client ID', async () => {
    const form = dialog('Create application');
    await form.getByLabel('Logo URL', { exact: true }).fill('');
    await form.getByLabel('Description', { exact: true }).fill('Leave, payslips and contracts');
    await form.getByRole('switch', { name: 'First-party application' }).click();
    await form.getByRole('button', { name: 'Add a post-logout redirect URI' }).click();
    await form.getByLabel('Post-logout redirect URI 1', { exact: true }).fill('https://hr.example.com/signed-out');
    await form.getByRole('button', { name: 'Create application' }).click();

    const once = dialog('Application HR Portal created');
    await once.waitFor();
    await once.getByText('This secret is shown only once.').waitFor();
    const clientId = await once.getByLabel('Client ID', { exact: true }).inputValue();
    const secret = await once.getByLabel('Client secret', { exact: true }).inputValue();
    const created = (await node.api('GET', `${V1}/applications`, { token })).body.items.find((a: { name: string }) => a.name === 'HR Portal');
    appId = created.id;
    assert.equal(clientId, created.clientId);
    assert.deepEqual(created.redirectUris, ['https://hr.example.com/callback', 'http://localhost:5173/callback']);
    assert.deepEqual(created.postLogoutRedirectUris, ['https://hr.example.com/signed-out']);
    assert.equal(created.firstParty, true);
    assert.equal(created.clientType, 'confidential');
    assert.equal(secret, await storedSecret(appId), 'the secret shown is the one Portico holds');
    firstSecret = secret;

    await once.getByRole('button', { name: 'Copy the client secret' }).click();
    await once.getByText('Copied').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
    await screenshot(page, '18-console-client-secret-once');

    // Only its own button closes it: Escape and the backdrop do not lose the secret by accident.
    await page.keyboard.press('Escape');
    await page.mouse.click(5, 5);
    assert.equal(await once.isVisible(), true);
    assert.equal(await once.getByRole('button', { name: 'Close' }).count(), 0);

    await once.getByRole('button', { name: 'I have stored the secret: open the application' }).click();
    await page.waitForURL(`${node.url}/console/applications/${appId}`);
    await page.getByRole('heading', { name: 'HR Portal' }).waitFor();
    assert.equal(await page.locator('[data-field="client-id"]').textContent(), clientId);
    await screenshot(page, '19-console-application');
    assert.ok(!(await pageText()).includes(secret), 'the secret is not on the application page');
    await page.reload();
    await page.locator('[data-field="client-id"]').waitFor();
    assert.ok(!(await pageText()).includes(secret), 'nor after a reload');
    assert.ok(!JSON.stringify((await node.api('GET', `${V1}/applications/${appId}`, { token })).body).includes(secret));
  });

  test("the application's page edits its name and redirect URIs, with the same checks", async () => {
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const form = dialog('Edit HR Portal');
    await form.getByRole('button', { name: 'Add a redirect URI' }).click();
    await form.getByLabel('Redirect URI 3', { exact: true }).fill('https://hr.example.com/callback');
    await form.getByRole('button', { name: 'Save' }).click();
    assert.equal(await besides('Redirect URI 3').textContent(), 'This address is listed twice.');
    await form.getByLabel('Redirect URI 3', { exact: true }).fill('https://hr.example.com/oidc/callback');
    await form.getByRole('button', { name: 'Remove Redirect URI 2' }).click();
    await form.getByLabel('Name', { exact: true }).fill('HR Portal (prod)');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'HR Portal (prod)' }).waitFor();
    const app = (await node.api('GET', `${V1}/applications/${appId}`, { token })).body;
    assert.deepEqual(app.redirectUris, ['https://hr.example.com/callback', 'https://hr.example.com/oidc/callback']);
    assert.equal(app.name, 'HR Portal (prod)');
    assert.equal(await storedSecret(appId), firstSecret, 'editing keeps the secret');
  });

  test('Advanced: client authentication with its public keys, the ID token algorithm and lifetimes, each bad value refused beside its field', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const privateJwk = { ...privateKey.export({ format: 'jwk' }), kid: 'hr-1' };
    const { d: _d, ...publicJwk } = privateJwk;
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const form = dialog('Edit HR Portal (prod)');
    await form.getByText('Advanced', { exact: true }).click();
    await form.getByLabel('Client authentication', { exact: true }).selectOption('private_key_jwt');
    await form.getByLabel('Public keys (JWK Set)', { exact: true }).fill(JSON.stringify({ keys: [privateJwk] }));
    await form.getByLabel('Access token lifetime (seconds)', { exact: true }).fill('30');
    await form.getByRole('button', { name: 'Save' }).click();
    assert.equal(await besides('Access token lifetime (seconds)').textContent(), 'Enter a whole number from 60 to 3600.');

    await form.getByLabel('Access token lifetime (seconds)', { exact: true }).fill('600');
    await form.getByRole('button', { name: 'Save' }).click();
    await besides('Public keys (JWK Set)').waitFor();
    assert.match((await besides('Public keys (JWK Set)').textContent()) ?? '', /public keys only/, 'the server refuses a private key, beside the field');

    await form.getByLabel('Public keys (JWK Set)', { exact: true }).fill(JSON.stringify({ keys: [publicJwk] }));
    await form.getByLabel('ID token signing algorithm', { exact: true }).selectOption('RS256');
    await screenshot(page, '50-console-application-advanced');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    const app = (await node.api('GET', `${V1}/applications/${appId}`, { token })).body;
    assert.deepEqual(
      [app.tokenEndpointAuthMethod, app.jwks, app.idTokenSignedResponseAlg, app.accessTokenLifetimeSeconds, app.refreshTokenLifetimeSeconds],
      ['private_key_jwt', { keys: [publicJwk] }, 'RS256', 600, 604800],
    );
    await page.getByText('Advanced', { exact: true }).click();
    const advanced = page.locator('[data-section="advanced"]');
    await advanced.getByText('RS256', { exact: true }).waitFor();
    assert.match((await advanced.textContent()) ?? '', /private_key_jwt.*hr-1/s);
  });

  test('Advanced settings are shown read-only to a role that cannot change applications', async () => {
    await creator(node, token)('/admins', { username: 'auditor-apps', password: 'auditor password 1', role: 'auditor' });
    const auditorContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const auditor = await auditorContext.newPage();
    await auditor.goto(`${node.url}/console/applications/${appId}`);
    await signInToConsole(auditor, { username: 'auditor-apps', password: 'auditor password 1' });
    await auditor.getByRole('heading', { name: 'HR Portal (prod)' }).waitFor();
    assert.equal(await auditor.getByRole('button', { name: 'Edit', exact: true }).count(), 0);
    await auditor.getByText('Advanced', { exact: true }).click();
    const advanced = auditor.locator('[data-section="advanced"]');
    await advanced.getByText('RS256', { exact: true }).waitFor();
    assert.equal(await advanced.locator('input, select, textarea, [role="switch"]').count(), 0, 'values, not controls');
    await screenshot(auditor, '51-console-application-advanced-read-only');
    await auditorContext.close();
  });

  test('a new client secret: confirmed first, then shown once; the old one stops working', async () => {
    await page.getByRole('button', { name: 'Issue new client secret' }).click();
    const confirm = dialog('Issue a new client secret for HR Portal (prod)?');
    await confirm.getByText('The current secret stops working at once').waitFor();
    await confirm.getByRole('button', { name: 'Issue new secret' }).click();
    const once = dialog('New client secret for HR Portal (prod)');
    await once.getByText('This secret is shown only once.').waitFor();
    const secret = await once.getByLabel('Client secret', { exact: true }).inputValue();
    assert.notEqual(secret, firstSecret);
    assert.equal(await storedSecret(appId), secret);
    await once.getByRole('button', { name: 'I have stored the secret' }).click();
    await once.waitFor({ state: 'detached' });
    assert.ok(!(await pageText()).includes(secret));
  });

  test('the User Center offers only what Portico lets change, and cannot be deleted', async () => {
    await page.goto(`${node.url}/console/applications/app_user_center`);
    await page.getByRole('heading', { name: 'User Center' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Delete' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Issue new client secret' }).count(), 0, 'a public client has no secret');
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const form = dialog('Edit User Center');
    await form.getByText("The User Center's client type and addresses are managed by Portico").waitFor();
    assert.equal(await form.getByLabel('Redirect URI 1').count(), 0);
    await form.getByRole('button', { name: 'Cancel' }).click();
  });

  test('a public client gets no secret, and the page says so', async () => {
    await page.goto(`${node.url}/console/applications`);
    await page.getByRole('button', { name: 'Create application' }).click();
    const form = dialog('Create application');
    await form.getByLabel('Name', { exact: true }).fill('Mobile App');
    await form.getByLabel('Client type', { exact: true }).selectOption('public');
    await form.getByLabel('Redirect URI 1', { exact: true }).fill('http://127.0.0.1:8765/callback');
    await form.getByRole('button', { name: 'Create application' }).click();
    const once = dialog('Application Mobile App created');
    await once.getByText('None: a public client signs in with PKCE.').waitFor();
    assert.equal(await once.getByLabel('Client secret', { exact: true }).count(), 0);
    assert.equal(await once.getByText('This secret is shown only once.').count(), 0);
    await once.getByRole('button', { name: 'Open the application' }).click();
    await page.getByRole('heading', { name: 'Mobile App' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Issue new client secret' }).count(), 0);
  });

  test('deleting an application, after confirming', async () => {
    await page.goto(`${node.url}/console/applications/${appId}`);
    await page.getByRole('button', { name: 'Delete' }).click();
    await dialog('Delete HR Portal (prod)?').getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(`${node.url}/console/applications`);
    await page.getByRole('link', { name: /User Center/ }).waitFor();
    assert.equal(await page.getByRole('link', { name: /HR Portal/ }).count(), 0);
    assert.equal((await node.api('GET', `${V1}/applications/${appId}`, { token })).status, 404);
  });
});
