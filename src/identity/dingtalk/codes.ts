/**
 * The DingTalk source's own codes, with words for administrators in both languages: the errors it raises
 * and the reasons it records beyond those every external type has (src/codes/templates.ts: declined,
 * misconfigured, unreachable, timed out…), including each of the connector's error codes, which a
 * Test connection records as its reason.
 */
import type { CodeTable } from '../../codes/entry.ts';
import { externalErrorKinds } from '../../codes/type-errors.ts';
import { raiserOf } from '../../errors.ts';

export const DINGTALK_CODES = {
  'dingtalk.qr_shown': { en: 'QR code shown', 'zh-CN': '显示二维码' },
  'dingtalk.inapp_started': { en: 'Signing in inside DingTalk', 'zh-CN': '钉钉应用内免登开始' },
  'dingtalk.app_authorization_opened': { en: "DingTalk's authorization page opened on a phone", 'zh-CN': '在手机上打开钉钉授权页' },
  'dingtalk.inapp_code_invalid': { kind: 'invalid', en: 'In-DingTalk sign-in code used or expired', 'zh-CN': '钉钉免登授权码已使用或已过期' },
  'dingtalk.auth_code_invalid': { kind: 'invalid', en: 'DingTalk authorization expired', 'zh-CN': '钉钉授权已失效' },
  'dingtalk.wrong_organization': { kind: 'forbidden', en: 'Not a member of the organisation', 'zh-CN': '不是该组织成员' },
  'dingtalk.rate_limited': { kind: 'unavailable', en: 'DingTalk throttling', 'zh-CN': '钉钉限流' },
  // The connector's findings, which sign-ins report as misconfigured (./errors.ts)
  'dingtalk.invalid_client': { en: 'AppKey or AppSecret rejected', 'zh-CN': 'AppKey 或 AppSecret 被拒绝' },
  'dingtalk.token_invalid': { en: 'Access token rejected', 'zh-CN': '访问令牌无效' },
  'dingtalk.missing_token': { en: 'Access token missing', 'zh-CN': '缺少访问令牌' },
  'dingtalk.permission_denied': { en: 'App lacks a permission', 'zh-CN': '应用缺少权限' },
  'dingtalk.user_not_in_org': { en: 'Not a member of the organisation', 'zh-CN': '不是该组织成员' },
  'dingtalk.department_not_found': { en: 'Department not found', 'zh-CN': '部门不存在' },
  'dingtalk.throttled': { en: 'DingTalk still throttling after retries', 'zh-CN': '多次重试后钉钉仍在限流' },
  'dingtalk.ip_not_whitelisted': { en: 'Server IP not whitelisted', 'zh-CN': '服务器出口 IP 不在白名单中' },
  'dingtalk.quota_exceeded': { en: 'API quota used up', 'zh-CN': '接口调用额度已用完' },
  'dingtalk.signature_invalid': { en: 'Signature rejected', 'zh-CN': '签名被拒绝' },
  'dingtalk.upstream_error': { en: 'DingTalk error', 'zh-CN': '钉钉返回错误' },
  'dingtalk.bad_response': { en: 'Answer not like DingTalk', 'zh-CN': '响应不像钉钉' },
  // Its configuration's rules (./type.ts)
  'source.custom_endpoints_disabled': { kind: 'invalid', en: "Only DingTalk's own addresses allowed", 'zh-CN': '只能使用钉钉官方地址' },
  'source.corp_id_required': { kind: 'invalid', en: 'CorpId required for this auto-bind', 'zh-CN': '此自动绑定方式须填写 CorpId' },
} as const satisfies CodeTable;

/** Raises the DingTalk source's errors: its own, and those every external type has. */
export const fail = raiserOf(externalErrorKinds('dingtalk', DINGTALK_CODES));
