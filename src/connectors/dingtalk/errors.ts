// One error type with stable Portico codes; callers switch on `code`, never on DingTalk's text.

export type DingTalkErrorCode =
  | 'dingtalk.invalid_client' // bad AppKey/AppSecret (ClientId/ClientSecret)
  | 'dingtalk.auth_code_invalid' // authCode / tmp_auth_code unknown, used or expired
  | 'dingtalk.token_invalid' // access token (user or app) invalid or expired
  | 'dingtalk.missing_token' // token not sent where DingTalk expects it
  | 'dingtalk.permission_denied' // permission point not granted in the developer console
  | 'dingtalk.user_not_in_org' // unionId/userid has no employee in this organization (also a leaver, ref §2.4)
  | 'dingtalk.department_not_found' // 60003: no such department (unknown or removed)
  | 'dingtalk.ip_not_whitelisted' // server egress IP not on the app's whitelist
  | 'dingtalk.rate_limited' // QPS throttling
  | 'dingtalk.throttled' // still throttled or busy after every backoff of a directory call (directory-limits.ts)
  | 'dingtalk.quota_exceeded' // monthly API quota of the organization
  | 'dingtalk.signature_invalid' // legacy sns signature/timestamp rejected
  | 'dingtalk.upstream_error' // any other DingTalk error
  | 'dingtalk.unavailable' // network failure, 5xx, or -1 "system busy"
  | 'dingtalk.timeout' // no answer within the timeout
  | 'dingtalk.bad_response' // answer is not JSON or lacks required fields
  | 'dingtalk.callback_invalid' // redirect back to Portico without code or error
  | 'dingtalk.authorization_denied'; // user (or DingTalk) refused the authorization

export const DINGTALK_ERROR_CODES: readonly DingTalkErrorCode[] = [
  'dingtalk.invalid_client', 'dingtalk.auth_code_invalid', 'dingtalk.token_invalid', 'dingtalk.missing_token',
  'dingtalk.permission_denied', 'dingtalk.user_not_in_org', 'dingtalk.department_not_found', 'dingtalk.ip_not_whitelisted',
  'dingtalk.rate_limited', 'dingtalk.throttled',
  'dingtalk.quota_exceeded', 'dingtalk.signature_invalid', 'dingtalk.upstream_error', 'dingtalk.unavailable',
  'dingtalk.timeout', 'dingtalk.bad_response', 'dingtalk.callback_invalid', 'dingtalk.authorization_denied',
];

/** Worth trying again later (not necessarily retried automatically: see http.ts). */
const RETRYABLE = new Set<DingTalkErrorCode>(['dingtalk.unavailable', 'dingtalk.timeout', 'dingtalk.rate_limited', 'dingtalk.throttled']);

export interface DingTalkErrorDetails {
  message?: string;
  upstreamCode?: string;
  upstreamMessage?: string;
  requestId?: string;
  httpStatus?: number;
  retryable?: boolean;
  requiredScopes?: string[];
}

export class DingTalkError extends Error {
  readonly code: DingTalkErrorCode;
  /** DingTalk's own code: `code` (new API), `errcode` or `errcode/sub_code` (oapi). */
  readonly upstreamCode: string | undefined;
  /** DingTalk's text, scrubbed of any secret, code or token we sent. */
  readonly upstreamMessage: string | undefined;
  readonly requestId: string | undefined;
  readonly httpStatus: number | undefined;
  readonly retryable: boolean;
  /** Scopes DingTalk says are missing (403 accessdenieddetail, ref §2.5). */
  readonly requiredScopes: string[] | undefined;

  constructor(code: DingTalkErrorCode, details: DingTalkErrorDetails = {}) {
    super(details.message ?? defaultMessage(code, details));
    this.name = 'DingTalkError';
    this.code = code;
    this.upstreamCode = details.upstreamCode;
    this.upstreamMessage = details.upstreamMessage;
    this.requestId = details.requestId;
    this.httpStatus = details.httpStatus;
    this.retryable = details.retryable ?? RETRYABLE.has(code);
    this.requiredScopes = details.requiredScopes;
  }
}

export function isDingTalkError(e: unknown, code?: DingTalkErrorCode): e is DingTalkError {
  return e instanceof DingTalkError && (code === undefined || e.code === code);
}

// The message carries only codes and ids: DingTalk's free text stays in upstreamMessage.
function defaultMessage(code: DingTalkErrorCode, d: DingTalkErrorDetails): string {
  const parts: string[] = [code];
  if (d.upstreamCode !== undefined) parts.push(`upstream=${d.upstreamCode}`);
  if (d.httpStatus !== undefined) parts.push(`status=${d.httpStatus}`);
  if (d.requestId !== undefined) parts.push(`requestId=${d.requestId}`);
  return `DingTalk error ${parts.join(' ')}`;
}
