import { html, type Html } from '../../pages/html.ts';
import { hidden, notice, phoneAndCode, usernameAndPassword } from '../../pages/forms.ts';
import type { Translate } from '../../pages/i18n.ts';

export interface BindPageModel {
  /** The source type's name, in the reader's language ("DingTalk", "钉钉"). */
  source: string;
  /** The introduction's message key: the type's own, or the generic one. */
  intro: string;
  nick: string;
  avatarUrl?: string;
  csrf: string;
  /** The source also lets people bind by signing in with an existing account's password. */
  passwordLink: boolean;
  phone?: string;
  username?: string;
  error?: string;
  info?: string;
  resendAfterSec?: number;
}

export function bindBody(t: Translate, m: BindPageModel): Html {
  const byPhone = html`<form method="post" action="/login/bind">${hidden({ csrf: m.csrf })}
${phoneAndCode(t, { phone: m.phone, resendAfterSec: m.resendAfterSec })}
<button class="block" type="submit" name="action" value="verify">${t('action.bind')}</button></form>`;
  return html`<h1>${t('bind.title', { source: m.source })}</h1>
<p class="sub">${m.avatarUrl ? html`<img class="avatar" src="${m.avatarUrl}" alt=""> ` : ''}${t(m.intro, { nick: m.nick, source: m.source })}</p>
${notice('bad', m.error)}${notice('ok', m.info)}
${m.passwordLink ? html`<h2>${t('bind.byPhone')}</h2>${byPhone}
<section class="divided"><h2>${t('bind.byPassword')}</h2><p class="sub">${t('bind.byPasswordIntro', { source: m.source })}</p>
<form method="post" action="/login/bind/password">${hidden({ csrf: m.csrf })}
${usernameAndPassword(t, { username: m.username })}
<button class="block" type="submit">${t('action.bind')}</button></form></section>` : byPhone}`;
}
