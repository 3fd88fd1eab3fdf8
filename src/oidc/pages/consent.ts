import { html, type Html } from '../../pages/html.ts';
import { hidden } from '../../pages/forms.ts';
import type { MessageKey, Translate } from '../../pages/i18n.ts';
import { DIRECTORY_SCOPE } from '../../protocols/oidc/scopes.ts';

export interface ConsentPageModel {
  appName: string;
  userName: string;
  scopes: string[];
  /** Registered APIs' scopes the application asks for, as their administrator described them. */
  apiScopes: { api: string; name: string; description: string }[];
  action: string;
  csrf: string;
}

/** What each scope (the standard ones and Portico's) lets an application do, in words a person can judge. */
const SCOPE_TEXT: Record<string, MessageKey> = {
  openid: 'consent.scope.openid',
  profile: 'consent.scope.profile',
  email: 'consent.scope.email',
  phone: 'consent.scope.phone',
  offline_access: 'consent.scope.offline_access',
  [DIRECTORY_SCOPE]: 'consent.scope.portico_directory',
};

export function consentBody(t: Translate, m: ConsentPageModel): Html {
  const asked = m.scopes.filter((s) => SCOPE_TEXT[s]);
  return html`<h1>${t('consent.title', { app: m.appName })}</h1>
<p class="sub">${t('account.signedInAs', { name: m.userName })}</p>
<p>${t('consent.intro', { app: m.appName })}</p>
<ul class="list" data-section="scopes">${asked.map((s) => html`<li data-scope="${s}">${t(SCOPE_TEXT[s])}</li>`)}${m.apiScopes.map(
    (s) => html`<li data-api-scope="${s.name}">${t('consent.apiScope', { api: s.api, permission: s.description || s.name })}</li>`,
  )}</ul>
<form method="post" action="${m.action}">${hidden({ csrf: m.csrf })}
<button class="block" type="submit" name="decision" value="allow">${t('action.allow')}</button>
<button class="block secondary" type="submit" name="decision" value="deny">${t('action.deny')}</button></form>
<p class="muted">${t('consent.note')}</p>`;
}
