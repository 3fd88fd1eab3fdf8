/**
 * The errors an OAuth 2.0 / OpenID Connect authorization endpoint answers with (RFC 6749 §4.1.2.1,
 * OpenID Connect Core §3.1.2.6, RFC 8707 §2's invalid_target, and oidc-provider's invalid_client, invalid_redirect_uri and
 * unsupported_response_mode), under `oidc.`: the provider's pages show them as the reference and the audit
 * log records them as the reason of a refused authorization (src/oidc/audit-events.ts).
 */
import type { CodeTable } from './entry.ts';

export const OAUTH_ERRORS = {
  'oidc.invalid_request': { en: 'Invalid authorization request', 'zh-CN': '授权请求无效' },
  'oidc.invalid_client': { en: 'Unknown client', 'zh-CN': '客户端未注册' },
  'oidc.invalid_redirect_uri': { en: 'Unregistered redirect URI', 'zh-CN': '回调地址未登记' },
  'oidc.unauthorized_client': { en: 'Client not allowed this request', 'zh-CN': '客户端无权发起此请求' },
  'oidc.access_denied': { en: 'Access denied', 'zh-CN': '拒绝访问' },
  'oidc.unsupported_response_type': { en: 'Unsupported response type', 'zh-CN': '不支持的 response_type' },
  'oidc.unsupported_response_mode': { en: 'Unsupported response mode', 'zh-CN': '不支持的 response_mode' },
  'oidc.invalid_scope': { en: 'Invalid scope', 'zh-CN': '权限范围（scope）无效' },
  'oidc.invalid_target': { en: 'Unknown or not allowed API (resource)', 'zh-CN': 'API（resource）未注册或未授权' },
  'oidc.server_error': { en: 'Provider error', 'zh-CN': '授权服务出错' },
  'oidc.temporarily_unavailable': { en: 'Provider temporarily unavailable', 'zh-CN': '授权服务暂时不可用' },
  'oidc.interaction_required': { en: 'Interaction required', 'zh-CN': '需要用户交互' },
  'oidc.login_required': { en: 'Sign-in required', 'zh-CN': '需要登录' },
  'oidc.account_selection_required': { en: 'Account selection required', 'zh-CN': '需要选择账号' },
  'oidc.consent_required': { en: 'Consent required', 'zh-CN': '需要用户授权' },
  'oidc.invalid_request_uri': { en: 'Invalid request_uri', 'zh-CN': 'request_uri 无效' },
  'oidc.invalid_request_object': { en: 'Invalid request object', 'zh-CN': '请求对象无效' },
  'oidc.request_not_supported': { en: 'Request objects not supported', 'zh-CN': '不支持请求对象' },
  'oidc.request_uri_not_supported': { en: 'request_uri not supported', 'zh-CN': '不支持 request_uri' },
  'oidc.registration_not_supported': { en: 'Registration parameter not supported', 'zh-CN': '不支持 registration 参数' },
} as const satisfies CodeTable;
