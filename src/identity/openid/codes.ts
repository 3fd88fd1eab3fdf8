/**
 * An OpenID Connect source's own codes, with words for administrators in both languages: the errors it
 * raises and the reasons it records beyond those every external type has (src/codes/templates.ts:
 * declined, misconfigured, unreachable, timed out…). What people signing in read is in ./messages.ts.
 */
import type { CodeTable } from '../../codes/entry.ts';
import { externalErrorKinds } from '../../codes/type-errors.ts';
import { raiserOf } from '../../errors.ts';

export const OPENID_CODES = {
  'openid.redirected': { en: 'Sent to the identity provider', 'zh-CN': '已跳转到身份提供方' },
  'openid.code_invalid': { kind: 'invalid', en: 'Authorization code no longer accepted', 'zh-CN': '授权码已失效' },
  'openid.nonce_mismatch': { kind: 'invalid', en: "ID token from another sign-in", 'zh-CN': 'ID 令牌属于另一次登录' },
  'openid.issuer_mismatch': { kind: 'bad_gateway', en: 'Identity provider is not the configured issuer', 'zh-CN': '身份提供方与配置的签发者不一致' },
  'openid.id_token_invalid': { kind: 'bad_gateway', en: 'ID token could not be verified', 'zh-CN': 'ID 令牌校验失败' },
  'openid.keys_unavailable': { kind: 'bad_gateway', en: 'Signing keys unavailable', 'zh-CN': '无法获取签名密钥' },
  // Its configuration's rules (./type.ts)
  'source.issuer_invalid': { kind: 'invalid', en: 'Issuer must be an https URL', 'zh-CN': '签发者须为 https 地址' },
  'source.openid_scope_required': { kind: 'invalid', en: 'Scopes must include openid', 'zh-CN': '权限范围须包含 openid' },
} as const satisfies CodeTable;

/** Raises an OpenID Connect source's errors: its own, and those every external type has. */
export const fail = raiserOf(externalErrorKinds('openid', OPENID_CODES));
