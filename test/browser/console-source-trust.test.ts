/**
 * Trust settings in the console: an application admin sees whom a DingTalk source trusts but cannot
 * change it, nor switch a source on for the User Center; a super admin can. The server refuses the
 * same (src/admin/roles.ts, src/identity/dingtalk/trust.ts), so each test also asks it directly as that admin.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page, Request } from 'playwright-core';
import { startNode, type ApiResponse, type TestNode } from '../helpers/harness.ts';
import { browserSuite, screenshot, desktopPage } from '../helpers/chromium.ts';
import { creator, signInToConsole, startConsoleNode } from '../helpers/enterprise-center.ts';
import { PASSWORD_SOURCE_ID, USER_CENTER_APP_ID } from '../../src/store/well-known.ts';
import { DINGTALK_TRUST_FIELDS } from '../../src/identity/dingtalk/trust.ts';

const V1 = '/api/admin/v1';
const APP_ADMIN = { username: 'app-admin-zhao', password: 'app admin password 1' };
const DINGTALK_HOSTS = { login: 'https://login.dingtalk.com', api: 'https://api.dingtalk.com', oapi: 'https://oapi.dingtalk.com' };
/** Labels of the trust settings' controls (Auto-bind, a switch, is looked at by itself) and of the fields an application admin may still change. */
const BINDING_LABELS = ['CorpId', 'Source Association Attribute', 'User Association Attribute', 'When User is Not Associated'];
/** Chosen by whoever creates the source, fixed after: the DingTalk app decides whose records are read. */
const APP_KEY = 'AppKey';
const ENDPOINT_LABELS = { login: 'Login base URL', api: 'API base URL', oapi: 'OAPI base URL' };
const OTHER_LABELS = ['Name', 'AppSecret', 'Deny message', 'QR display mode', 'Protocol', 'Timeout (ms)'];
const TRUST_NOTICE =
  'Only a super admin can change who this source trusts: the organisation and the DingTalk app (AppKey), auto-bind and what happens to people who are not associated, and the API addresses.';
const SUPER_ADMIN_ONLY = 'Only a super admin can enable it here';

