/**
 * Errors on pages become a friendly, localized page saying what happened and what to do, never a
 * stack trace or JSON. The stable code stays visible as a reference for the administrator. Upstream
 * failures (a connector's errors) are turned into PorticoErrors where they are caught, so this page
 * knows no vendor.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { PorticoError } from '../errors.ts';
import { hasMessage, type Translate } from './i18n.ts';
import { sendPage } from './send.ts';
import { errorBody } from './error.ts';
import { requestRefusal, sendProblem, STATUS_BY_KIND, toProblem } from '../http/problem.ts';

/** The stable code shown to the person (and recorded) for any error. */
export function errorCode(error: unknown): string {
  if (error instanceof PorticoError) return error.code;
  return requestRefusal(error)?.code ?? 'internal';
}

export function errorStatus(error: unknown): number {
  if (error instanceof PorticoError) return STATUS_BY_KIND[error.kind];
  return requestRefusal(error)?.status ?? 500;
}

/**
 * What the page says for the error, in the reader's language: the code's own message; else, for a
 * source type's code (`<type>.<outcome>`) without its own wording, the external sources' shared one.
 * `{source}` is the type's name, from the code or from `detail.sourceType`.
 */
export function errorText(t: Translate, error: unknown): string {
  const code = errorCode(error);
  const detail = error instanceof PorticoError ? error.detail : undefined;
  const [prefix, ...rest] = code.split('.');
  const sourceType = typeof detail?.sourceType === 'string' ? detail.sourceType : hasMessage(`source.${prefix}`) ? prefix : undefined;
  const params = { left: String(detail?.attemptsLeft ?? ''), n: String(detail?.retryAfterSec ?? ''), source: sourceType ? t(`source.${sourceType}`) : '' };
  for (const key of [`reason.${code}`, ...(sourceType === prefix ? [`reason.external.${rest.join('.')}`] : [])]) {
    if (hasMessage(key)) return t(key, params);
  }
  return t('reason.internal');
}

export function renderErrorPage(request: FastifyRequest, reply: FastifyReply, error: unknown, o: { extra?: string | null; retryHref?: string } = {}) {
  const status = errorStatus(error);
  if (status === 500) request.log.error({ err: error }, 'page request failed');
  return sendPage(
    request,
    reply,
    (t) => t('error.title'),
    (t) => errorBody(t, { message: errorText(t, error), code: errorCode(error), requestId: String(request.id), extra: o.extra, retryHref: o.retryHref }),
    status,
  );
}

/**
 * The error handler of a folder of pages: its JSON API (under /api/) answers problem+json, a page
 * that needs a session sends the person to sign in, anything else is the error page.
 */
export function pageErrorHandler(o: { signInHref: string }) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (request.url.startsWith('/api/')) return sendProblem(reply, toProblem(error, request));
    if (error instanceof PorticoError && error.code === 'session.required') return reply.redirect(o.signInHref, 303);
    return renderErrorPage(request, reply, error);
  };
}
