/** What a failed "Test connection" advises, by the connector's error code, in both languages (the API answers in English; the console says it in the admin's language). */
import type { Localized } from '../views.ts';

/** What a passed test means. */
export const CONNECTED: Localized = { en: 'DingTalk accepted the AppKey and AppSecret.', 'zh-CN': '钉钉接受了该 AppKey 和 AppSecret。' };

export const CONNECTION_ADVICE: Readonly<Record<string, Localized>> = {
  'dingtalk.invalid_client': {
    en: 'DingTalk rejected the AppKey or AppSecret. Copy both again from the developer backend (凭证与基础信息), and check that a version of the app is published.',
    'zh-CN': '钉钉拒绝了该 AppKey 或 AppSecret。请从开发者后台“凭证与基础信息”重新复制，并确认应用已发布版本。',
  },
  'dingtalk.ip_not_whitelisted': {
    en: "This server's egress IP is not on the app's whitelist (服务器出口IP) in the DingTalk developer backend.",
    'zh-CN': '本服务器的出口 IP 不在钉钉应用的白名单（服务器出口IP）中。',
  },
  'dingtalk.permission_denied': {
    en: 'The app lacks a permission; grant it under 权限管理 in the DingTalk developer backend.',
    'zh-CN': '应用缺少权限，请在钉钉开发者后台“权限管理”中开通。',
  },
  'dingtalk.rate_limited': { en: 'DingTalk is throttling this app right now; try again in a minute.', 'zh-CN': '钉钉正在限流，请一分钟后再试。' },
  'dingtalk.quota_exceeded': { en: "The organisation's monthly DingTalk API quota is used up.", 'zh-CN': '本组织本月的钉钉接口调用额度已用完。' },
  'dingtalk.timeout': {
    en: 'DingTalk did not answer in time. Check the network path and the API base URLs, or raise the timeout.',
    'zh-CN': '钉钉未及时响应。请检查网络和服务地址，或调大超时。',
  },
  'dingtalk.unavailable': {
    en: 'DingTalk could not be reached. Check the API base URLs and the network (DNS, proxy, firewall).',
    'zh-CN': '无法连接钉钉。请检查服务地址和网络（DNS、代理、防火墙）。',
  },
  'dingtalk.bad_response': { en: 'The API base URL answered, but not like DingTalk. Check the API base URLs.', 'zh-CN': '服务地址有响应，但不像钉钉。请检查服务地址。' },
};