describe('only a super admin changes whom a source trusts and what signs people in to the User Center', browserSuite, () => {
  let node: TestNode;
  let browser: Browser;
  let token: string;
  let appAdminToken: string;
  const ids: Record<string, string> = {};

  before(async () => {
    ({ node, browser, token } = await startConsoleNode());
    const post = creator(node, token);
    ids.source = (
      await post('/sources', {
        type: 'dingtalk',
        name: 'DingTalk Demo Tech',
        config: { appKey: 'dingdemo', appSecret: 'secret', corpId: 'dingcorp0001', sourceAttribute: 'jobNumber', userAttribute: 'employeeNumber', notAssociated: 'deny', denyMessage: 'Ask IT.' },
      })
    ).id;
    ids.app = (await post('/applications', { name: 'HR Portal', redirectUris: ['https://hr.example.com/callback'] })).application.id;
    await post('/admins', { ...APP_ADMIN, role: 'app_admin' });
    appAdminToken = (await node.api('POST', `${V1}/session`, { body: APP_ADMIN })).body.token;
  });
  after(async () => {
    await browser?.close();
    await node?.close();
  });

  /** A fresh window on `url`'s console, signed in as `as` (the first super admin by default). */
  async function consoleFor(as?: typeof APP_ADMIN, url = node.url): Promise<Page> {
    const page = await desktopPage(browser, { height: 900 });
    await page.goto(`${url}/console`);
    await signInToConsole(page, as);
    return page;
  }
  const open = async (page: Page, path: string, heading: string) => {
    await page.goto(`${node.url}/console${path}`);
    await page.getByRole('heading', { name: heading, exact: true }).first().waitFor();
  };
  const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
  /** The message shown inside the same field as the control labelled `label`. */
  const besides = (page: Page, label: string) => page.locator('.field').filter({ has: field(page, label) }).getByRole('alert');
  /** The JSON body of the next source the page creates (POST) or changes (PATCH). */
  const nextSourceBody = (page: Page, method: 'POST' | 'PATCH') =>
    page.waitForRequest((r: Request) => r.method() === method && new URL(r.url()).pathname.startsWith(`${V1}/sources`)).then((r) => r.postDataJSON());
  const trustFieldsIn = (config: Record<string, unknown>) => DINGTALK_TRUST_FIELDS.filter((k) => k in config);
  const stored = async (id: string) => (await node.api('GET', `${V1}/sources/${id}`, { token })).body;
  const problem = (res: ApiResponse) => ({ status: res.status, code: res.body.code, field: res.body.field });

  test('an application admin sees the trust settings disabled under one notice, and still renames the source', async () => {
    const page = await consoleFor(APP_ADMIN);
    await open(page, `/sources/${ids.source}`, 'DingTalk Demo Tech');
    assert.equal(await page.getByText(TRUST_NOTICE, { exact: true }).count(), 1, 'one notice');
    await page.getByText('Advanced', { exact: true }).click();
    for (const label of [...BINDING_LABELS, APP_KEY, ...Object.values(ENDPOINT_LABELS)]) assert.equal(await field(page, label).isDisabled(), true, label);
    assert.equal(await page.getByRole('switch', { name: 'Auto-bind' }).isDisabled(), true);
    assert.equal(await page.getByRole('button', { name: "Reset to DingTalk's addresses" }).count(), 0);
    for (const label of OTHER_LABELS) assert.equal(await field(page, label).isDisabled(), false, label);
    // Disabled, not hidden: the admin sees whom the source trusts.
    assert.equal(await field(page, 'CorpId').inputValue(), 'dingcorp0001');
    assert.equal(await field(page, 'Source Association Attribute').inputValue(), 'jobNumber');
    assert.equal(await field(page, 'When User is Not Associated').inputValue(), 'deny');
    assert.equal(await page.getByRole('switch', { name: 'Auto-bind' }).getAttribute('aria-checked'), 'true');
    await screenshot(page, '24-console-source-trust-app-admin', { fullPage: true });

    await field(page, 'Name').fill('DingTalk Demo Tech HQ');
    const sent = nextSourceBody(page, 'PATCH');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    assert.deepEqual(trustFieldsIn((await sent).config), [], 'the trust settings are not sent at all');
    await page.getByText('Saved.', { exact: true }).waitFor();
    const saved = await stored(ids.source);
    assert.equal(saved.name, 'DingTalk Demo Tech HQ');
    assert.equal(saved.config.corpId, 'dingcorp0001');
    assert.equal(saved.config.sourceAttribute, 'jobNumber');

    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByText('只有超级管理员可以更改此认证源信任谁：所属组织和钉钉应用（AppKey）、自动绑定和未关联用户的处理方式，以及 API 地址。', { exact: true }).waitFor();

    // The server refuses the same admin what the page does not offer, naming the field.
    const patch = (config: Record<string, unknown>) => node.api('PATCH', `${V1}/sources/${ids.source}`, { token: appAdminToken, body: { config } });
    assert.deepEqual(problem(await patch({ autoBind: false })), { status: 403, code: 'source.trust_settings_forbidden', field: '/config/autoBind' });
    assert.deepEqual(problem(await patch({ endpoints: { ...DINGTALK_HOSTS, login: DINGTALK_HOSTS.oapi } })), {
      status: 403,
      code: 'source.trust_settings_forbidden',
      field: '/config/endpoints/login',
    });
    const create = await node.api('POST', `${V1}/sources`, { token: appAdminToken, body: { type: 'dingtalk', name: 'Anyone', config: { appKey: 'x', appSecret: 'y', autoBind: false } } });
    assert.deepEqual(problem(create), { status: 403, code: 'source.trust_settings_forbidden', field: '/config/autoBind' });
    await page.context().close();
  });

  test('an application admin adds a DingTalk source with the trust settings at their defaults', async () => {
    const page = await consoleFor(APP_ADMIN);
    await open(page, '/sources/new/dingtalk', 'Add DingTalk authentication source');
    await page.getByText(TRUST_NOTICE, { exact: true }).waitFor();
    assert.equal(await field(page, 'CorpId').isDisabled(), true);
    assert.equal(await field(page, APP_KEY).isDisabled(), false, 'a new source: its creator chooses the DingTalk app');
    await field(page, 'Name').fill('DingTalk Branch');
    await field(page, 'AppKey').fill('dingbranch');
    await field(page, 'AppSecret').fill('branch-secret');
    const sent = nextSourceBody(page, 'POST');
    await page.getByRole('button', { name: 'Create source' }).click();
    assert.deepEqual(trustFieldsIn((await sent).config), ['appKey'], 'the rest left to the server, which has the defaults');
    await page.waitForURL(/\/console\/sources\/src_[^/?]+/);
    const created = await stored(/\/sources\/(src_[^/?]+)/.exec(page.url())![1]);
    assert.deepEqual(
      { autoBind: created.config.autoBind, sourceAttribute: created.config.sourceAttribute, userAttribute: created.config.userAttribute, notAssociated: created.config.notAssociated, endpoints: created.config.endpoints },
      { autoBind: true, sourceAttribute: 'mobile', userAttribute: 'mobile', notAssociated: 'bind_existing', endpoints: DINGTALK_HOSTS },
    );
    assert.equal(created.config.corpId ?? null, null);
    await page.context().close();
  });

  test('a super admin changes them, asked for a CorpId before Auto-bind may match by job number; the change is a security event', async () => {
    const page = await consoleFor();
    await open(page, `/sources/${ids.source}`, 'DingTalk Demo Tech HQ');
    assert.equal(await page.getByText(TRUST_NOTICE).count(), 0);
    for (const label of [...BINDING_LABELS, APP_KEY]) assert.equal(await field(page, label).isDisabled(), false, label);
    assert.equal(await page.getByRole('switch', { name: 'Auto-bind' }).isDisabled(), false);
    assert.match((await page.locator('#ds-corpId-hint').textContent()) ?? '', /Required when Auto-bind matches by job number or userId/);

    // The server's rule, said by the page before anything is sent.
    let patches = 0;
    page.on('request', (r) => {
      if (r.method() === 'PATCH') patches++;
    });
    const autoBind = page.getByRole('switch', { name: 'Auto-bind' });
    if ((await autoBind.getAttribute('aria-checked')) !== 'true') await autoBind.click();
    await field(page, 'Source Association Attribute').selectOption({ label: 'Job number' });
    await field(page, 'CorpId').fill('');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    assert.equal(await besides(page, 'CorpId').textContent(), 'Required when Auto-bind matches by job number or userId: they are unique only within one DingTalk organisation.');
    assert.equal(patches, 0);

    await field(page, 'CorpId').fill('dingcorp0002');
    await field(page, 'Source Association Attribute').selectOption({ label: 'Mobile' });
    await field(page, 'User Association Attribute').selectOption({ label: 'Mobile' });
    await field(page, 'When User is Not Associated').selectOption({ label: 'Bind an existing account (phone + code)' });
    await autoBind.click();
    const sent = nextSourceBody(page, 'PATCH');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    assert.deepEqual(trustFieldsIn((await sent).config), [...DINGTALK_TRUST_FIELDS]);
    await page.getByText('Saved.', { exact: true }).waitFor();
    const { config } = await stored(ids.source);
    assert.deepEqual(
      { corpId: config.corpId, autoBind: config.autoBind, sourceAttribute: config.sourceAttribute, userAttribute: config.userAttribute, notAssociated: config.notAssociated },
      { corpId: 'dingcorp0002', autoBind: false, sourceAttribute: 'mobile', userAttribute: 'mobile', notAssociated: 'bind_existing' },
    );

    await open(page, '/audit', 'Audit');
    await page.locator('tr[data-action]').first().waitFor();
    // The filtered answer itself: a refused filter would leave the unfiltered rows on the page.
    const filtered = page.waitForResponse((r) => new URL(r.url()).searchParams.get('category') === 'security');
    await page.getByLabel('Category').selectOption({ label: 'Security' });
    assert.equal((await filtered).status(), 200);
    await page.locator('tr[data-action^="source."]').first().waitFor();
    await page.context().close();
  });

  test('an application admin cannot switch a source on for the User Center, but may switch off and reorder; a super admin may', async () => {
    const page = await consoleFor(APP_ADMIN);
    await open(page, `/applications/${USER_CENTER_APP_ID}/login-configuration`, 'Login Configuration');
    const dingtalk = page.getByRole('switch', { name: 'Enable DingTalk Demo Tech HQ' });
    await dingtalk.waitFor();
    for (const name of ['Enable DingTalk Demo Tech HQ', 'Enable DingTalk Branch', 'Enable SMS verification code']) assert.equal(await page.getByRole('switch', { name }).isDisabled(), true, name);
    await page.locator(`li[data-source-id="${ids.source}"]`).getByText(SUPER_ADMIN_ONLY).waitFor();
    assert.equal(await dingtalk.getAttribute('aria-describedby'), `locked-${ids.source}`);
    // What is enabled stays theirs: off, and on again, before saving.
    const password = page.getByRole('switch', { name: 'Enable Password' });
    await password.click();
    assert.equal(await password.getAttribute('aria-checked'), 'false');
    assert.equal(await password.isDisabled(), false);
    await password.click();
    assert.equal(await password.getAttribute('aria-checked'), 'true');
    await page.getByRole('button', { name: 'Move Password down' }).waitFor();

    // Other applications are the application admin's to configure.
    await open(page, `/applications/${ids.app}/login-configuration`, 'Login Configuration');
    await page.getByRole('switch', { name: 'Enable DingTalk Demo Tech HQ' }).waitFor();
    assert.equal(await page.getByRole('switch', { name: 'Enable DingTalk Demo Tech HQ' }).isDisabled(), false);
    assert.equal(await page.getByText(SUPER_ADMIN_ONLY).count(), 0);

    const superAdmin = await consoleFor();
    await superAdmin.goto(`${node.url}/console/applications/${USER_CENTER_APP_ID}/login-configuration`);
    await superAdmin.getByRole('switch', { name: 'Enable DingTalk Demo Tech HQ' }).waitFor();
    assert.equal(await superAdmin.getByRole('switch', { name: 'Enable DingTalk Demo Tech HQ' }).isDisabled(), false);
    assert.equal(await superAdmin.getByText(SUPER_ADMIN_ONLY).count(), 0);

    // The server: enabling is refused (naming the entry), keeping what is enabled is not.
    const put = (sources: string[]) => node.api('PUT', `${V1}/applications/${USER_CENTER_APP_ID}/login-configuration`, { token: appAdminToken, body: { sources } });
    assert.deepEqual(problem(await put([PASSWORD_SOURCE_ID, ids.source])), { status: 403, code: 'login_configuration.user_center_forbidden', field: '/sources/1' });
    assert.equal((await put([PASSWORD_SOURCE_ID])).status, 200);
    await page.context().close();
    await superAdmin.context().close();
  });

  test("with the operator's switch off, the DingTalk API addresses are DingTalk's own, read-only with a note", async () => {
    const locked = await startNode('sqlite', { PORTICO_DINGTALK_CUSTOM_ENDPOINTS: 'false' });
    try {
      const superAdminToken = await locked.tokenFor('super_admin');
      assert.equal((await locked.api('GET', `${V1}/source-types`, { token: superAdminToken })).body.customEndpointsAllowed, false);
      const page = await consoleFor(undefined, locked.url);
      await page.goto(`${locked.url}/console/sources/new/dingtalk`);
      await page.getByRole('heading', { name: 'Add DingTalk authentication source' }).waitFor();
      await page.getByText('Advanced', { exact: true }).click();
      await page.getByText("The operator has not allowed other hosts: only DingTalk's own addresses can be used.", { exact: true }).waitFor();
      for (const key of ['login', 'api', 'oapi'] as const) {
        assert.equal(await field(page, ENDPOINT_LABELS[key]).isEditable(), false, ENDPOINT_LABELS[key]);
        assert.equal(await field(page, ENDPOINT_LABELS[key]).inputValue(), DINGTALK_HOSTS[key]);
      }
      const elsewhere = await locked.api('POST', `${V1}/sources`, {
        token: superAdminToken,
        body: { type: 'dingtalk', name: 'Elsewhere', config: { appKey: 'x', appSecret: 'y', endpoints: { ...DINGTALK_HOSTS, login: 'https://login.example.com' } } },
      });
      assert.deepEqual(problem(elsewhere), { status: 400, code: 'source.custom_endpoints_disabled', field: '/config/endpoints/login' });
      await page.context().close();
    } finally {
      await locked.close();
    }
  });
});
