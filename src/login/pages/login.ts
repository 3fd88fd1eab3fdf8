import { html, type Html } from '../../pages/html.ts';
import { hidden, notice, phoneAndCode } from '../../pages/forms.ts';
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
  const fields = hidden({ app: m.appParam, return_to: m.returnTo, csrf: m.csrf });
  let panel: Html | '' = '';
  if (m.selected?.type === 'password') {
    panel = html`<form method="post" action="/login/password">${fields}
<label for="username">${t('field.username')}</label><input id="username" name="username" type="text" autocomplete="username" required value="${m.username ?? ''}">
<label for="password">${t('field.password')}</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button class="block" type="submit">${t('action.signin')}</button></form>`;
  } else if (m.selected?.type === 'sms') {
    panel = html`<form method="post" action="/login/sms">${fields}
${phoneAndCode(t, { phone: m.phone, resendAfterSec: m.resendAfterSec })}
<button class="block" type="submit" name="action" value="verify">${t('action.signin')}</button></form>`;
  }
  return html`<h1>${t('login.title', { app: m.appName })}</h1><p class="sub">${t('login.choose')}</p>${tabs}${notice('bad', m.error)}${notice('ok', m.info)}${panel}`;
}
