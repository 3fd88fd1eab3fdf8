/**
 * The workbench homepage address in the console: an application's Login Configuration shows it under
 * an enabled DingTalk source, for DingTalk's two homepage fields, each with a copy button, with where to
 * paste it and that a CorpId is needed; it appears once the source is switched on and saved; the
 * DingTalk source's page lists it for each application that enables the source.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { TestNode } from '../helpers/harness.ts';
import { browserSuite, desktopPage, screenshot } from '../helpers/chromium.ts';
import { creator, signInToConsole, startConsoleNode } from '../helpers/enterprise-center.ts';
import { PASSWORD_SOURCE_ID } from '../../src/store/well-known.ts';

const MOBILE = 'Copy the address for 应用首页地址 (mobile homepage)';
const PC = 'Copy the address for PC端首页地址 (PC homepage)';

describe('the console shows the DingTalk workbench homepage address, with copy buttons', browserSuite, () => {
  let node: TestNode;
  let browser: Browser;
  let page: Page;
  let ids: { source: string; app: string; other: string };

  before(async () => {
    let token: string;
    ({ node, browser, token } = await startConsoleNode());
    const create = creator(node, token);
    const source = await create('/sources', { type: 'dingtalk', name: 'DingTalk Demo Tech', config: { appKey: 'dingdemo', appSecret: 'secret', corpId: 'dingcorp0001' } });
    const app = await create('/applications', { name: 'Expenses', redirectUris: ['https://expenses.example.com/callback'], initiateLoginUri: 'https://expenses.example.com/login' });
    const other = await create('/applications', { name: 'Wiki', redirectUris: ['https://wiki.example.com/callback'] });
    const put = await node.api('PUT', `/api/admin/v1/applications/${app.application.id}/login-configuration`, { token, body: { sources: [source.id, PASSWORD_SOURCE_ID] } });
    assert.equal(put.status, 200);
    ids = { source: source.id, app: app.application.id, other: other.application.id };
    page = await desktopPage(browser, { height: 900 });
    await page.goto(`${node.url}/console/applications/${ids.app}/login-configuration`);
    await signInToConsole(page);
  });
  after(async () => {
    await browser?.close();
    await node?.close();
  });

  const entry = (sourceId: string) => page.locator(`li[data-source-id="${sourceId}"] .entry-address`);

  test('an enabled DingTalk source shows the address for both homepage fields, where to paste it and that a CorpId is needed', async () => {
    const url = `${node.url}/login/dingtalk/${ids.source}?app=${ids.app}`;
    await entry(ids.source).waitFor();
    assert.deepEqual(await entry(ids.source).locator('code').allTextContents(), [url, url]);
    assert.match((await entry(ids.source).textContent()) ?? '', /开发管理.*应用首页地址.*PC端首页地址.*CorpId/s);
    await page.getByRole('button', { name: PC }).waitFor();
    await page.getByRole('button', { name: MOBILE }).click();
    await entry(ids.source).getByRole('status').filter({ hasText: /Copied|Could not copy/ }).first().waitFor();
    assert.equal(await entry(PASSWORD_SOURCE_ID).count(), 0, 'a password has no workbench');
    await screenshot(page, '70-console-dingtalk-homepage-address', { fullPage: true });
  });

  test('switched on in another application, the address appears once saved', async () => {
    await page.goto(`${node.url}/console/applications/${ids.other}/login-configuration`);
    const dingtalk = page.getByRole('switch', { name: 'Enable DingTalk Demo Tech' });
    await dingtalk.click();
    assert.equal(await entry(ids.source).count(), 0, 'not saved yet: no address');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Login Configuration saved.', { exact: false }).waitFor();
    assert.deepEqual(await entry(ids.source).locator('code').first().textContent(), `${node.url}/login/dingtalk/${ids.source}?app=${ids.other}`);
  });

  test("the DingTalk source's page lists the address for each application that enables it", async () => {
    await page.goto(`${node.url}/console/sources/${ids.source}`);
    const section = page.getByRole('region', { name: 'Workbench homepage address' });
    await section.waitFor();
    for (const [name, id] of [['Expenses', ids.app], ['Wiki', ids.other]]) {
      const app = section.locator(`[data-application-id="${id}"]`);
      await app.getByRole('link', { name }).waitFor();
      assert.equal(await app.locator('code').first().textContent(), `${node.url}/login/dingtalk/${ids.source}?app=${id}`);
    }
  });

  test('an application’s Advanced settings take its initiate login URI', async () => {
    await page.goto(`${node.url}/console/applications/${ids.app}`);
    await page.locator('[data-section="advanced"] summary').click();
    await page.getByText('https://expenses.example.com/login', { exact: true }).waitFor();
  });
});
