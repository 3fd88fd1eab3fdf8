/**
 * GET /source-types: every kind of source with how the console asks for its configuration, so that a new
 * external type gets its console page from its description alone. What the answer says agrees with what
 * the server does: the defaults it gives, the callback URL it computes, the fields it keeps for super admins.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import type { FormFieldView, SourceTypeView, SourceTypesView } from '../src/sources/views.ts';
import { SOURCE_TYPES } from '../src/identity/registry.ts';
import { sourceTypeView } from '../src/sources/type-view.ts';

const V1 = '/api/admin/v1';

describeEachDialect('The kinds of source and their forms', (dialect) => {
  let node: TestNode;
  let token: string;
  let answer: SourceTypesView;
  let dingtalk: SourceTypeView;
  const field = (key: string) => dingtalk.form!.items.find((i): i is FormFieldView => i.key === key && i.kind !== 'display')!;

  before(async () => {
    node = await startNode(dialect);
    token = await node.tokenFor('super_admin');
    const res = await node.api('GET', `${V1}/source-types`, { token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    answer = res.body;
    dingtalk = answer.items.find((t) => t.type === 'dingtalk')!;
  });
  after(() => node?.close());

  test('every admin role reads them; nobody signed out does', async () => {
    for (const role of ['app_admin', 'auditor'] as const) assert.equal((await node.api('GET', `${V1}/source-types`, { token: await node.tokenFor(role) })).status, 200, role);
    assert.equal((await node.api('GET', `${V1}/source-types`)).status, 401);
  });

  test('each kind says its names, whether it is built in or signs in elsewhere, and the operator’s policy', () => {
    assert.deepEqual(
      answer.items.filter((t) => ['password', 'sms', 'dingtalk'].includes(t.type)).map((t) => [t.type, t.singleton, t.external, t.form === null]),
      [['password', true, false, true], ['sms', true, false, true], ['dingtalk', false, true, false]],
    );
    assert.deepEqual(dingtalk.labels, { en: 'DingTalk', 'zh-CN': '钉钉' });
    assert.deepEqual(answer.policy, { allowCustomEndpoints: true });
    assert.equal(answer.customEndpointsAllowed, true);
  });

  test('the defaults it announces are the ones a new source gets', async () => {
    const created = await node.api('POST', `${V1}/sources`, { token, body: { type: 'dingtalk', name: 'Defaults', config: { appKey: 'dingdefaults', appSecret: 'secret' } } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    for (const [key, value] of Object.entries(dingtalk.defaults)) assert.deepEqual(created.body.config[key], value, key);
    for (const f of dingtalk.form!.items) if (f.kind !== 'display' && f.default !== undefined) assert.deepEqual(f.default, dingtalk.defaults[f.key], f.key);
    // The display the form shows is the value the source's answer carries, computed by the server.
    const display = dingtalk.form!.items.find((i) => i.kind === 'display');
    assert.equal(display?.kind === 'display' && display.value, 'callbackUrl');
    assert.equal(created.body.callbackUrl, `${node.url}/login/callback/dingtalk/${created.body.id}`);
  });

  test('the form has the fields in both languages, with what the schema says and who may change them', () => {
    const form = dingtalk.form!;
    assert.deepEqual(form.sections.map((s) => [s.id, s.title.en, s.collapsed]), [['app', 'DingTalk application', false], ['binding', 'Account binding', false], ['advanced', 'Advanced', true]]);
    assert.deepEqual(field('appKey').label, { en: 'AppKey', 'zh-CN': 'AppKey' });
    assert.deepEqual(field('notAssociated').label, { en: 'When User is Not Associated', 'zh-CN': '未关联用户时' });
    assert.deepEqual(field('notAssociatedOrgUnitId').shownWhen, { notAssociated: 'create_user' });
    assert.deepEqual(field('denyMessage').shownWhen, { notAssociated: 'deny' });
    assert.deepEqual([field('timeoutMs').minimum, field('timeoutMs').maximum, field('timeoutMs').unit?.en], [500, 30000, 'milliseconds']);
    assert.deepEqual(field('userAttribute').options?.map((o) => `${o.value}: ${o.label['zh-CN']}`), ['mobile: 手机号', 'email: 邮箱', 'username: 用户名', 'employeeNumber: 员工编号', 'externalId: 外部 ID']);
    assert.deepEqual(form.items.filter((i) => i.kind !== 'display' && i.trust).map((i) => i.key).sort(), [...dingtalk.trustFields].sort(), 'the trust settings are the ones the server guards');
    assert.deepEqual(form.items.filter((i) => i.kind !== 'display' && i.secret).map((i) => i.key), dingtalk.secretFields);
    assert.ok(form.connection?.advice['dingtalk.unavailable']?.['zh-CN'], 'Test connection advice in Chinese too');
  });

  test('nothing of a description is lost on the way (the answer schema keeps every property)', () => {
    for (const type of SOURCE_TYPES) {
      const sent = answer.items.find((t) => t.type === type.type);
      assert.deepEqual({ ...sent, configSchema: undefined }, { ...JSON.parse(JSON.stringify(sourceTypeView(type))), configSchema: undefined }, type.type);
    }
  });

  test('the OpenAPI document describes the answer', async () => {
    const doc = (await node.api('GET', `${V1}/openapi.json`)).body;
    const schema = doc.paths[`${V1}/source-types`].get.responses['200'].content['application/json'].schema;
    assert.ok(schema.properties.items.items.properties.form, 'the form of each kind');
    assert.ok(schema.properties.policy);
  });
});
