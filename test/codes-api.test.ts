/**
 * GET /codes: the registry's words for every code and every source type's name, which the console names
 * what the server records with; so a source type the console was never told of (OpenID Connect) gets its
 * reasons, actions and name in both languages from the server.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import type { CodesView } from '../src/codes/views.ts';
import { CODES } from '../src/identity/codes.ts';

const V1 = '/api/admin/v1';

describeEachDialect('The words for codes', (dialect) => {
  let node: TestNode;
  let answer: CodesView;

  before(async () => {
    node = await startNode(dialect);
    const res = await node.api('GET', `${V1}/codes`, { token: await node.tokenFor('super_admin') });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    answer = res.body;
  });
  after(() => node?.close());

  test('every admin role reads them; nobody signed out does', async () => {
    for (const role of ['app_admin', 'auditor'] as const) assert.equal((await node.api('GET', `${V1}/codes`, { token: await node.tokenFor(role) })).status, 200, role);
    const signedOut = await node.api('GET', `${V1}/codes`);
    assert.equal(signedOut.status, 401);
    assert.equal(signedOut.body.code, 'admin.unauthenticated');
  });

  test('every registered code, with its words in both languages and nothing else', () => {
    assert.deepEqual(Object.keys(answer.codes).sort(), Object.keys(CODES).sort());
    for (const [code, { en, 'zh-CN': zh }] of Object.entries(CODES)) assert.deepEqual(answer.codes[code], { en, 'zh-CN': zh }, code);
  });

  test("an OpenID Connect source's reasons, actions and name, the console's only source of them", () => {
    assert.deepEqual(answer.sourceTypes.openid, { en: 'OpenID Connect', 'zh-CN': 'OpenID Connect' });
    assert.deepEqual(answer.sourceTypes.dingtalk, { en: 'DingTalk', 'zh-CN': '钉钉' });
    assert.deepEqual(answer.sourceTypes.dingtalk_inapp, { en: 'DingTalk (in app)', 'zh-CN': '钉钉（应用内免登）' }, 'a further sign-in method is named with the types');
    assert.deepEqual(answer.codes['openid.bound_auto'], { en: 'Bound automatically (OpenID Connect)', 'zh-CN': '自动绑定（OpenID Connect）' });
    assert.deepEqual(answer.codes['login.openid'], { en: 'OpenID Connect sign-in', 'zh-CN': 'OpenID Connect 登录' });
    assert.deepEqual(answer.codes['openid.issuer_mismatch'], { en: 'Identity provider is not the configured issuer', 'zh-CN': '身份提供方与配置的签发者不一致' });
  });

  test('the OpenAPI document describes it', async () => {
    const doc = (await node.api('GET', `${V1}/openapi.json`)).body;
    const get = doc.paths[`${V1}/codes`].get;
    assert.deepEqual(Object.keys(get.responses['200'].content['application/json'].schema.properties), ['codes', 'sourceTypes']);
  });
});
