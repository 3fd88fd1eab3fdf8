import { html, type Html } from './html.ts';
import type { Locale, Translate } from './i18n.ts';

export interface PageOptions {
  locale: Locale;
  t: Translate;
  title: string;
  body: Html;
  /** The current path and query, to build the language switch link. */
  url: string;
  scripts?: string[];
}

function switchLanguageHref(url: string, locale: Locale): string {
  const u = new URL(url, 'http://x');
  u.searchParams.set('lang', locale === 'zh-CN' ? 'en' : 'zh-CN');
  return u.pathname + u.search;
}

export function page(o: PageOptions): Html {
  return html`<!doctype html>
<html lang="${o.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · ${o.t('app.name')}</title>
<link rel="stylesheet" href="/assets/portico.css">
${(o.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
</head>
<body>
<header class="top"><a class="brand" href="/account">${o.t('app.name')}</a><a class="lang" href="${switchLanguageHref(o.url, o.locale)}">${o.t('lang.switch')}</a></header>
<main class="card">
${o.body}
</main>
</body>
</html>`;
}
