/** How the console asks for a DingTalk source's configuration (src/identity/form.ts), in both languages. */
import type { SourceForm } from '../form.ts';
import type { Localized } from '../views.ts';
import { ADVANCED_SECTION, secretField, timeoutField } from '../form-parts.ts';
import { BINDING_SECTION, bindingPolicyForm, USER_ATTRIBUTE_LABELS } from '../binding-policy-form.ts';
import { DINGTALK_ATTRIBUTES, ORG_SCOPED_ATTRIBUTES } from './config.ts';
import { CONNECTED, CONNECTION_ADVICE } from './connection-advice.ts';

const DINGTALK: Localized = { en: 'DingTalk', 'zh-CN': '钉钉' };

export const dingtalkForm: SourceForm = {
  intro: {
    en: "Connect an application created in the DingTalk developer backend, then enable it in an application's Login Configuration.",
    'zh-CN': '接入在钉钉开发者后台创建的应用，然后在应用的登录配置中启用。',
  },
  nameHelp: { en: 'Shown in Login Configuration and, with several DingTalk sources, on the login page.', 'zh-CN': '显示在登录配置中；有多个钉钉认证源时也显示在登录页上。' },
  trustNotice: {
    en: 'Only a super admin can change who this source trusts: the organisation and the DingTalk app (AppKey), auto-bind and what happens to people who are not associated, and the API addresses.',
    'zh-CN': '只有超级管理员可以更改此认证源信任谁：所属组织和钉钉应用（AppKey）、自动绑定和未关联用户的处理方式，以及 API 地址。',
  },
  created: {
    en: "DingTalk source created. Copy its Callback URL into the DingTalk developer backend, then enable it in an application's Login Configuration.",
    'zh-CN': '钉钉认证源已创建。请把回调地址填入钉钉开发者后台，然后在应用的登录配置中启用它。',
  },
  connection: {
    intro: { en: 'Checks the saved AppKey and AppSecret with DingTalk.', 'zh-CN': '用已保存的 AppKey 和 AppSecret 向钉钉验证。' },
    ok: CONNECTED,
    advice: CONNECTION_ADVICE,
  },
  entryAddress: {
    title: { en: 'Workbench homepage address', 'zh-CN': '工作台首页地址' },
    help: {
      en: 'Tapping the application in the DingTalk workbench signs people in with nothing to type (免登). In the DingTalk developer backend, under the H5 micro-app > 开发管理 (older backends: 基础信息), paste this address as 应用首页地址 (mobile) and PC端首页地址 (PC). It needs the CorpId set in this source: a code from the workbench is meaningful only inside one organisation. Each application that enables this source has its own address.',
      'zh-CN': '在钉钉工作台点击应用即可免登进入，无需输入任何内容。请在钉钉开发者后台的 H5 微应用 > 开发管理（旧版后台：基础信息）中，把此地址同时填为“应用首页地址”和“PC端首页地址”。需要在本认证源中填写 CorpId：工作台给出的免登码只在一个组织内有效。每个启用本认证源的应用都有自己的地址。',
    },
    fields: [
      { en: '应用首页地址 (mobile homepage)', 'zh-CN': '应用首页地址（移动端）' },
      { en: 'PC端首页地址 (PC homepage)', 'zh-CN': 'PC端首页地址' },
    ],
  },
  summary: ['appKey', 'autoBind'],
  sections: [
    { id: 'app', title: { en: 'DingTalk application', 'zh-CN': '钉钉应用' } },
    BINDING_SECTION,
    ADVANCED_SECTION,
  ],
  fields: {
    appKey: {
      section: 'app',
      label: { en: 'AppKey', 'zh-CN': 'AppKey' },
      help: { en: 'Client ID, from 凭证与基础信息 in the DingTalk developer backend.', 'zh-CN': 'Client ID，见钉钉开发者后台“凭证与基础信息”。' },
    },
    appSecret: secretField('app', { en: 'AppSecret', 'zh-CN': 'AppSecret' }, { en: 'Client Secret', 'zh-CN': 'Client Secret' }),
    callbackUrl: {
      display: 'callbackUrl',
      section: 'app',
      wide: true,
      label: { en: 'Callback URL', 'zh-CN': '回调地址' },
      help: { en: 'Paste it into the DingTalk developer backend: 开发配置 > 安全设置 > 重定向URL.', 'zh-CN': '粘贴到钉钉开发者后台：开发配置 > 安全设置 > 重定向URL。' },
    },
    // In the binding section: Auto-bind by the organisation's own records needs it.
    corpId: {
      section: BINDING_SECTION.id,
      label: { en: 'CorpId', 'zh-CN': 'CorpId' },
      help: {
        en: 'Restricts login to one DingTalk organisation; needed to look people up in it. Required for sign-in inside the DingTalk client (workbench): without it, people there get the QR code. Required when Auto-bind matches by job number or userId; optional otherwise.',
        'zh-CN': '只允许该钉钉组织的成员登录；查询组织成员信息时需要。在钉钉客户端内（工作台）免登必须填写：不填时，工作台中打开也只显示二维码。自动绑定按工号或 userId 匹配时必填，其他情况可选。',
      },
      // The server's rule (checkTrust in type.ts), said before anything is sent.
      requiredWhen: { autoBind: true, sourceAttribute: ORG_SCOPED_ATTRIBUTES },
      requiredMessage: {
        en: 'Required when Auto-bind matches by job number or userId: they are unique only within one DingTalk organisation.',
        'zh-CN': '自动绑定按工号或 userId 匹配时必填：它们只在同一个钉钉组织内唯一。',
      },
    },
    ...bindingPolicyForm<keyof typeof DINGTALK_ATTRIBUTES>({
      upstream: DINGTALK,
      firstSignIn: { en: 'On a first scan', 'zh-CN': '首次扫码时' },
      sourceAttributes: {
        mobile: USER_ATTRIBUTE_LABELS.mobile,
        email: USER_ATTRIBUTE_LABELS.email,
        jobNumber: { en: 'Job number', 'zh-CN': '工号' },
        userId: { en: 'userId', 'zh-CN': 'userId' },
        unionId: { en: 'unionId', 'zh-CN': 'unionId' },
      },
    }),
    qrMode: {
      section: 'advanced',
      label: { en: 'QR display mode', 'zh-CN': '二维码展示方式' },
      help: { en: "Embedded: the QR code on Portico's login page. Redirect: DingTalk's own page.", 'zh-CN': '内嵌：二维码显示在 Portico 登录页上。跳转：使用钉钉自己的登录页。' },
      options: {
        embedded: { en: 'Embedded on the login page', 'zh-CN': '内嵌在登录页' },
        redirect: { en: "Redirect to DingTalk's page", 'zh-CN': '跳转到钉钉登录页' },
      },
    },
    protocol: {
      section: 'advanced',
      label: { en: 'Protocol', 'zh-CN': '协议' },
      help: { en: 'Use the new OAuth2 flow unless the DingTalk app is a legacy one.', 'zh-CN': '除非钉钉应用是旧版应用，否则请使用新版 OAuth2。' },
      options: {
        oauth2: { en: 'New OAuth2 (recommended)', 'zh-CN': '新版 OAuth2（推荐）' },
        legacy: { en: 'Legacy sns', 'zh-CN': '旧版 sns' },
      },
    },
    endpoints: {
      section: 'advanced',
      label: { en: 'DingTalk API base URLs', 'zh-CN': '钉钉服务地址' },
      members: {
        login: { label: { en: 'Login base URL', 'zh-CN': '登录服务地址' } },
        api: { label: { en: 'API base URL', 'zh-CN': 'API 服务地址' } },
        oapi: { label: { en: 'OAPI base URL', 'zh-CN': 'OAPI 服务地址' } },
      },
      resetLabel: { en: "Reset to DingTalk's addresses", 'zh-CN': '恢复为钉钉官方地址' },
      fixedUnless: {
        policy: 'allowCustomEndpoints',
        note: { en: "The operator has not allowed other hosts: only DingTalk's own addresses can be used.", 'zh-CN': '运维人员未允许使用其他主机：只能使用钉钉官方地址。' },
      },
    },
    timeoutMs: timeoutField({ en: 'each DingTalk API call', 'zh-CN': '每次调用钉钉接口' }),
  },
};
