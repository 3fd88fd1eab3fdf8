/**
 * Where Chromium itself lands after signing in with a hostile `return_to`: the browser's own URL
 * parser reads the Location header (tabs and newlines dropped, backslashes as slashes), so this is
 * the check that counts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { TestNode } from '../helpers/harness.ts';
import { browserSuite, desktopPage } from '../helpers/chromium.ts';
import { creator, startConsoleNode } from '../helpers/enterprise-center.ts';
import { PASSWORD_SOURCE_ID, USER_CENTER_APP_ID } from '../../src/store/well-known.ts';

const PASSWORD = 'a long enough password';

describe('return_to in a real browser', browserSuite, () => {
  let node: TestNode;
  let browser: Browser;

  before(async () => {
    let token: string;
    ({ node, browser, token } = await startConsoleNode());
    await creator(node, token)('/users', { username: 'wanderer', displayName: 'Wanderer', password: PASSWORD });
    const put = await node.api('PUT', `/api/admin/v1/applications/${USER_CENTER_APP_ID}/login-configuration`, { token, body: { sources: [PASSWORD_SOURCE_ID] } });
    assert.equal(put.status, 200);
  });
  after(async () => {
    await browser?.close();
    await node?.close();
  });

  for (const value of ['/\t/evil.example', '/\n/evil.example', '/\\evil.example', '/\\/evil.example', '/.//evil.example', '//evil.example', '/%2F%2Fevil.example', '/登录']) {
    test(`after the right password the browser stays on Portico: return_to=${JSON.stringify(value)}`, async () => {
      const page = await desktopPage(browser);
      try {
        await page.goto(`${node.url}/login?${new URLSearchParams({ app: 'user-center', return_to: value })}`);
        await page.getByLabel('Username').fill('wanderer');
        await page.getByLabel('Password').fill(PASSWORD);
        await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
        assert.equal(new URL(page.url()).origin, new URL(node.url).origin, `landed on ${page.url()}`);
      } finally {
        await page.context().close();
      }
    });
  }
});
