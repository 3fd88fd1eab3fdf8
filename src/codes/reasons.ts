/**
 * Audit reasons that are not errors Portico raises: how a login step ended (well, or refused on the page
 * itself), and what the OpenID Connect provider answered. Failures that are errors carry their error
 * code as the reason (./errors.ts); the binding outcomes are per source type (./templates.ts).
 */
import type { CodeTable } from './entry.ts';
import { SYNC_REASONS } from './sync.ts';

export const CORE_REASONS = {
  'password.ok': { en: 'Right password', 'zh-CN': '密码正确' },
  'otp.ok': { en: 'Right verification code', 'zh-CN': '验证码正确' },
  'otp.sent': { en: 'Verification code sent', 'zh-CN': '验证码已发送' },
  'session.ended': { en: 'Signed out', 'zh-CN': '已退出登录' },
  // The dashboard's name for a failure recorded without a reason
  unknown: { en: 'No reason recorded', 'zh-CN': '未记录原因' },
  // Refusals the login pages answer themselves, without raising
  'login.invalid_credentials': { en: 'Wrong username or password', 'zh-CN': '用户名或密码错误' },
  'login.too_many_failures': { en: 'Too many password failures', 'zh-CN': '密码错误次数过多' },
  'login.no_user_for_phone': { en: 'No account with this mobile', 'zh-CN': '没有使用该手机号的账号' },
  'login.invalid_phone': { en: 'Invalid mobile number', 'zh-CN': '手机号无效' },
  // The OpenID Connect provider's own outcomes
  'consent.granted': { en: 'Consent given', 'zh-CN': '已同意授权' },
  'consent.denied': { en: 'Consent refused', 'zh-CN': '已拒绝授权' },
  'oidc.code_issued': { en: 'Authorization code issued', 'zh-CN': '已签发授权码' },
  'oidc.code_replayed': { en: 'Authorization code used twice', 'zh-CN': '授权码被重复使用' },
  'oidc.refresh_token_reused': { en: 'Refresh token used twice', 'zh-CN': '刷新令牌被重复使用' },
  // Back-channel logout deliveries (src/oidc/logout/backchannel.ts)
  'oidc.backchannel_logout.delivered': { en: 'Application accepted the logout token', 'zh-CN': '应用已接受登出令牌' },
  'oidc.backchannel_logout.refused': { en: 'Application refused the logout token', 'zh-CN': '应用拒绝了登出令牌' },
  'oidc.backchannel_logout.timeout': { en: 'Application did not answer the logout token in time', 'zh-CN': '应用未及时响应登出令牌' },
  'oidc.backchannel_logout.unreachable': { en: 'Application unreachable for the logout token', 'zh-CN': '无法连接应用以发送登出令牌' },
  // Second factors (src/login/routes/factor.ts)
  'factor.passed': { en: 'Second-factor code accepted', 'zh-CN': '两步验证码正确' },
  'factor.step_up': { en: 'Signed-in person gave the second factor an application asks for', 'zh-CN': '已登录用户完成应用要求的两步验证' },
  'factor.recovery_used': { en: 'Recovery code used', 'zh-CN': '使用了恢复码' },
  'factor.enrolled': { en: 'Authenticator app set up', 'zh-CN': '已设置身份验证器应用' },
  'factor.code_invalid': { en: 'Wrong second-factor code', 'zh-CN': '两步验证码错误' },
  'factor.code_replayed': { en: 'Second-factor code used twice', 'zh-CN': '两步验证码被重复使用' },
  'factor.slowed': { en: 'Second-factor guesses slowed for the account', 'zh-CN': '该账号的两步验证尝试已被减速' },
  // Passkeys and security keys (src/factors/passkey.ts)
  'factor.passkey_passed': { en: 'Passkey accepted as the second factor', 'zh-CN': '通行密钥通过两步验证' },
  'factor.passkey_enrolled': { en: 'Passkey registered', 'zh-CN': '已注册通行密钥' },
  'factor.passkey_expired': { en: 'Passkey answer came after its challenge expired or was used', 'zh-CN': '通行密钥应答的挑战已过期或已使用' },
  'factor.passkey_invalid': { en: 'Passkey answer did not verify (origin, rpId, challenge or signature)', 'zh-CN': '通行密钥应答校验失败（来源、rpId、挑战或签名）' },
  'factor.passkey_unknown': { en: 'Passkey not registered to this account', 'zh-CN': '通行密钥未注册到此账号' },
  'factor.passkey_cloned': { en: 'Passkey counter did not grow (a cloned key?)', 'zh-CN': '通行密钥计数器未增加（密钥可能被复制）' },
  'factor.sms_sent': { en: 'Second-factor code sent by SMS', 'zh-CN': '已通过短信发送两步验证码' },
  'factor.sms_passed': { en: 'SMS code accepted as the second factor', 'zh-CN': '短信验证码通过两步验证' },
  // The CAS server (src/cas/): tickets issued, and each validation's answer (CAS 3.0 §2.5.3's codes)
  'cas.ticket_issued': { en: 'Service ticket issued', 'zh-CN': '已签发服务票据' },
  'cas.gateway': { en: 'Not signed in: sent back without a ticket (gateway)', 'zh-CN': '未登录：未带票据返回（gateway）' },
  'cas.ticket_validated': { en: 'Service ticket validated', 'zh-CN': '服务票据校验通过' },
  'cas.invalid_request': { en: 'Validation without its service or ticket', 'zh-CN': '校验请求缺少 service 或 ticket' },
  'cas.invalid_ticket': { en: 'Ticket unknown, expired or used', 'zh-CN': '票据不存在、已过期或已使用' },
  'cas.invalid_service': { en: 'Ticket issued for another service', 'zh-CN': '票据签发给了其他服务' },
  'cas.not_renewed': { en: 'renew asked, ticket not from a fresh sign-in', 'zh-CN': '要求 renew，但票据并非来自新的登录' },
  'cas.user_inactive': { en: 'User disabled since the ticket was issued', 'zh-CN': '签发票据后用户已被停用' },
  // The SAML identity provider (src/saml/)
  'saml.response_issued': { en: 'SAML response sent to the application', 'zh-CN': '已向应用发送 SAML 响应' },
  'saml.logout': { en: 'Signed out by a SAML LogoutRequest', 'zh-CN': '通过 SAML 登出请求退出登录' },
  'saml.logout_no_session': { en: 'SAML LogoutRequest: no session of this person here', 'zh-CN': 'SAML 登出请求：此处没有该用户的会话' },
  'saml.no_passive': { en: 'Not signed in: IsPassive answered NoPassive', 'zh-CN': '未登录：IsPassive 请求返回 NoPassive' },
  'passkey.ok': { en: 'Signed in with a passkey', 'zh-CN': '使用通行密钥登录' },
  ...SYNC_REASONS,
} as const satisfies CodeTable;
