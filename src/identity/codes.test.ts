/** The composed registry of codes: every entry has its words in both languages, every type its templates and its own codes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CODES, TYPE_NAMES } from './codes.ts';
import { SOURCE_TYPES } from './registry.ts';
import { composeCodes } from '../codes/compose.ts';
import { CORE_CODES } from '../codes/core.ts';
import { EVERY_TYPE_TEMPLATES, EXTERNAL_TYPE_TEMPLATES } from '../codes/templates.ts';

const HAN = /\p{Script=Han}/u;
const forType = (templates: object, type: string) => Object.keys(templates).map((code) => code.replace('{type}', type));

test('every code has words in English and in Chinese, with no placeholder left', () => {
  const wanting = Object.entries(CODES).flatMap(([code, entry]) => {
    const problems = [];
    if (!entry.en.trim()) problems.push('no English');
    if (!entry['zh-CN'].trim()) problems.push('no Chinese');
    else if (!HAN.test(entry['zh-CN'])) problems.push(`Chinese without Chinese: ${entry['zh-CN']}`);
    if (/\{\w+\}/.test(entry.en + entry['zh-CN'])) problems.push('a placeholder left');
    return problems.map((p) => `${code}: ${p}`);
  });
  assert.deepEqual(wanting, []);
});

test("the registry holds the core's codes, each type's templates under its type, and each type's own codes", () => {
  const missing = (codes: string[]) => codes.filter((code) => !(code in CODES));
  assert.deepEqual(missing(Object.keys(CORE_CODES)), []);
  for (const def of SOURCE_TYPES) {
    assert.deepEqual(missing(forType(EVERY_TYPE_TEMPLATES, def.type)), [], def.type);
    assert.deepEqual(missing(forType(EXTERNAL_TYPE_TEMPLATES, def.type)), def.external ? [] : forType(EXTERNAL_TYPE_TEMPLATES, def.type), def.type);
    assert.deepEqual(missing(Object.keys(def.codes ?? {})), [], def.type);
  }
});

test("a template's words name the type, a Latin name set apart from Chinese by a space", () => {
  assert.deepEqual(CODES['dingtalk.bound_auto'], { en: 'Bound automatically (DingTalk)', 'zh-CN': '自动绑定（钉钉）' });
  assert.deepEqual(CODES['login.dingtalk'], { en: 'DingTalk sign-in', 'zh-CN': '钉钉登录' });
  assert.deepEqual(CODES['login.openid.start'], { en: 'OpenID Connect sign-in started', 'zh-CN': '发起 OpenID Connect 登录' });
  assert.equal(CODES['openid.not_associated.denied'].kind, 'forbidden', "a template's kind comes with it");
});

test('every source type has a name in both languages', () => {
  assert.deepEqual(Object.keys(TYPE_NAMES), SOURCE_TYPES.map((def) => def.type));
  // A proper name ("OpenID Connect") is the same in both.
  for (const [type, name] of Object.entries(TYPE_NAMES)) assert.ok(name.en.trim() && name['zh-CN'].trim(), type);
  assert.deepEqual(TYPE_NAMES.dingtalk, { en: 'DingTalk', 'zh-CN': '钉钉' });
});

test('a code defined twice is refused, naming both places', () => {
  const clash = { type: 'wecom', name: { en: 'WeCom', 'zh-CN': '企业微信' }, external: true, codes: { 'login.csrf': { en: 'x', 'zh-CN': '某' } } };
  assert.throws(() => composeCodes([clash]), /login\.csrf is defined by the core's errors and by the wecom type/);
  const overTemplate = { ...clash, codes: { 'wecom.bound': { en: 'x', 'zh-CN': '某' } } };
  assert.throws(() => composeCodes([overTemplate]), /wecom\.bound is defined by the templates for wecom and by the wecom type/);
});
