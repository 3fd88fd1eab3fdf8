/**
 * What DingTalk's failures mean on a sign-in page: the connector's typed errors become Portico's,
 * with the reason code people see and (from the registry, ./codes.ts) the status the page answers
 * with. Caught where DingTalk is called, so the page kit knows no vendor.
 */
import { isDingTalkError, type DingTalkErrorCode } from '../../connectors/dingtalk/index.ts';
import { fail } from './codes.ts';

/**
 * The code each of the connector's errors is reported with. Failures an end user cannot fix all mean
 * "the source is misconfigured" (a 502: DingTalk answered, not as it should for us); the passing ones
 * keep their codes (try again in a moment).
 */
const REPORTED_AS = {
  'dingtalk.invalid_client': 'dingtalk.misconfigured',
  'dingtalk.permission_denied': 'dingtalk.misconfigured',
  'dingtalk.ip_not_whitelisted': 'dingtalk.misconfigured',
  'dingtalk.signature_invalid': 'dingtalk.misconfigured',
  'dingtalk.missing_token': 'dingtalk.misconfigured',
  'dingtalk.token_invalid': 'dingtalk.misconfigured',
  'dingtalk.bad_response': 'dingtalk.misconfigured',
  'dingtalk.upstream_error': 'dingtalk.misconfigured',
  'dingtalk.quota_exceeded': 'dingtalk.misconfigured',
  'dingtalk.unavailable': 'dingtalk.unavailable',
  'dingtalk.timeout': 'dingtalk.timeout',
  'dingtalk.rate_limited': 'dingtalk.rate_limited',
  'dingtalk.throttled': 'dingtalk.rate_limited',
  'dingtalk.department_not_found': 'dingtalk.misconfigured',
  'dingtalk.user_not_in_org': 'dingtalk.wrong_organization',
  'dingtalk.auth_code_invalid': 'dingtalk.auth_code_invalid',
  'dingtalk.callback_invalid': 'dingtalk.callback_invalid',
  'dingtalk.authorization_denied': 'dingtalk.authorization_denied',
} as const satisfies Record<DingTalkErrorCode, Parameters<typeof fail>[0]>;

/** The error as Portico reports it; anything that is not DingTalk's passes unchanged. */
export function fromDingTalk(error: unknown): unknown {
  if (!isDingTalkError(error)) return error;
  return fail(REPORTED_AS[error.code], error.message, { cause: error });
}
