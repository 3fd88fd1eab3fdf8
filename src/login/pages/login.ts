import { html, type Html } from '../../pages/html.ts';
import { hidden, notice } from '../../pages/forms.ts';
import { sourceType } from '../../identity/registry.ts';
import type { Translate } from '../../pages/i18n.ts';

export interface LoginMethodView {
  sourceId: string;
  type: string;
  /** Signs in elsewhere (its link starts that); the others have a form here. */
  external: boolean;
  label: string;
  href: string;
}

export interface LoginPageModel {
  appName: string;
  methods: LoginMethodView[];
  selected?: LoginMethodView;
  appParam: string;
  returnTo?: string;
  csrf: string;
  error?: string;
  info?: string;
  username?: string;
  phone?: string;
  resendAfterSec?: number;
}

export function loginBody(t: Translate, m: LoginPageModel): Html {
  if (!m.methods.length) return html`<h1>${t('login.title', { app: m.appName })}</h1><p class="sub">${t('login.none')}</p>`;
  const tabs = html`<nav class="tabs" aria-label="${t('login.choose')}">${m.methods.map(
    (method) => html`<a href="${method.href}" class="${method === m.selected ? 'on' : ''}" data-method="${method.type}">${method.label}</a>`,
  )}</nav>`;
  // A method signed in here draws its own form (src/identity/types.ts SignInPanel); an external one opens its own page.
  const panel = m.selected && !m.selected.external ? sourceType(m.selected.type).panel?.render(t, { ...m, fields: html`${hidden({ app: m.appParam, return_to: m.returnTo, csrf: m.csrf })}` }) : undefined;
  return html`<h1>${t('login.title', { app: m.appName })}</h1><p class="sub">${t('login.choose')}</p>${tabs}${notice('bad', m.error)}${notice('ok', m.info)}${panel ?? ''}`;
}
