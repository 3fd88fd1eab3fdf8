/**
 * Entry addresses (a DingTalk workbench's homepage address) through the admin API, on both databases:
 * the Login Configuration gives one for each enabled source whose type offers it, the source's own
 * answer lists one per application that enables it, the source type's form has the words for them, and
 * the address is the start route that opens the application's DingTalk sign-in.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { registerApp } from './helpers/oidc.ts';
import { SIM_APP } from './helpers/dingtalk.ts';
import { PASSWORD_SOURCE_ID, SMS_SOURCE_ID, USER_CENTER_APP_ID } from '../src/store/well-known.ts';

const V1 = '/api/admin/v1';

describeEachDialect('Entry addresses: where an upstream opens each application', (dialect) => {
  let node: TestNode;
  let admin: string;

  before(async () => {
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
  });
  after(() => node?.close());

  async function dingtalkSource() {
    const res = await node.api('POST', `${V1}/sources`, {
      token: admin,
      body: { type: 'dingtalk', name: `DingTalk ${randomBytes(4).toString('hex')}`, config: { ...SIM_APP, endpoints: { login: 'http://127.0.0.1:9', api: 'http://127.0.0.1:9', oapi: 'http://127.0.0.1:9' } } },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id as string;
  }
  const entryOf = (app: string, src: string) => `${node.url}/login/dingtalk/${src}?app=${app}`;

  test('the Login Configuration gives the workbench homepage address of each enabled DingTalk source, and of nothing else', async () => {
    const [on, off] = [await dingtalkSource(), await dingtalkSource()];
    const app = await registerApp(node, admin, { name: `Zeta ${randomBytes(3).toString('hex')}`, sources: [PASSWORD_SOURCE_ID, on, SMS_SOURCE_ID] });
    const res = await node.api('GET', `${V1}/applications/${app.id}/login-configuration`, { token: admin });
    assert.equal(res.status, 200);
    const byId = Object.fromEntries(res.body.methods.map((m: { sourceId: string; entryUrl?: string }) => [m.sourceId, m.entryUrl]));
    assert.equal(byId[on], entryOf(app.id, on));
    assert.equal(byId[off], undefined, 'not enabled: nothing to register');
    assert.equal(byId[PASSWORD_SOURCE_ID], undefined, 'a password has no upstream');
    const put = await node.api('PUT', `${V1}/applications/${app.id}/login-configuration`, { token: admin, body: { sources: [off] } });
    assert.equal(put.body.methods.find((m: { sourceId: string }) => m.sourceId === off).entryUrl, entryOf(app.id, off), 'the answer to a change has it at once');
  });

  test('a DingTalk source lists the address for every application that enables it; a built-in source has none', async () => {
    const src = await dingtalkSource();
    const first = await registerApp(node, admin, { name: `Alpha ${randomBytes(3).toString('hex')}`, sources: [src] });
    await registerApp(node, admin, { name: `Beta ${randomBytes(3).toString('hex')}`, sources: [PASSWORD_SOURCE_ID] });
    const uc = await node.api('GET', `${V1}/applications/${USER_CENTER_APP_ID}/login-configuration`, { token: admin });
    const enabled = uc.body.methods.filter((m: { enabled: boolean }) => m.enabled).map((m: { sourceId: string }) => m.sourceId);
    await node.api('PUT', `${V1}/applications/${USER_CENTER_APP_ID}/login-configuration`, { token: admin, body: { sources: [...enabled, src] } });
    const res = await node.api('GET', `${V1}/sources/${src}/entry-addresses`, { token: admin });
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.items.map((i: { applicationId: string; url: string }) => [i.applicationId, i.url]).sort(),
      [
        [USER_CENTER_APP_ID, entryOf(USER_CENTER_APP_ID, src)],
        [first.id, entryOf(first.id, src)],
      ].sort(),
    );
    assert.deepEqual((await node.api('GET', `${V1}/sources/${PASSWORD_SOURCE_ID}/entry-addresses`, { token: admin })).body.items, []);
    assert.equal((await node.api('GET', `${V1}/sources/src_nope/entry-addresses`, { token: admin })).status, 404);
  });

  test('the DingTalk form has the words: both homepage fields of the DingTalk backend, in both languages', async () => {
    const types = await node.api('GET', `${V1}/source-types`, { token: admin });
    const dingtalk = types.body.items.find((t: { type: string }) => t.type === 'dingtalk');
    const entry = dingtalk.form.entryAddress;
    assert.deepEqual(entry.fields.map((f: { 'zh-CN': string }) => f['zh-CN']), ['应用首页地址（移动端）', 'PC端首页地址']);
    assert.match(entry.help.en, /CorpId/);
    assert.match(entry.help['zh-CN'], /CorpId/);
    assert.equal(types.body.items.find((t: { type: string }) => t.type === 'openid').form.entryAddress, undefined);
  });

  test('the address opens the application’s DingTalk sign-in', async () => {
    const src = await dingtalkSource();
    const app = await registerApp(node, admin, { sources: [src] });
    const res = await fetch(entryOf(app.id, src), { redirect: 'manual' });
    assert.equal(res.status, 200, 'the QR start page, outside DingTalk');
    assert.match(await res.text(), /id="dingtalk-qr"/, 'the embedded QR code for this source');
  });
});
