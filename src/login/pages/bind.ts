import { html, type Html } from '../../pages/html.ts';
import { hidden, notice, phoneAndCode } from '../../pages/forms.ts';
import type { Translate } from '../../pages/i18n.ts';

export interface BindPageModel {
  /** The source type's name, in the reader's language ("DingTalk", "钉钉"). */
  source: string;
  /** The introduction's message key: the type's own, or the generic one. */
  intro: string;
  nick: string;
  avatarUrl?: string;
  csrf: string;
  phone?: string;
  error?: string;
  info?: string;
  resendAfterSec?: number;
}

export function bindBody(t: Translate, m: BindPageModel): Html {
  return html`<h1>${t('bind.title', { source: m.source })}</h1>
<p class="sub">${m.avatarUrl ? html`<img class="avatar" src="${m.avatarUrl}" alt=""> ` : ''}${t(m.intro, { nick: m.nick, source: m.source })}</p>
${notice('bad', m.error)}${notice('ok', m.info)}
<form method="post" action="/login/bind">${hidden({ csrf: m.csrf })}
${phoneAndCode(t, { phone: m.phone, resendAfterSec: m.resendAfterSec })}
<button class="block" type="submit" name="action" value="verify">${t('action.bind')}</button></form>`;
}
