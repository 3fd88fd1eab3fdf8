/**
 * Users > Identity Sources in a browser, against the DingTalk simulator's demo organisation (5 departments
 * under the root, 5 people): an admin adds it as an identity source, tests the connection, dry-runs (a
 * progress bar, then the diff with its counts and sample rows), applies, and finds the people in Users and
 * the departments in Organization; the run history lists both runs, and the event log a change made in
 * DingTalk that arrived over Stream mode. Then the same diff for a CSV file
 * (Users > Import CSV), whose bad row is named by row and column, and Export CSV.
 */
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { TestNode } from '../helpers/harness.ts';
import { browserSuite, screenshot, desktopPage } from '../helpers/chromium.ts';
import { signInToConsole, startConsoleNode } from '../helpers/enterprise-center.ts';
import { SIM_APP, startSimulator, type Simulator } from '../helpers/dingtalk.ts';

const V1 = '/api/admin/v1';
const PEOPLE = ['张三', '李四', '王五', '赵六', '孙七'];
const DEPARTMENTS = ['研发部', '后端组', '前端组', '产品部', '销售部'];

describe('Users > Identity Sources: the demo organisation added, tested, dry-run and applied', browserSuite, () => {
  let node: TestNode;
  let browser: Browser;
  let page: Page;
  let token: string;
  let sim: Simulator;
  let sourceId: string;

  before(async () => {
    sim = await startSimulator();
    ({ node, browser, token } = await startConsoleNode());
    page = await desktopPage(browser);
    await page.goto(`${node.url}/console/users/identity-sources`);
    await signInToConsole(page);
  });
  after(async () => {
    await browser?.close();
    await node?.close();
    await sim?.close();
  });

  const field = (label: string) => page.getByLabel(label, { exact: true });
  const chip = (kind: string) => page.locator(`.chips [data-kind="${kind}"] strong`);

  test('the DingTalk identity source form creates a source with the defaults: the whole organisation, matched by mobile, Stream mode', async () => {
    await page.getByText('No identity sources yet.').waitFor();
    await page.getByRole('link', { name: 'Add DingTalk identity source' }).click();
    await page.getByRole('heading', { name: 'Add DingTalk identity source' }).waitFor();
    await field('Name').fill('Demo Tech');
    await field('CorpId').fill(SIM_APP.corpId);
    await field('AppKey').fill(SIM_APP.appKey);
    await field('AppSecret').fill(SIM_APP.appSecret);
    assert.equal(await field('Root department id').inputValue(), '1');
    assert.equal(await field('Display name').inputValue(), 'name');
    assert.equal(await field('Employee number').inputValue(), 'job_number');
    assert.equal(await field('Username').inputValue(), '', 'not synced');
    assert.equal(await field('Match key').inputValue(), 'mobile');
    assert.ok(await page.getByRole('radio', { name: /Stream mode/ }).isChecked());
    await page.getByRole('radio', { name: /HTTP push/ }).check();
    await field('AES key').waitFor();
    await page.getByRole('radio', { name: /Stream mode/ }).check();
    await page.getByText('Advanced', { exact: true }).click();
    await field('API base URL').fill(sim.url);
    await field('OAPI base URL').fill(sim.url);
    await field('OAPI base URL').blur();
    await screenshot(page, '80-console-identity-source-form', { fullPage: true });

    await page.getByRole('button', { name: 'Create identity source' }).click();
    await page.waitForURL(/\/console\/users\/identity-sources\/[^/]+\/settings\?created=1$/);
    sourceId = /identity-sources\/([^/]+)\/settings/.exec(page.url())![1];
    const stored = (await node.api('GET', `${V1}/identity-sources/${sourceId}`, { token })).body;
    assert.equal(stored.name, 'Demo Tech');
    assert.equal(stored.config.corpId, SIM_APP.corpId);
    assert.equal(stored.config.rootDeptId, 1);
    assert.equal(stored.config.matchKey, 'mobile');
    assert.equal(stored.config.transport, 'stream');
    assert.deepEqual(stored.config.fieldMapping, { displayName: 'name', mobile: 'mobile', email: 'email', employeeNumber: 'job_number' });
    assert.equal(stored.secretsSet.appSecret, true);
    await page.locator('.field').filter({ has: field('AppSecret') }).getByText('Set', { exact: true }).waitFor();
  });

  test('Test connection shows each check passing', async () => {
    await page.getByRole('button', { name: 'Test connection' }).click();
    const result = page.locator('.test-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-ok'), 'true', (await result.textContent()) ?? '');
    const checks = result.locator('li[data-code]');
    assert.ok((await checks.count()) >= 3, 'the credentials, the contact permissions and the scope at least');
    for (const check of await checks.all()) assert.equal(await check.getAttribute('data-ok'), 'true', (await check.textContent()) ?? '');
  });

  test('a dry run shows its progress, then what it would change: 5 people and 5 departments, with sample rows', async () => {
    // DingTalk slowed down, so that the run is seen going.
    await sim.api('POST', '/sim/api/faults', { pathPrefix: '/topapi/v2/user/list', delayMs: 1500, times: 6 });
    await page.getByRole('button', { name: 'Dry run', exact: true }).click();
    await page.waitForURL(/\/console\/users\/sync-runs\/[^/]+$/);
    await page.getByRole('progressbar').waitFor();
    await page.getByRole('heading', { name: 'Reading people' }).waitFor();
    await page.waitForFunction(() => Number(document.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow')) >= 2);
    await screenshot(page, '81-console-sync-run-progress');

    await page.getByRole('heading', { name: 'What it would change' }).waitFor({ timeout: 60_000 });
    assert.equal(await chip('create').textContent(), '5');
    assert.equal(await chip('create_unit').textContent(), '5');
    assert.equal(await chip('disable').textContent(), '0');
    const sample = page.locator('table.changes[data-kind="create"] tbody tr');
    await sample.first().waitFor();
    const text = (await sample.allTextContents()).join('\n');
    for (const name of PEOPLE) assert.match(text, new RegExp(name));
    assert.match(text, /13800000001/, 'the new values are shown');
    await screenshot(page, '82-console-sync-dry-run', { fullPage: true });

    await page.getByRole('tab', { name: /New departments/ }).click();
    const units = page.locator('table.changes[data-kind="create_unit"] tbody tr');
    await units.first().waitFor();
    const unitText = (await units.allTextContents()).join('\n');
    for (const name of DEPARTMENTS) assert.match(unitText, new RegExp(name));
  });

  test('Apply makes the changes: Users lists the people and Organization shows the departments', async () => {
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.getByText('Applied. Each change is in the audit log.').waitFor({ timeout: 60_000 });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('tab', { name: 'People' }).waitFor();
    const rows = page.locator('table tbody tr');
    await rows.first().waitFor();
    const users = (await rows.allTextContents()).join('\n');
    for (const name of PEOPLE) assert.match(users, new RegExp(name));

    // 王五 is in two departments: 前端组 is his main one, 产品部 the other; and the source syncs him.
    await rows.filter({ hasText: '王五' }).getByRole('link').first().click();
    const departments = page.getByRole('list', { name: 'Departments of this user' });
    await departments.getByText('研发部 / 前端组').waitFor();
    await departments.getByText('产品部').waitFor();
    await page.getByRole('list', { name: 'Identity sources' }).getByText('wangwu').waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organization', exact: true }).click();
    for (const name of DEPARTMENTS) await page.locator('.org-tree').getByText(name, { exact: true }).first().waitFor();
  });

  test('Sync now finds nothing more to change, and the run history lists both runs with their counts', async () => {
    await page.goto(`${node.url}/console/users/identity-sources`);
    const row = page.locator(`tr[data-source-id="${sourceId}"]`);
    await row.getByText('Succeeded').waitFor();
    await row.getByRole('button', { name: 'Sync now Demo Tech' }).click();
    await page.waitForURL(/\/console\/users\/sync-runs\/[^/]+$/);
    await page.getByText('Applied. Each change is in the audit log.').waitFor({ timeout: 60_000 });
    assert.equal(await chip('unchanged').textContent(), '5');
    assert.equal(await chip('create').textContent(), '0');

    await page.getByRole('link', { name: 'Demo Tech' }).click();
    await page.getByRole('heading', { name: 'Run history' }).waitFor();
    const runs = page.locator('table.runs tbody tr');
    await runs.nth(1).waitFor();
    assert.equal(await runs.count(), 2);
    assert.match((await runs.nth(0).textContent()) ?? '', /By hand.*Apply.*Succeeded.*No changes/s, 'newest first');
    assert.match((await runs.nth(1).textContent()) ?? '', /Succeeded.*Create 5 · New departments 5/s);
  });

  test('a person changed in DingTalk arrives over Stream mode, and the event log says so', async () => {
    await sim.api('PUT', `/test/apps/${SIM_APP.appKey}/events`, { transport: 'stream' });
    await sim.api('PATCH', `/test/orgs/${SIM_APP.corpId}/users/zhangsan`, { name: '张三丰' });
    const arrived = async () => ((await node.api('GET', `${V1}/users?q=zhangsan`, { token })).body.items as { displayName: string }[]).some((u) => u.displayName === '张三丰');
    for (let i = 0; i < 50 && !(await arrived()); i++) await new Promise((r) => setTimeout(r, 200));
    assert.ok(await arrived(), 'the new name reached Portico');

    await page.reload();
    const event = page.locator('section[aria-labelledby="event-log-title"] tbody tr').first();
    await event.waitFor();
    assert.match((await event.textContent()) ?? '', /Stream mode.*user_modify_org.*zhangsan.*Applied/s);
    await screenshot(page, '83-console-identity-source-runs', { fullPage: true });
  });

  test('a run that would disable more than the threshold waits, and the confirm dialog applies it', async () => {
    // Without events, a leaver is only seen by the next full run: 1 of the 5 synced people is over 10 %.
    await sim.api('DELETE', `/test/apps/${SIM_APP.appKey}/events`);
    await sim.api('DELETE', `/test/orgs/${SIM_APP.corpId}/users/sunqi`);
    await page.getByRole('button', { name: 'Sync now', exact: true }).click();
    await page.waitForURL(/\/console\/users\/sync-runs\/[^/]+$/);
    await page.getByText('This run would disable 1 of the synced people, more than the 10% threshold.').waitFor({ timeout: 60_000 });
    assert.equal(await chip('disable').textContent(), '1');
    await page.locator('table.changes[data-kind="disable"]').getByText('孙七').waitFor();
    const sunqi = async () => ((await node.api('GET', `${V1}/users?q=sunqi`, { token })).body.items as { status: string }[])[0];
    assert.equal((await sunqi()).status, 'active', 'nobody is disabled before the confirmation');

    await page.getByRole('button', { name: 'Disable them and apply' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Disable them and apply' }).click();
    await page.getByText('Applied. Each change is in the audit log.').waitFor({ timeout: 60_000 });
    assert.equal((await sunqi()).status, 'disabled');
  });

  test('Import CSV: a dry run of the file, its bad row named by row and column, then applied', async () => {
    const csv = ['username,displayName,mobile,email,department', 'wu.ming,吴明,13700000001,wuming@example.com,市场部/品牌组', 'zheng.li,郑丽,13700000002,,市场部', 'bad.row,坏行,not-a-phone,,'].join('\n');
    await page.goto(`${node.url}/console/users`);
    await page.getByRole('button', { name: 'Import CSV' }).click();
    await page.getByLabel('CSV file').setInputFiles({ name: 'staff.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await field('Match key').selectOption({ label: 'Username' });
    await screenshot(page, '84-console-users-import-csv');
    await page.getByRole('dialog').getByRole('button', { name: 'Dry run' }).click();
    await page.waitForURL(/\/console\/users\/sync-runs\/[^/]+$/);
    await page.getByRole('heading', { name: 'What it would change' }).waitFor({ timeout: 60_000 });
    assert.match((await page.getByRole('heading', { level: 1 }).textContent()) ?? '', /CSV import/);
    assert.equal(await chip('create').textContent(), '2');
    assert.equal(await chip('conflict').textContent(), '1');
    await page.getByRole('tab', { name: /Conflicts/ }).click();
    const problem = page.locator('table.changes[data-kind="conflict"] tbody tr');
    await problem.first().waitFor();
    assert.match((await problem.first().textContent()) ?? '', /row \d+.*mobile/is);

    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.getByText('Applied. Each change is in the audit log.').waitFor({ timeout: 60_000 });
    await page.getByRole('link', { name: 'Go to the users' }).click();
    await page.getByRole('searchbox').fill('wu.ming');
    await page.locator('table tbody tr').filter({ hasText: '吴明' }).waitFor();
  });

  test('Export CSV downloads every user, with the columns Import CSV reads', async () => {
    await page.goto(`${node.url}/console/users`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    const text = await readFile(await download.path(), 'utf8');
    assert.match(text, /^\uFEFF?username,displayName,mobile,email,employeeNumber,externalId,status,department/);
    for (const name of [...PEOPLE, '吴明']) assert.match(text, new RegExp(name));
  });
});
