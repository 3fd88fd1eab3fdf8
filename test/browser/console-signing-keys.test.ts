/**
 * The console's Signing keys page: a super admin publishes the next keys, is told when activating
 * them becomes safe and why (relying parties' JWKS caches), activates them (early: only as "Activate
 * anyway"), and rotates at once behind a stronger warning; the SAML signing certificate below, in the
 * same steps, with its fingerprint and a download of the active certificate; an auditor sees the lists and
 * no buttons; an application admin has no such page.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_PASSWORD, type TestNode } from '../helpers/harness.ts';
import { browserSuite, screenshot, desktopPage } from '../helpers/chromium.ts';
import { creator, signInToConsole, startConsoleNode } from '../helpers/enterprise-center.ts';
import { NEXT_KEY_MIN_PUBLISHED_S } from '../../src/oidc/policy.ts';
import { certificateBody } from '../../src/saml/keys.ts';
import { metadataCertificates } from '../helpers/saml-sp.ts';

const V1 = '/api/admin/v1';

describe('the console manages the signing keys', browserSuite, () => {
  let node: TestNode;
  let browser: Browser;
  let token: string;
  let page: Page;

  before(async () => {
    ({ node, browser, token } = await startConsoleNode());
    page = await desktopPage(browser, { height: 900 });
    await page.goto(`${node.url}/console`);
    await signInToConsole(page);
  });
  after(async () => {
    await browser?.close();
    await node?.close();
  });

  const states = async () => ((await node.api('GET', `${V1}/signing-keys`, { token })).body.items as { state: string }[]).map((k) => k.state).sort();
  const rows = (state: string) => page.locator(`tr[data-state="${state}"]`);

  test('publish the next keys, be told when activation is safe, and activate them', async () => {
    await page.getByRole('button', { name: 'Resources' }).click();
    await page.getByRole('menuitem', { name: 'Signing Keys' }).click();
    await page.getByRole('heading', { name: 'Signing keys' }).waitFor();
    assert.equal(await rows('active').count(), 2);
    assert.equal(await page.getByRole('button', { name: 'Activate next keys' }).isDisabled(), true, 'nothing to activate yet');

    await page.getByRole('button', { name: 'Publish next keys' }).click();
    await rows('next').first().waitFor();
    assert.equal(await rows('next').count(), 2);
    await page.getByText('The next keys are published but do not sign yet').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Publish next keys' }).isDisabled(), true, 'one set of next keys at a time');
    await screenshot(page, '55-console-signing-keys');

    // Too early: the dialog explains the JWKS caches and offers only to force it.
    await page.getByRole('button', { name: 'Activate next keys' }).click();
    const dialog = page.getByRole('dialog', { name: 'Activate the next keys?' });
    await dialog.getByText(`activation waits ${Math.ceil(NEXT_KEY_MIN_PUBLISHED_S / 60)} minutes after publication`).waitFor();
    await dialog.getByText('That time has not come yet').waitFor();
    await screenshot(page, '56-console-signing-keys-activate');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.deepEqual(await states(), ['active', 'active', 'next', 'next'], 'cancelled: nothing changed');

    // Once the next keys have been published long enough (as if the wait had passed), activation is plain.
    await node.portico.store.db
      .updateTable('oidc_signing_keys')
      .set({ created_at: new Date(Date.now() - NEXT_KEY_MIN_PUBLISHED_S * 1000 - 1000).toISOString() })
      .where('is_next', '=', 1)
      .execute();
    await page.reload();
    await page.getByText('The next keys have been published long enough').waitFor();
    await page.getByRole('button', { name: 'Activate next keys' }).click();
    await dialog.getByText('That time has passed').waitFor();
    await dialog.getByRole('button', { name: 'Activate', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await rows('retiring').first().waitFor();
    assert.deepEqual(await states(), ['active', 'active', 'retiring', 'retiring']);
    const audit = await node.api('GET', `${V1}/audit-events?action=signing_keys.activate`, { token });
    assert.equal(audit.body.items[0].after.force, false);
  });

  test('rotate now asks first, with the consequences for relying parties', async () => {
    await page.getByRole('button', { name: 'Rotate now (emergency)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate the signing keys now?' });
    await dialog.getByText('For emergencies only, such as a compromised key').waitFor();
    await screenshot(page, '57-console-signing-keys-rotate-now');
    await dialog.getByRole('button', { name: 'Rotate now' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => document.querySelectorAll('tr[data-state="retiring"]').length === 4);
    assert.deepEqual(await states(), ['active', 'active', 'retiring', 'retiring', 'retiring', 'retiring']);
  });

  test('the SAML signing certificate: publish the next one, activate it (early: forced), download the active one', async () => {
    const saml = page.locator('section[data-section="saml-signing-keys"]');
    const samlRows = (state: string) => saml.locator(`tr[data-saml-state="${state}"]`);
    const samlStates = async () => ((await node.api('GET', `${V1}/saml/signing-keys`, { token })).body.items as { state: string }[]).map((k) => k.state).sort();
    await saml.getByRole('heading', { name: 'SAML signing certificate' }).waitFor();
    await samlRows('active').waitFor();
    assert.equal(await saml.getByRole('button', { name: 'Activate next certificate' }).isDisabled(), true, 'nothing to activate yet');

    await saml.getByRole('button', { name: 'Publish next certificate' }).click();
    await samlRows('next').waitFor();
    await saml.getByText('The next certificate is in the metadata but does not sign yet').waitFor();
    const listed = (await node.api('GET', `${V1}/saml/signing-keys`, { token })).body.items as { id: string; fingerprint: string }[];
    for (const k of listed) await saml.locator(`tr[data-saml-key="${k.id}"]`).getByText(k.fingerprint).waitFor();
    await saml.scrollIntoViewIfNeeded();
    await screenshot(page, '58-console-saml-signing-certificate');

    // Publishing again replaces the next certificate: asked first.
    await saml.getByRole('button', { name: 'Publish next certificate' }).click();
    const replace = page.getByRole('dialog', { name: 'Replace the next certificate?' });
    await replace.getByText('leaves the metadata at once').waitFor();
    await replace.getByRole('button', { name: 'Cancel' }).click();
    assert.deepEqual(await samlStates(), ['active', 'next'], 'cancelled: nothing changed');

    // Too early: the dialog explains SPs' metadata refreshes and offers only to force it.
    await saml.getByRole('button', { name: 'Activate next certificate' }).click();
    const dialog = page.getByRole('dialog', { name: 'Activate the next certificate?' });
    await dialog.getByText('activation waits 24 hours after publication').waitFor();
    await dialog.getByText('That time has not come yet').waitFor();
    await dialog.getByRole('button', { name: 'Activate anyway' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await samlRows('retiring').waitFor();
    assert.deepEqual(await samlStates(), ['active', 'retiring']);
    const audit = await node.api('GET', `${V1}/audit-events?action=saml_signing_keys.activate`, { token });
    assert.equal(audit.body.items[0].after.force, true);

    // The active certificate downloads as a PEM file: the one the metadata lists first.
    const [download] = await Promise.all([page.waitForEvent('download'), saml.getByRole('link', { name: 'Download certificate (PEM)' }).click()]);
    assert.match(download.suggestedFilename(), /^portico-saml-sk_[\w-]+\.pem$/);
    const pem = await readFile(await download.path(), 'utf8');
    const published = metadataCertificates(await (await fetch(`${node.url}/saml/metadata`)).text());
    assert.equal(published.length, 2, 'the active and the retired certificates');
    assert.equal(certificateBody(pem), published[0]);
  });

  test('an auditor sees the keys and cannot change them', async () => {
    const auditor = { username: 'auditor-keys', password: ADMIN_PASSWORD };
    await creator(node, token)('/admins', { ...auditor, role: 'auditor' });
    const other = await desktopPage(browser);
    await other.goto(`${node.url}/console/signing-keys`);
    await signInToConsole(other, auditor);
    await other.getByRole('heading', { name: 'Signing keys' }).waitFor();
    await other.getByText('View only').waitFor();
    assert.equal(await other.locator('tr[data-state="active"]').count(), 2);
    assert.equal(await other.getByRole('button', { name: /Publish next keys|Activate next keys|Rotate now/ }).count(), 0);
    await other.locator('tr[data-saml-state="active"]').waitFor();
    assert.equal(await other.getByRole('button', { name: /Publish next certificate|Activate next certificate/ }).count(), 0);
    await other.getByRole('link', { name: 'Download certificate (PEM)' }).waitFor();
    await other.getByRole('button', { name: 'Resources' }).click();
    await other.getByRole('menuitem', { name: 'Signing Keys' }).waitFor();
    await other.context().close();
  });

  test('an application admin has no signing keys page', async () => {
    const appAdmin = { username: 'app-admin-keys', password: ADMIN_PASSWORD };
    await creator(node, token)('/admins', { ...appAdmin, role: 'app_admin' });
    const other = await desktopPage(browser);
    await other.goto(`${node.url}/console/signing-keys`);
    await signInToConsole(other, appAdmin);
    await other.getByText('cannot open this page').waitFor();
    await other.getByRole('button', { name: 'Resources' }).click();
    await other.getByRole('menuitem', { name: 'Applications' }).waitFor();
    assert.equal(await other.getByRole('menuitem', { name: 'Signing Keys' }).count(), 0);
    await other.context().close();
  });
});
