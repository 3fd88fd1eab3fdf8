/**
 * Errors on login pages become a friendly, localized page saying what happened and what to do,
 * never a stack trace or JSON. The stable code stays visible as a reference for the administrator.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PorticoError } from '../errors.ts';
import { isDingTalkError } from '../connectors/dingtalk/index.ts';
import { hasMessage, type Translate } from './i18n.ts';
import { sendPage } from './context.ts';
import { errorBody } from './pages/error.ts';
import { requestRefusal, STATUS_BY_KIND } from '../http/problem.ts';

/** DingTalk failures an end user cannot fix: they all mean "the source is misconfigured". */
const MISCONFIGURED = new Set([
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

/** The stable code shown to the user (and recorded) for any error. */
export function reasonCode(error: unknown): string {
  if (isDingTalkError(error)) {
    if (MISCONFIGURED.has(error.code)) return 'dingtalk.misconfigured';
    if (error.code === 'dingtalk.user_not_in_org') return 'dingtalk.wrong_organization';
    return error.code;
  }
  if (error instanceof PorticoError) return error.code;
  return requestRefusal(error)?.code ?? 'internal';
}

export function reasonText(t: Translate, error: unknown): string {
  const code = reasonCode(error);
  const key = `reason.${code}`;
  const detail = error instanceof PorticoError ? error.detail : undefined;
  if (hasMessage(key)) return t(key, { left: String(detail?.attemptsLeft ?? ''), n: String(detail?.retryAfterSec ?? '') });
  return t('reason.internal');
}

export function statusFor(error: unknown): number {
  const code = reasonCode(error);
  if (code === 'dingtalk.misconfigured') return 502;
  if (code === 'dingtalk.unavailable' || code === 'dingtalk.timeout' || code === 'dingtalk.rate_limited') return 503;
  if (error instanceof PorticoError) return STATUS_BY_KIND[error.kind];
  if (isDingTalkError(error)) return 400;
  return requestRefusal(error)?.status ?? 500;
}

export function renderLoginError(
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
  o: { extra?: string | null; retryHref?: string } = {},
) {
  const status = statusFor(error);
  if (status >= 500 && !isDingTalkError(error)) request.log.error({ err: error }, 'login request failed');
  return sendPage(
    request,
    reply,
    (t) => t('error.title'),
    (t) => errorBody(t, { message: reasonText(t, error), code: reasonCode(error), requestId: String(request.id), extra: o.extra, retryHref: o.retryHref }),
    status,
  );
}
