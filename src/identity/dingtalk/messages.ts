/** What the DingTalk source says on Portico's pages, in both languages. */
import type { Messages } from '../../pages/i18n.ts';

export const dingtalkMessages: Messages = {
  en: {
    'source.dingtalk': 'DingTalk',
    'method.dingtalk': 'DingTalk Login',
    'dingtalk.scan': 'Scan with the DingTalk app',
    'dingtalk.scanHint': 'Open DingTalk on your phone, scan the QR code, then tap Confirm.',
    'bind.intro.dingtalk': 'First time here with DingTalk ({nick}). Enter the mobile number of your existing account and the code we text to it; next time the scan alone signs you in.',
    'reason.dingtalk.authorization_denied': 'You declined the sign-in in DingTalk. Scan again and tap Confirm to continue.',
    'reason.dingtalk.callback_invalid': 'The answer from DingTalk was incomplete. Start again.',
    'reason.dingtalk.auth_code_invalid': 'The DingTalk authorization expired before it could be used. Scan again.',
    'reason.dingtalk.unavailable': 'DingTalk could not be reached just now. Try again in a moment.',
    'reason.dingtalk.timeout': 'DingTalk took too long to answer. Try again in a moment.',
    'reason.dingtalk.rate_limited': 'DingTalk is busy right now. Try again in a minute.',
    'reason.dingtalk.misconfigured': 'DingTalk login is not set up correctly for this organisation. Your administrator needs to check the DingTalk authentication source.',
    'reason.dingtalk.wrong_organization': 'Only members of the organisation this application belongs to can sign in with DingTalk here.',
    'reason.dingtalk.not_associated.denied': 'Your DingTalk account is not linked to an account here, and this application does not allow new accounts.',
  },
  'zh-CN': {
    'source.dingtalk': '钉钉',
    'method.dingtalk': '钉钉登录',
    'dingtalk.scan': '使用钉钉 App 扫码登录',
    'dingtalk.scanHint': '打开手机钉钉，扫描二维码，然后点击“确认登录”。',
    'bind.intro.dingtalk': '这是您（{nick}）首次使用钉钉登录。请输入已有账号的手机号和短信验证码完成绑定，以后扫码即可直接登录。',
    'reason.dingtalk.authorization_denied': '您在钉钉中拒绝了本次登录。请重新扫码并点击“确认登录”。',
    'reason.dingtalk.callback_invalid': '钉钉返回的信息不完整。请重新开始。',
    'reason.dingtalk.auth_code_invalid': '钉钉授权已失效。请重新扫码。',
    'reason.dingtalk.unavailable': '暂时无法连接钉钉，请稍后重试。',
    'reason.dingtalk.timeout': '钉钉响应超时，请稍后重试。',
    'reason.dingtalk.rate_limited': '钉钉当前繁忙，请一分钟后重试。',
    'reason.dingtalk.misconfigured': '本组织的钉钉登录配置有误。请联系管理员检查钉钉认证源。',
    'reason.dingtalk.wrong_organization': '只有该应用所属组织的成员才能使用钉钉登录。',
    'reason.dingtalk.not_associated.denied': '您的钉钉账号尚未关联本系统账号，且该应用不允许自动创建账号。',
  },
};
