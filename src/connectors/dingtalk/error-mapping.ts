// Maps both DingTalk error families onto DingTalkError (ref §2.5 new API, §5.5 oapi, §7.2 limits).
import { DingTalkError, type DingTalkErrorCode } from './errors.ts';
import { isObject, optNumber, optString, requestIdOf, type JsonObject } from './guards.ts';

export type Scrub = (text: string) => string;

// New family: string codes with HTTP 4xx/5xx (ref §2.5). Mapped by code, not status: several statuses
// are UNCONFIRMED (authCode.notFound "probably 400", IpNotInWhiteList "403?", ApiCountLimitForOrg "?").
const NEW_CODES = new Map<string, DingTalkErrorCode>(Object.entries({
  invalidClientIdOrSecret: 'dingtalk.invalid_client',
  'invalidParameter.authCode.notFound': 'dingtalk.auth_code_invalid',
  InvalidAuthentication: 'dingtalk.token_invalid',
  'AuthenticationFailed.MissingParameter': 'dingtalk.missing_token',
  'Forbidden.AccessDenied.AccessTokenPermissionDenied': 'dingtalk.permission_denied',
  'Forbidden.AccessDenied.IpNotInWhiteList': 'dingtalk.ip_not_whitelisted',
  'Forbidden.AccessDenied.QpsLimitForApi': 'dingtalk.rate_limited',
  'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi': 'dingtalk.rate_limited',
  'Forbidden.AccessDenied.ApiCountLimitForOrg': 'dingtalk.quota_exceeded',
} satisfies Record<string, DingTalkErrorCode>));

// Legacy family: numeric errcode with HTTP 200; for errcode 88 the sub_code decides (ref §5.5).
const LEGACY_CODES = new Map<string, DingTalkErrorCode>(Object.entries({
  '-1': 'dingtalk.unavailable', // 系统繁忙
  '40000': 'dingtalk.missing_token', // access_token is blank
  '40014': 'dingtalk.token_invalid',
  '40078': 'dingtalk.auth_code_invalid', // 不存在的临时授权码
  '40089': 'dingtalk.invalid_client', // corpid/corpsecret
  '40096': 'dingtalk.invalid_client', // appKey/appSecret
  '60011': 'dingtalk.permission_denied',
  '60003': 'dingtalk.department_not_found', // 部门不存在 (ref §1.4; assumed for listsub/user/list too)
  '60020': 'dingtalk.ip_not_whitelisted',
  '60121': 'dingtalk.user_not_in_org', // 未找到对应员工 (ref §5.3)
  '90002': 'dingtalk.rate_limited',
  '90018': 'dingtalk.rate_limited',
  '90019': 'dingtalk.rate_limited',
  '90020': 'dingtalk.quota_exceeded', // monthly org quota (ref §7.2)
} satisfies Record<string, DingTalkErrorCode>));

function newFamilyCode(status: number, code: string | undefined): DingTalkErrorCode {
  const known = code === undefined ? undefined : NEW_CODES.get(code);
  if (known) return known;
  // UNCONFIRMED (ref §2.5, §9): a bad refresh token's code is unknown; DingTalk names parameters this way.
  if (code?.startsWith('invalidParameter.refreshToken')) return 'dingtalk.token_invalid';
  if (code?.startsWith('invalidParameter.authCode')) return 'dingtalk.auth_code_invalid';
  if (code?.includes('QpsLimit') || status === 429) return 'dingtalk.rate_limited';
  if (status >= 500) return 'dingtalk.unavailable';
  return 'dingtalk.upstream_error';
}

/** Error for a non-2xx answer of api.dingtalk.com. `body` is undefined when it was not JSON. */
export function mapNewFamilyError(status: number, body: unknown, headerRequestId: string | undefined, scrub: Scrub): DingTalkError {
  const o: JsonObject = isObject(body) ? body : {};
  const upstreamCode = optString(o.code);
  const message = optString(o.message);
  const detail = isObject(o.accessdenieddetail) ? o.accessdenieddetail : undefined;
  const scopes = Array.isArray(detail?.requiredScopes) ? detail.requiredScopes.filter((s): s is string => typeof s === 'string') : undefined;
  return new DingTalkError(newFamilyCode(status, upstreamCode), {
    upstreamCode,
    upstreamMessage: message === undefined ? undefined : scrub(message),
    requestId: requestIdOf(o) ?? headerRequestId,
    httpStatus: status,
    requiredScopes: scopes,
  });
}

/** The oapi errcode, or undefined when the body carries none. errcode may be a numeric string (ref §5.3). */
export function legacyErrcode(body: JsonObject): number | undefined {
  return optNumber(body.errcode);
}

/** Error for an oapi body whose errcode is not 0 (HTTP 200 on errors, ref §5.5). */
export function mapLegacyError(status: number, body: JsonObject, headerRequestId: string | undefined, scrub: Scrub): DingTalkError {
  const errcode = legacyErrcode(body);
  const sub = optString(body.sub_code) ?? (typeof body.sub_code === 'number' ? String(body.sub_code) : undefined);
  const effective = errcode === 88 && sub !== undefined ? sub : String(errcode);
  const text = optString(body.sub_msg) ?? optString(body.errmsg);
  let code: DingTalkErrorCode = LEGACY_CODES.get(effective) ?? 'dingtalk.upstream_error';
  // UNCONFIRMED (ref §4.2, §9): the errcode for a bad sns signature/timestamp is unknown; recognise it by its text.
  if (code === 'dingtalk.upstream_error' && text !== undefined && /签名|signature|时间戳|timestamp/i.test(text)) {
    code = 'dingtalk.signature_invalid';
  }
  return new DingTalkError(code, {
    upstreamCode: errcode === 88 && sub !== undefined ? `88/${sub}` : String(errcode),
    upstreamMessage: text === undefined ? undefined : scrub(text),
    requestId: requestIdOf(body) ?? headerRequestId,
    httpStatus: status,
  });
}

/**
 * The per-IP WAF block answers with a non-errcode body such as {"status":1111,"wait":5,"punish":"deny"}
 * (ref §7.2, weak source: UNCONFIRMED). Treated as throttling.
 */
export function isWafBlock(body: JsonObject): boolean {
  return body.punish !== undefined || (body.status === 1111 && body.wait !== undefined);
}
