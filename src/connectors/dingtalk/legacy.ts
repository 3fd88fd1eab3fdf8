// Legacy "sns" QR login (ref §4): DingTalk-hosted QR page, then tmp_auth_code → user info.
import type { ConnectorContext } from './context.ts';
import { DEFAULT_DINGTALK_ENDPOINTS } from './endpoints.ts';
import { reqObject, reqString, requireNonEmpty } from './guards.ts';
import { buildUrl, callDingTalk } from './http.ts';
import { assignIfPresent } from './profile.ts';
import { legacySignature } from './signature.ts';
import type { DingTalkEndpoints, DingTalkProfile } from './types.ts';

export interface LegacyQrConnectParams {
  /** The app's AppKey (called appid on this page, ref §4.1). */
  appKey: string;
  redirectUri: string;
  state: string;
}

/** `{oapi}/connect/qrconnect?appid&response_type=code&scope=snsapi_login&state&redirect_uri` (ref §4.1). */
export function buildLegacyQrConnectUrl(p: LegacyQrConnectParams, endpoints: Pick<DingTalkEndpoints, 'oapi'> = DEFAULT_DINGTALK_ENDPOINTS): string {
  requireNonEmpty({ appKey: p.appKey, redirectUri: p.redirectUri, state: p.state });
  return buildUrl(endpoints.oapi, '/connect/qrconnect', [
    ['appid', p.appKey],
    ['response_type', 'code'],
    ['scope', 'snsapi_login'],
    ['state', p.state],
    ['redirect_uri', p.redirectUri],
  ]);
}

/** POST sns/getuserinfo_bycode with the signed query (ref §4.2, §4.3). */
export async function getUserInfoByTmpCode(ctx: ConnectorContext, code: string): Promise<DingTalkProfile> {
  requireNonEmpty({ code });
  const timestamp = String(ctx.now());
  const signature = legacySignature(ctx.appSecret, timestamp);
  const body = await callDingTalk(ctx.http, {
    method: 'POST',
    base: ctx.endpoints.oapi,
    path: '/sns/getuserinfo_bycode',
    query: [['accessKey', ctx.appKey], ['timestamp', timestamp], ['signature', signature]], // encoded once by buildUrl
    json: { tmp_auth_code: code },
    family: 'legacy',
    retryOnce: false, // tmp_auth_code is single-use (ref §4.2)
    sensitive: [ctx.appSecret, code, signature],
  });
  // main_org_auth_high_level and dingId are dropped: not part of the shared profile shape.
  const info = reqObject(body, 'user_info', 'getuserinfo_bycode');
  const profile: DingTalkProfile = { unionId: reqString(info, 'unionid', 'getuserinfo_bycode') };
  assignIfPresent(profile, 'openId', info.openid);
  assignIfPresent(profile, 'nick', info.nick);
  return profile;
}
