/** The second step's pages: give a code, enroll an authenticator app, keep the recovery codes. */
import { html, type Html } from '../../pages/html.ts';
import { hidden, notice } from '../../pages/forms.ts';
import type { Translate } from '../../pages/i18n.ts';
import { SECOND_FACTOR_PATH } from '../context.ts';

export function challengeBody(t: Translate, m: { csrf: string; error?: string }): Html {
  return html`<h1>${t('factor.title')}</h1>
<p class="sub">${t('factor.intro')}</p>
${notice('bad', m.error)}
<form method="post" action="${SECOND_FACTOR_PATH}">${hidden({ csrf: m.csrf })}
<label for="code">${t('factor.code')}</label>
<input id="code" name="code" type="text" autocomplete="one-time-code" maxlength="16" required autofocus placeholder="000000">
<button class="block" type="submit">${t('factor.verify')}</button></form>
<p class="muted small">${t('factor.recoveryHint')}</p>`;
}

export function enrollBody(t: Translate, m: { csrf: string; qrDataUrl: string; secret: string; error?: string }): Html {
  return html`<h1>${t('factor.enroll.title')}</h1>
<p class="sub">${t('factor.enroll.intro')}</p>
${notice('bad', m.error)}
<ol class="steps">
<li>${t('factor.enroll.scan')}<br><img class="qr" src="${m.qrDataUrl}" width="200" height="200" alt="${t('factor.enroll.qrAlt')}"></li>
<li>${t('factor.enroll.key')} <code class="secret" data-secret>${m.secret.replace(/(.{4})/g, '$1 ').trim()}</code></li>
<li>${t('factor.enroll.confirm')}</li>
</ol>
<form method="post" action="${SECOND_FACTOR_PATH}">${hidden({ csrf: m.csrf })}
<label for="code">${t('factor.code')}</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6" pattern="[0-9]{6}" required placeholder="000000">
<button class="block" type="submit">${t('factor.enroll.turnOn')}</button></form>`;
}

export function recoveryCodesBody(t: Translate, m: { csrf: string; codes: string[] }): Html {
  return html`<h1>${t('factor.recovery.title')}</h1>
<p class="sub">${t('factor.recovery.intro')}</p>
<ol class="recovery-codes">${m.codes.map((c) => html`<li><code>${c}</code></li>`)}</ol>
<form method="post" action="${SECOND_FACTOR_PATH}/continue">${hidden({ csrf: m.csrf })}
<button class="block" type="submit">${t('factor.recovery.saved')}</button></form>`;
}
