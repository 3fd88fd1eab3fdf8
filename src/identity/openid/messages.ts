/** What an OpenID Connect source says on Portico's pages, in both languages. `{name}` is the source's name (the IdP as people know it). */
import type { Messages } from '../../pages/i18n.ts';

export const openidMessages: Messages = {
  en: {
    'source.openid': 'OpenID Connect',
    'method.openid': 'Sign in with {name}',
    'reason.openid.code_invalid': 'The sign-in at your identity provider expired before it could be used. Start again.',
    'reason.openid.timeout': 'Your identity provider took too long to answer. Try again in a moment.',
    'reason.openid.issuer_mismatch': 'Single sign-on is not set up correctly here: the identity provider is not the one configured. Your administrator needs to check the authentication source.',
    'reason.openid.id_token_invalid': "Your identity provider's answer could not be verified, so it was not accepted. Your administrator needs to check the authentication source.",
    'reason.openid.nonce_mismatch': 'The answer from your identity provider belonged to another sign-in, so it was not accepted. Start again.',
  },
  'zh-CN': {
    'source.openid': 'OpenID Connect',
    'method.openid': '使用{name}登录',
    'reason.openid.code_invalid': '身份提供方的登录授权已失效，请重新开始。',
    'reason.openid.timeout': '身份提供方响应超时，请稍后重试。',
    'reason.openid.issuer_mismatch': '本系统的单点登录配置有误：身份提供方与配置的不一致。请联系管理员检查认证源。',
    'reason.openid.id_token_invalid': '身份提供方返回的信息无法通过校验，已被拒绝。请联系管理员检查认证源。',
    'reason.openid.nonce_mismatch': '身份提供方返回的信息属于另一次登录，已被拒绝。请重新开始。',
  },
};
