/**
 * What DingTalk's failures mean on a sign-in page: the connector's typed errors become Portico's,
 * with the reason code people see and the status the page answers with. Caught where DingTalk is
 * called, so the page kit knows no vendor.
 */
import { isDingTalkError, type DingTalkErrorCode } from '../../connectors/dingtalk/index.ts';
import { PorticoError, type ErrorKind } from '../../errors.ts';

/** Failures an end user cannot fix: they all mean "the source is misconfigured" (a 502: DingTalk answered, not as it should for us). */
const MISCONFIGURED = new Set<DingTalkErrorCode>([
  'dingtalk.invalid_client',
  'dingtalk.permission_denied',
  'dingtalk.ip_not_whitelisted',
  'dingtalk.signature_invalid',
  'dingtalk.missing_token',
  'dingtalk.token_invalid',
  'dingtalk.bad_response',
  'dingtalk.upstream_error',
  'dingtalk.quota_exceeded',
]);
/** Failures that pass: try again in a moment. */
const UNAVAILABLE = new Set<DingTalkErrorCode>(['dingtalk.unavailable', 'dingtalk.timeout', 'dingtalk.rate_limited']);

function classify(code: DingTalkErrorCode): [ErrorKind, string] {
  if (MISCONFIGURED.has(code)) return ['bad_gateway', 'dingtalk.misconfigured'];
  if (UNAVAILABLE.has(code)) return ['unavailable', code];
  if (code === 'dingtalk.user_not_in_org') return ['forbidden', 'dingtalk.wrong_organization'];
  return ['invalid', code];
}

/** The error as Portico reports it; anything that is not DingTalk's passes unchanged. */
export function fromDingTalk(error: unknown): unknown {
  if (!isDingTalkError(error)) return error;
  const [kind, code] = classify(error.code);
  return new PorticoError(kind, code, error.message, { cause: error });
}
