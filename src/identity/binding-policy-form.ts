/**
 * How the console asks for the binding settings (src/identity/binding-policy.ts), the same for every
 * external type: its form spreads these fields into its own, in the section `binding`, naming its upstream.
 */
import type { FieldForm, SectionForm } from './form.ts';
import type { UserAttribute } from './types.ts';
import type { Localized } from './views.ts';
import type { BindingPolicy, NotAssociatedPolicy } from './binding-policy.ts';

export const BINDING_SECTION: SectionForm = { id: 'binding', title: { en: 'Account binding', 'zh-CN': '账号绑定' }, trustNotice: true };

/** The words for Portico's user attributes (a type may offer the same ones: mobile, email). */
export const USER_ATTRIBUTE_LABELS: Record<UserAttribute, Localized> = {
  mobile: { en: 'Mobile', 'zh-CN': '手机号' },
  email: { en: 'Email', 'zh-CN': '邮箱' },
  username: { en: 'Username', 'zh-CN': '用户名' },
  employeeNumber: { en: 'Employee number', 'zh-CN': '员工编号' },
  externalId: { en: 'External ID', 'zh-CN': '外部 ID' },
};

export interface BindingPolicyWords<A extends string> {
  /** The upstream's name, as people know it ("DingTalk", "Okta"). */
  upstream: Localized;
  /** The words for each attribute the type offers (its `external.attributes`). */
  sourceAttributes: Record<A, Localized>;
  /** How a first sign-in starts a sentence, when the type has better words ("On a first scan"). */
  firstSignIn?: Localized;
}

export function bindingPolicyForm<A extends string>({ upstream, sourceAttributes, firstSignIn }: BindingPolicyWords<A>): Record<keyof BindingPolicy, FieldForm> {
  const first = firstSignIn ?? { en: `On a first sign-in with ${upstream.en}`, 'zh-CN': `首次使用${upstream['zh-CN']}登录时` };
  const section = BINDING_SECTION.id;
  const notAssociated: Record<NotAssociatedPolicy, Localized> = {
    bind_existing: { en: 'Bind an existing account (phone + code)', 'zh-CN': '绑定已有账号（手机号 + 验证码）' },
    create_user: { en: `Create a new account from the ${upstream.en} profile`, 'zh-CN': `根据${upstream['zh-CN']}资料创建新账号` },
    deny: { en: 'Deny login', 'zh-CN': '拒绝登录' },
  };
  return {
    autoBind: {
      section,
      wide: true,
      label: { en: 'Auto-bind', 'zh-CN': '自动绑定' },
      help: {
        en: `Recommended. ${first.en}, bind the ${upstream.en} account to the user whose User Association Attribute equals its Source Association Attribute, without asking for a phone number and code. Off: the user binds with phone number + verification code.`,
        'zh-CN': `推荐开启。${first['zh-CN']}，按源关联属性与用户关联属性自动绑定账号，无需输入手机号和验证码。关闭后，用户需通过手机号 + 验证码绑定。`,
      },
    },
    sourceAttribute: {
      section,
      label: { en: 'Source Association Attribute', 'zh-CN': '源关联属性' },
      help: { en: `The ${upstream.en} user field used to find the user.`, 'zh-CN': `用于查找用户的${upstream['zh-CN']}用户字段。` },
      options: sourceAttributes,
    },
    userAttribute: {
      section,
      label: { en: 'User Association Attribute', 'zh-CN': '用户关联属性' },
      help: { en: 'The Portico user field it must equal. Phones match phones, emails match emails.', 'zh-CN': '需要与之相等的 Portico 用户字段。手机号对手机号，邮箱对邮箱。' },
      options: USER_ATTRIBUTE_LABELS,
    },
    notAssociated: {
      section,
      label: { en: 'When User is Not Associated', 'zh-CN': '未关联用户时' },
      help: { en: 'What happens when Auto-bind finds no single matching user.', 'zh-CN': '自动绑定找不到唯一匹配的用户时如何处理。' },
      options: notAssociated,
    },
    passwordLink: {
      section,
      wide: true,
      label: { en: 'Also bind with an existing password', 'zh-CN': '也可用已有账号密码绑定' },
      help: {
        en: `Where people are asked to bind (Auto-bind off, or "Bind an existing account"), the binding page also offers signing in with their existing account's username, mobile or email and password, besides phone + code. The password is limited against guessing as on the login page; the application's second factor is still asked.`,
        'zh-CN': '需要用户绑定时（自动绑定关闭，或选择“绑定已有账号”），绑定页面除手机号 + 验证码外，还可以用已有账号的用户名、手机号或邮箱加密码登录来绑定。密码尝试与登录页一样受防猜测限制；应用要求的两步验证仍会进行。',
      },
    },
    notAssociatedOrgUnitId: {
      section,
      kind: 'orgUnit',
      label: { en: 'Org unit for new accounts', 'zh-CN': '新账号所在部门' },
      help: { en: 'New accounts are created in this org unit.', 'zh-CN': '新账号创建在这个部门。' },
      shownWhen: { notAssociated: 'create_user' },
      requiredWhen: { notAssociated: 'create_user' },
      requiredMessage: { en: 'Choose the org unit that new accounts are created in.', 'zh-CN': '请选择新账号所在的部门。' },
    },
    denyMessage: {
      section,
      kind: 'multiline',
      wide: true,
      label: { en: 'Deny message', 'zh-CN': '拒绝提示' },
      help: { en: 'Optional. Tells people whom to contact; shown when login is denied.', 'zh-CN': '可选。告诉用户应联系谁；拒绝登录时显示。' },
      shownWhen: { notAssociated: 'deny' },
    },
  };
}
