/** How the console asks for an OpenID Connect source's configuration (src/identity/form.ts), in both languages. */
import type { SourceForm } from '../form.ts';
import type { Localized } from '../views.ts';
import { ADVANCED_SECTION, secretField, timeoutField } from '../form-parts.ts';
import { BINDING_SECTION, bindingPolicyForm } from '../binding-policy-form.ts';
import type { OPENID_ATTRIBUTES } from './config.ts';

/** As the shared binding words name the upstream ("the IdP account", "the IdP profile"). */
const IDP: Localized = { en: 'IdP', 'zh-CN': '身份提供方' };

export const openidForm: SourceForm = {
  intro: {
    en: "Let people sign in with your organisation's identity provider (Microsoft Entra ID, Okta, Keycloak, another Portico): register Portico there as a web application, then enter what the IdP gives you.",
    'zh-CN': '让用户使用贵组织的身份提供方（Microsoft Entra ID、Okta、Keycloak 或另一个 Portico）登录：先在身份提供方处把 Portico 注册为 Web 应用，再填写其提供的信息。',
  },
  nameHelp: { en: 'Shown on the login page as "Sign in with <name>": the name people know their IdP by.', 'zh-CN': '在登录页上显示为“使用<名称>登录”：请用大家熟悉的身份提供方名称。' },
  trustNotice: {
    en: 'Only a super admin can change who this source trusts: the identity provider (issuer) and Portico\'s client ID there, auto-bind and what happens to people who are not associated.',
    'zh-CN': '只有超级管理员可以更改此认证源信任谁：身份提供方（Issuer）和 Portico 在其中的 Client ID、自动绑定和未关联用户的处理方式。',
  },
  created: {
    en: "OpenID Connect source created. Register its Redirect URI at the identity provider, use Test connection, then enable it in an application's Login Configuration.",
    'zh-CN': 'OpenID Connect 认证源已创建。请在身份提供方处登记其重定向 URI，点击“测试连接”，然后在应用的登录配置中启用它。',
  },
  connection: {
    intro: { en: "Reads the identity provider's discovery document and signing keys with the saved issuer.", 'zh-CN': '用已保存的 Issuer 读取身份提供方的发现文档和签名密钥。' },
    ok: { en: 'The identity provider publishes its endpoints and signing keys.', 'zh-CN': '身份提供方已发布其端点和签名密钥。' },
    advice: {
      'openid.unavailable': { en: 'The identity provider could not be reached. Check the issuer URL and the network (DNS, proxy, firewall).', 'zh-CN': '无法连接身份提供方。请检查 Issuer 地址和网络（DNS、代理、防火墙）。' },
      'openid.timeout': { en: 'The identity provider did not answer in time. Check the network path, or raise the timeout.', 'zh-CN': '身份提供方未及时响应。请检查网络，或调大超时。' },
      'openid.issuer_mismatch': {
        en: 'The discovery document names another issuer. Copy the issuer exactly as the IdP states it (trailing slash and tenant included).',
        'zh-CN': '发现文档中的 Issuer 与配置的不一致。请按身份提供方给出的 Issuer 原样填写（包括末尾斜杠和租户）。',
      },
      'openid.misconfigured': { en: 'The issuer URL answered, but not like an OpenID provider that supports the code flow with PKCE.', 'zh-CN': '该 Issuer 地址有响应，但不像支持授权码 + PKCE 的 OpenID 提供方。' },
      'openid.keys_unavailable': { en: "The identity provider's signing keys (jwks_uri) could not be read.", 'zh-CN': '无法读取身份提供方的签名密钥（jwks_uri）。' },
    },
  },
  summary: ['issuer', 'autoBind'],
  sections: [
    { id: 'idp', title: { en: 'Identity provider', 'zh-CN': '身份提供方' } },
    BINDING_SECTION,
    ADVANCED_SECTION,
  ],
  fields: {
    issuer: {
      section: 'idp',
      wide: true,
      label: { en: 'Issuer URL', 'zh-CN': 'Issuer 地址' },
      help: {
        en: 'As the IdP states it, e.g. https://login.microsoftonline.com/<tenant>/v2.0 or https://<org>.okta.com. Portico reads <issuer>/.well-known/openid-configuration.',
        'zh-CN': '按身份提供方给出的填写，例如 https://login.microsoftonline.com/<租户>/v2.0 或 https://<组织>.okta.com。Portico 会读取 <issuer>/.well-known/openid-configuration。',
      },
    },
    clientId: {
      section: 'idp',
      label: { en: 'Client ID', 'zh-CN': 'Client ID' },
      help: { en: "Portico's client ID at the identity provider.", 'zh-CN': 'Portico 在身份提供方处的 Client ID。' },
    },
    clientSecret: secretField('idp', { en: 'Client secret', 'zh-CN': 'Client Secret' }),
    callbackUrl: {
      display: 'callbackUrl',
      section: 'idp',
      wide: true,
      label: { en: 'Redirect URI', 'zh-CN': '重定向 URI' },
      help: { en: "Register it at the identity provider as the application's redirect (sign-in) URI.", 'zh-CN': '在身份提供方处把它登记为该应用的重定向（登录）URI。' },
    },
    ...bindingPolicyForm<keyof typeof OPENID_ATTRIBUTES>({
      upstream: IDP,
      firstSignIn: { en: 'On a first sign-in through the identity provider', 'zh-CN': '首次通过身份提供方登录时' },
      sourceAttributes: {
        email: { en: 'Email (only when the IdP verified it)', 'zh-CN': '邮箱（仅限身份提供方已验证的）' },
        phone_number: { en: 'Phone number (only when the IdP verified it)', 'zh-CN': '手机号（仅限身份提供方已验证的）' },
        sub: { en: 'Subject (sub)', 'zh-CN': '用户标识（sub）' },
      },
    }),
    scopes: {
      section: 'advanced',
      wide: true,
      label: { en: 'Scopes', 'zh-CN': 'Scopes' },
      help: { en: 'Space-separated; must include openid. Default: {default}.', 'zh-CN': '以空格分隔，必须包含 openid。默认：{default}。' },
    },
    clientAuthMethod: {
      section: 'advanced',
      label: { en: 'Client authentication', 'zh-CN': '客户端认证方式' },
      help: { en: 'How Portico sends its client secret to the token endpoint.', 'zh-CN': 'Portico 向令牌端点发送 Client Secret 的方式。' },
      options: {
        client_secret_basic: { en: 'HTTP Basic (client_secret_basic)', 'zh-CN': 'HTTP Basic（client_secret_basic）' },
        client_secret_post: { en: 'In the form (client_secret_post)', 'zh-CN': '表单参数（client_secret_post）' },
      },
    },
    userinfo: {
      section: 'advanced',
      label: { en: 'Read UserInfo', 'zh-CN': '读取 UserInfo' },
      help: { en: 'Also ask the UserInfo endpoint, for IdPs that put email or phone there rather than in the ID token.', 'zh-CN': '同时读取 UserInfo 端点，适用于把邮箱或手机号放在那里而非 ID Token 中的身份提供方。' },
    },
    timeoutMs: timeoutField({ en: 'each call to the identity provider', 'zh-CN': '每次调用身份提供方' }),
  },
};
