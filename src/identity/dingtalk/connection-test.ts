/** "Test connection": asks DingTalk for an app token with the stored AppKey/AppSecret and says what is wrong. */
import { isDingTalkError, type DingTalkClient } from '../../connectors/dingtalk/index.ts';
import type { ConnectionTestResult } from '../views.ts';
import { CONNECTION_ADVICE, CONNECTED } from './connection-advice.ts';

export async function testDingTalkConnection(client: DingTalkClient): Promise<ConnectionTestResult> {
  try {
    await client.testConnection();
    return { ok: true, message: CONNECTED.en };
  } catch (error) {
    if (!isDingTalkError(error)) throw error;
    return {
      ok: false,
      code: error.code,
      message: CONNECTION_ADVICE[error.code]?.en ?? `DingTalk answered with an error (${error.upstreamCode ?? error.code}).`,
      upstreamCode: error.upstreamCode,
      requestId: error.requestId,
    };
  }
}
