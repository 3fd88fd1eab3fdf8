/** "Test connection": asks DingTalk for an app token with the stored AppKey/AppSecret and says what is wrong. */
import { isDingTalkError, type DingTalkClient } from '../../connectors/dingtalk/index.ts';
import type { ConnectionTestResult } from '../views.ts';

const ADVICE: Record<string, string> = {
  'dingtalk.invalid_client': 'DingTalk rejected the AppKey or AppSecret. Copy both again from the developer backend (凭证与基础信息), and check that a version of the app is published.',
  'dingtalk.ip_not_whitelisted': "This server's egress IP is not on the app's whitelist (服务器出口IP) in the DingTalk developer backend.",
  'dingtalk.permission_denied': 'The app lacks a permission; grant it under 权限管理 in the DingTalk developer backend.',
  'dingtalk.rate_limited': 'DingTalk is throttling this app right now; try again in a minute.',
  'dingtalk.quota_exceeded': "The organisation's monthly DingTalk API quota is used up.",
  'dingtalk.timeout': 'DingTalk did not answer in time. Check the network path and the API base URLs, or raise the timeout.',
  'dingtalk.unavailable': 'DingTalk could not be reached. Check the API base URLs and the network (DNS, proxy, firewall).',
  'dingtalk.bad_response': 'The API base URL answered, but not like DingTalk. Check the API base URLs.',
};

export async function testDingTalkConnection(client: DingTalkClient): Promise<ConnectionTestResult> {
  try {
    await client.testConnection();
    return { ok: true, message: 'Connected: DingTalk accepted the AppKey and AppSecret.' };
  } catch (error) {
    if (!isDingTalkError(error)) throw error;
    return {
      ok: false,
      code: error.code,
      message: ADVICE[error.code] ?? `DingTalk answered with an error (${error.upstreamCode ?? error.code}).`,
      upstreamCode: error.upstreamCode,
      requestId: error.requestId,
    };
  }
}
