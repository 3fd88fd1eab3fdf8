// In-client sign-in (免登, ref §3.3): a code from the JSAPI's requestAuthCode → the DingTalk member, with the app token.
import { withAppToken, type AppTokenProvider } from './app-token.ts';
import type { ConnectorContext } from './context.ts';
import { optBoolean, optNumber, reqObject, reqString, requireNonEmpty } from './guards.ts';
import { callDingTalk } from './http.ts';
import { assignIfPresent } from './profile.ts';
import type { InAppUserInfo } from './types.ts';

/**
 * POST topapi/v2/user/getuserinfo {code} (ref §3.3). A used, expired or unknown code answers 40078
 * (UNCONFIRMED, ref §3.3), mapped to dingtalk.auth_code_invalid by error-mapping.ts.
 */
export async function getUserInfoByCode(ctx: ConnectorContext, tokens: AppTokenProvider, code: string): Promise<InAppUserInfo> {
  requireNonEmpty({ code });
  // The invalid-token retry is safe: DingTalk refuses the token before it looks at (and uses up) the code.
  const body = await withAppToken(tokens, (token) => callDingTalk(ctx.http, {
    method: 'POST',
    base: ctx.endpoints.oapi,
    path: '/topapi/v2/user/getuserinfo',
    query: [['access_token', token]], // oapi takes the token in the query only (ref §1.1)
    json: { code },
    family: 'legacy',
    retryOnce: false, // the code is single use (ref §3.3): a busy answer may already have spent it
    sensitive: [token, code],
  }));
  const where = 'v2/user/getuserinfo';
  const result = reqObject(body, 'result', where);
  const info: InAppUserInfo = {
    userId: reqString(result, 'userid', where),
    sys: optBoolean(result.sys) ?? false,
    sysLevel: optNumber(result.sys_level) ?? 0,
  };
  assignIfPresent(info, 'unionId', result.unionid);
  assignIfPresent(info, 'associatedUnionId', result.associated_unionid);
  assignIfPresent(info, 'name', result.name);
  assignIfPresent(info, 'deviceId', result.device_id);
  return info;
}
