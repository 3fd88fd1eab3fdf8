/** Sending a page: the reader's language, the layout, no caching, and the house CSP unless the page brings its own. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Html } from './html.ts';
import { page } from './layout.ts';
import { pickLocale, rememberLocale, translator, type Translate } from './i18n.ts';

/** Pages are never framed by others (RFC 9700 §4.16: clickjacking) and load nothing but Portico's own scripts. */
export const PAGE_CSP = "default-src 'self'; img-src * data:; frame-ancestors 'none'";

export function localeOf(request: FastifyRequest, reply: FastifyReply): { locale: ReturnType<typeof pickLocale>; t: Translate } {
  const locale = pickLocale(request);
  rememberLocale(request, reply, locale);
  return { locale, t: translator(locale) };
}

export function sendPage(request: FastifyRequest, reply: FastifyReply, title: (t: Translate) => string, body: (t: Translate) => Html, status = 200, scripts: string[] = []) {
  const { locale, t } = localeOf(request, reply);
  if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', PAGE_CSP);
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(page({ locale, t, title: title(t), body: body(t), url: request.url, scripts }).value);
}
