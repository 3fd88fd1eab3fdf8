import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from '@sinclair/typebox';
import { formView } from './form-view.ts';
import { SOURCE_TYPES } from '../identity/registry.ts';
import { dingtalkSourceType } from '../identity/dingtalk/type.ts';
import { BINDING_TRUST_FIELDS } from '../identity/binding-policy.ts';
import type { SourceType } from '../identity/types.ts';
import type { FormFieldView } from './views.ts';

const field = (key: string): FormFieldView => {
  const found = formView(dingtalkSourceType)!.items.find((i) => i.key === key);
  assert.ok(found && found.kind !== 'display', key);
  return found;
};

test("every type's form describes its whole configuration, and the console's `name` is no type's field", () => {
  for (const type of SOURCE_TYPES) {
    const form = formView(type); // throws on a field or a choice without words
    assert.ok(!('name' in type.configSchema.properties), type.type);
    if (form) for (const item of form.items) assert.ok(form.sections.some((s) => s.id === item.section), `${type.type}.${item.key} is in a section`);
  }
  assert.equal(formView(SOURCE_TYPES.find((def) => def.type === 'password')!), null, 'a built-in type has nothing to configure');
});

test('an external type describes its form (src/identity/form.ts): without one the console cannot show its sources', () => {
  for (const type of SOURCE_TYPES.filter((def) => def.external)) assert.ok(type.form, `${type.type} has no form`);
});

test('what the schema says is derived, not written again: kinds, defaults, choices, ranges, secrets, trust', () => {
  assert.deepEqual(
    Object.fromEntries(formView(dingtalkSourceType)!.items.map((i) => [i.key, i.kind])),
    {
      appKey: 'text', appSecret: 'secret', callbackUrl: 'display', corpId: 'text', autoBind: 'switch', sourceAttribute: 'select', userAttribute: 'select',
      notAssociated: 'select', passwordLink: 'switch', notAssociatedOrgUnitId: 'orgUnit', denyMessage: 'multiline', qrMode: 'select', protocol: 'select', endpoints: 'group', timeoutMs: 'integer',
    },
  );
  const timeout = field('timeoutMs');
  assert.deepEqual([timeout.minimum, timeout.maximum, timeout.default], [500, 30000, 5000]);
  assert.equal(timeout.help?.en, 'For each DingTalk API call, 500–30000 ms.', 'the range filled into the words');
  assert.deepEqual(field('sourceAttribute').options?.map((o) => o.value), ['mobile', 'email', 'jobNumber', 'userId', 'unionId']);
  assert.equal(field('sourceAttribute').options?.[2].label['zh-CN'], '工号');
  assert.deepEqual([field('appKey').required, field('appKey').pattern, field('appKey').maxLength], [true, '^\\S+$', 128]);
  assert.deepEqual([field('corpId').required, field('corpId').nullable], [false, true]);
  assert.deepEqual([field('appSecret').secret, field('appSecret').trust], [true, false]);
  assert.deepEqual([field('appKey').trust, field('appKey').creatorChooses], [true, true], 'no default: its creator chooses it');
  assert.deepEqual([field('corpId').trust, field('corpId').creatorChooses], [true, false]);
  const endpoints = field('endpoints');
  assert.deepEqual(endpoints.members?.map((m) => [m.key, m.kind, m.default, m.trust]), [
    ['endpoints.login', 'url', 'https://login.dingtalk.com', true],
    ['endpoints.api', 'url', 'https://api.dingtalk.com', true],
    ['endpoints.oapi', 'url', 'https://oapi.dingtalk.com', true],
  ]);
});

test('the binding settings are described once, for every external type, naming its upstream', () => {
  const autoBind = field('autoBind');
  assert.equal(autoBind.section, 'binding');
  assert.match(autoBind.help!.en, /^Recommended\. On a first scan, bind the DingTalk account/);
  assert.deepEqual(field('notAssociatedOrgUnitId').shownWhen, { notAssociated: 'create_user' });
  assert.deepEqual(field('denyMessage').shownWhen, { notAssociated: 'deny' });
  for (const type of SOURCE_TYPES.filter((def) => def.external && def.form)) {
    const keys = formView(type)!.items.filter((i) => i.section === 'binding').map((i) => i.key);
    for (const key of ['autoBind', 'sourceAttribute', 'userAttribute', 'notAssociated', 'passwordLink', 'notAssociatedOrgUnitId', 'denyMessage']) assert.ok(keys.includes(key), `${type.type}: ${key}`);
    // Who the policy lets in is a trust setting of every type that has it.
    for (const key of BINDING_TRUST_FIELDS) assert.ok(type.trustFields.includes(key), `${type.type}: ${key} is a trust field`);
  }
});

test('a description that disagrees with its schema is a programming error, said at once', () => {
  const type = (fields: NonNullable<SourceType['form']>['fields']): SourceType => ({
    type: 'fake',
    label: 'Fake',
    singleton: false,
    configSchema: Type.Object({ mode: Type.Union([Type.Literal('a'), Type.Literal('b')], { default: 'a' }) }),
    secretFields: [],
    trustFields: [],
    async check() {},
    form: { intro: { en: 'x', 'zh-CN': 'x' }, sections: [{ id: 'main', title: { en: 'Main', 'zh-CN': '主要' } }], fields },
  });
  const label = { en: 'Mode', 'zh-CN': '模式' };
  assert.throws(() => formView(type({})), /does not describe its field mode/);
  assert.throws(() => formView(type({ mode: { section: 'main', label, options: { a: label } } })), /no words for its choice b/);
  assert.throws(() => formView(type({ mode: { section: 'main', label, options: { a: label, b: label } }, other: { section: 'main', label } })), /describes other/);
  assert.equal(formView(type({ mode: { section: 'main', label, options: { a: label, b: label } } }))!.items[0].kind, 'select');
});
