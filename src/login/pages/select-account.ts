import { html, type Html } from '../../pages/html.ts';
import { hidden } from '../../pages/forms.ts';
import type { Translate } from '../../pages/i18n.ts';

export interface SelectAccountPageModel {
  appName: string;
  /** The account signed in to this browser. */
  account: { id: string; displayName: string; username: string };
  /** Where continuing with it posts (with the CSRF token and the account shown, should another tab have changed it). */
  action: string;
  csrf: string;
  /** The application's login page, coming back to the same request once someone has signed in. */
  anotherAccountHref: string;
}

/** An application asked the person to choose an account (OpenID Connect `prompt=select_account`). */
export function selectAccountBody(t: Translate, m: SelectAccountPageModel): Html {
  return html`<h1 data-page="select-account">${t('select.title')}</h1>
<p class="sub">${t('select.intro', { app: m.appName })}</p>
<form method="post" action="${m.action}">${hidden({ csrf: m.csrf, account: m.account.id })}
<button class="block" type="submit">${t('select.continue', { name: m.account.displayName })} · ${m.account.username}</button></form>
<a class="button block secondary" href="${m.anotherAccountHref}" data-action="another-account">${t('select.another')}</a>`;
}
