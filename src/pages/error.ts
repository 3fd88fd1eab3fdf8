import { html, type Html } from './html.ts';
import type { Translate } from './i18n.ts';

export interface ErrorPageModel {
  message: string;
  /** Extra guidance from the administrator (e.g. the DingTalk source's deny message). */
  extra?: string | null;
  code: string;
  requestId: string;
  retryHref?: string;
}

export function errorBody(t: Translate, m: ErrorPageModel): Html {
  return html`<h1>${t('error.title')}</h1>
<div class="notice bad" role="alert" data-code="${m.code}">${m.message}</div>
${m.extra ? html`<p>${m.extra}</p>` : ''}
${m.retryHref ? html`<a class="button block" href="${m.retryHref}">${t('action.tryAgain')}</a>` : ''}
<p class="ref">${t('error.contact', { ref: `${m.code} · ${m.requestId}` })}</p>`;
}
