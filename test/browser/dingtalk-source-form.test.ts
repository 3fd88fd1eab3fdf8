/**
 * The DingTalk authentication source page refuses bad input, and says why beside each field:
 * what the page can tell by itself, and what the server answers (problem+json `field`).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { TestNode } from '../helpers/harness.ts';
import { browserSuite, screenshot, desktopPage } from '../helpers/chromium.ts';
import { creator, signInToConsole, startConsoleNode } from '../helpers/enterprise-center.ts';
import { freePort } from '../helpers/free-port.ts';

const V1 = '/api/admin/v1';
const TAKEN_NAME = 'DingTalk HQ';

describe('the DingTalk source form rejects bad input with messages beside the fields', browserSuite, () => {
  let node: TestNode;
  let browser: Browser;
  let page: Page;
  let token: string;

  before(async () => {
    ({ node, browser, token } = await startConsoleNode());
    // creator asserts the 201.
    await creator(node, token)('/sources', { type: 'dingtalk', name: TAKEN_NAME, config: { appKey: 'dinghq', appSecret: 'secret' } });
    page = await desktopPage(browser);
    await page.goto(`${node.url}/console/sources/new/dingtalk`);
    await signInToConsole(page);
    await page.getByRole('heading', { name: 'Add DingTalk authentication source' }).waitFor();
  });
  after(async () => {
    await browser?.close();
    await node?.close();
  });

  /** The message shown inside the same field as the control labelled `label`. */
  const besides = (label: string) => page.locator('.field').filter({ has: page.getByLabel(label, { exact: true }) }).getByRole('alert');
  const field = (label: string) => page.getByLabel(label, { exact: true });
  const create = () => page.getByRole('button', { name: 'Create source' }).click();
  const sourceCount = async () => (await node.api('GET', `${V1}/sources?type=dingtalk`, { token })).body.items.length;

  test('required fields left empty get "Required." beside each, and nothing is sent', async () => {
    await field('Name').fill('');
    await create();
    for (const label of ['Name', 'AppKey', 'AppSecret']) assert.equal(await besides(label).textContent(), 'Required.', label);
    assert.equal(await besides('CorpId').count(), 0, 'CorpId is optional');
    await page.getByText('Some fields need your attention').waitFor();
    assert.equal(await field('AppKey').getAttribute('aria-invalid'), 'true');
    assert.match(page.url(), /\/sources\/new\/dingtalk$/);
    assert.equal(await sourceCount(), 1);
  });

  test("a field's message goes away as soon as the field is edited", async () => {
    await field('AppKey').fill('dingapp');
    assert.equal(await besides('AppKey').count(), 0);
    assert.equal(await besides('AppSecret').count(), 1, 'the others stay until fixed');
  });

  test('an AppKey with spaces, bad API base URLs and an out-of-range timeout are caught, and Advanced opens to show them', async () => {
    await field('Name').fill('DingTalk Branch');
    await field('AppKey').fill('ding app');
    await field('AppSecret').fill('branch-secret');
    await page.getByText('Advanced', { exact: true }).click();
    await field('API base URL').fill('api.dingtalk.com');
    await field('Timeout (ms)').fill('100');
    await page.getByText('Advanced', { exact: true }).click(); // folded away again
    await create();
    assert.equal(await besides('AppKey').textContent(), 'Must not contain spaces.');
    assert.equal(await besides('API base URL').textContent(), 'Enter a full URL starting with http:// or https://.');
    assert.equal(await besides('Timeout (ms)').textContent(), 'Enter a number of milliseconds from 500 to 30000.');
    assert.equal(await besides('Login base URL').count(), 0, 'the default DingTalk URLs are fine');
    assert.ok(await besides('API base URL').isVisible(), 'Advanced opened by itself');
    await screenshot(page, '03-dingtalk-source-validation', { fullPage: true });
    assert.equal(await sourceCount(), 1);
  });

  test("the server's verdicts land beside their fields too: attributes that cannot match, a taken name", async () => {
    await field('AppKey').fill('dingbranch');
    await field('API base URL').fill('https://api.dingtalk.com');
    await field('Timeout (ms)').fill('5000');
    await field('Source Association Attribute').selectOption({ label: 'Mobile' });
    await field('User Association Attribute').selectOption({ label: 'Username' });
    await create();
    await besides('User Association Attribute').waitFor();
    assert.match(await besides('User Association Attribute').textContent() ?? '', /mobile cannot be matched with a user's username/);

    await field('User Association Attribute').selectOption({ label: 'Mobile' });
    await field('Name').fill(TAKEN_NAME);
    await create();
    await besides('Name').waitFor();
    assert.equal(await besides('Name').textContent(), 'Another authentication source has this name.');
    assert.equal(await sourceCount(), 1, 'nothing was created');
  });

  test('"Create a new account" needs the org unit the accounts go into', async () => {
    await field('Name').fill('DingTalk Branch');
    await field('When User is Not Associated').selectOption({ label: 'Create a new account from the DingTalk profile' });
    await create();
    assert.equal(await besides('Org unit for new accounts').textContent(), 'Choose the org unit that new accounts are created in.');
    await field('Org unit for new accounts').selectOption({ label: 'Root' });
    await create();
    await page.waitForURL(/\/console\/sources\/src_/);
    const created = (await node.api('GET', `${V1}/sources?type=dingtalk`, { token })).body.items.find((s: { name: string }) => s.name === 'DingTalk Branch');
    assert.equal(created.config.notAssociated, 'create_user');
    assert.equal(created.config.notAssociatedOrgUnitId, 'ou_root');
  });

  test('a failed connection test says so, with the code to quote', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const source = await creator(node, token)('/sources', {
      type: 'dingtalk',
      name: 'DingTalk Unreachable',
      config: { appKey: 'dingnowhere', appSecret: 'secret', endpoints: { login: closed, api: closed, oapi: closed } },
    });
    await page.goto(`${node.url}/console/sources/${source.id}`);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText('Connection failed').waitFor();
    const codes = page.locator('.test-result dl');
    assert.equal(await codes.locator('dt').first().textContent(), 'Code');
    assert.equal(await codes.locator('dd').first().textContent(), 'dingtalk.unavailable');
  });

  test('in Chinese, the messages are in Chinese', async () => {
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '认证源' }).click();
    await page.getByRole('link', { name: '添加钉钉认证源' }).click();
    await field('名称').fill('');
    await page.getByRole('button', { name: '创建认证源' }).click();
    assert.equal(await besides('名称').textContent(), '必填。');
    assert.equal(await besides('AppSecret').textContent(), '必填。');
  });
});
