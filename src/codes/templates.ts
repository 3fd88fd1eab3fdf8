/**
 * Codes every source type has, written once: `{type}` in the code is the type (`dingtalk`), `{source}` in
 * the words its name ("DingTalk", “钉钉”). ./compose.ts expands them for each registered type.
 */
import type { CodeTable } from './entry.ts';

/** Every type's, the built-in ones included. */
export const EVERY_TYPE_TEMPLATES = {
  'login.{type}': { en: '{source} sign-in', 'zh-CN': '{source}登录' },
} as const satisfies CodeTable;

/**
 * The external types' (those signing people in through another system): the steps of their sign-in and
 * binding, the binding rules' outcomes (src/login/binding-rules.ts), and the failures every upstream can
 * have, whose kinds their errors take (a type's own failures are in its folder).
 */
export const EXTERNAL_TYPE_TEMPLATES = {
  // Actions
  'login.{type}.start': { en: '{source} sign-in started', 'zh-CN': '发起{source}登录' },
  'login.{type}.bind': { en: '{source} binding (phone + code)', 'zh-CN': '{source}账号绑定（手机号 + 验证码）' },
  'login.{type}.bind.send': { en: 'Binding code sent ({source})', 'zh-CN': '发送绑定验证码（{source}）' },
  'login.{type}.bind.password': { en: '{source} binding (existing account password)', 'zh-CN': '{source}账号绑定（已有账号密码）' },
  'usercenter.{type}.link.start': { en: '{source} binding started in the User Center', 'zh-CN': '在用户中心发起{source}绑定' },
  'usercenter.{type}.link': { en: '{source} account bound in the User Center', 'zh-CN': '在用户中心绑定{source}账号' },
  // The binding rules' outcomes
  '{type}.bound': { en: 'Already bound ({source})', 'zh-CN': '已绑定（{source}）' },
  '{type}.bound_auto': { en: 'Bound automatically ({source})', 'zh-CN': '自动绑定（{source}）' },
  '{type}.bound_phone': { en: 'Bound with phone + code ({source})', 'zh-CN': '通过手机号 + 验证码绑定（{source}）' },
  '{type}.bound_password': { en: "Bound by signing in with the existing account's password ({source})", 'zh-CN': '通过已有账号密码登录绑定（{source}）' },
  '{type}.bound_by_user': { en: 'Bound by the user in the User Center ({source})', 'zh-CN': '用户在用户中心绑定（{source}）' },
  // A sign-in's proof of a contact (src/login/verified-contacts.ts)
  '{type}.contact_verified': { en: 'Verified by {source}', 'zh-CN': '由{source}验证' },
  '{type}.autobind_off': { en: 'Auto-bind off: asked to bind ({source})', 'zh-CN': '未开启自动绑定：转到绑定页面（{source}）' },
  '{type}.not_associated.bind_existing': { en: 'Not associated: asked to bind ({source})', 'zh-CN': '未关联：转到绑定页面（{source}）' },
  '{type}.not_associated.created': { en: 'Not associated: account created ({source})', 'zh-CN': '未关联：已创建账号（{source}）' },
  '{type}.not_associated.denied': { kind: 'forbidden', en: 'Not associated: login denied ({source})', 'zh-CN': '未关联：拒绝登录（{source}）' },
  // Failures at the upstream
  '{type}.authorization_denied': { kind: 'invalid', en: 'Declined at {source}', 'zh-CN': '在{source}拒绝授权' },
  '{type}.callback_invalid': { kind: 'invalid', en: 'Answer from {source} not accepted', 'zh-CN': '{source}返回的信息无法接受' },
  '{type}.misconfigured': { kind: 'bad_gateway', en: '{source} source misconfigured', 'zh-CN': '{source}认证源配置有误' },
  '{type}.unavailable': { kind: 'unavailable', en: '{source} unreachable', 'zh-CN': '无法连接{source}' },
  '{type}.timeout': { kind: 'unavailable', en: '{source} timed out', 'zh-CN': '{source}响应超时' },
} as const satisfies CodeTable;
