/**
 * The second step's pages: give a code, enroll an authenticator app, keep the recovery codes. Their
 * parts (the QR code, the enrollment steps, the list of codes) serve the User Center's enrollment too
 * (src/usercenter/factor-pages.ts).
 */
import QRCode from 'qrcode';
import { html, type Html } from '../../pages/html.ts';
import { hidden, notice } from '../../pages/forms.ts';
import type { Translate } from '../../pages/i18n.ts';
import { totpUri } from '../../factors/totp.ts';
import { SECOND_FACTOR_PATH } from '../context.ts';
import type { SecondFactorKind } from '../../factors/views.ts';
import { passkeyForm } from '../../pages/passkey-form.ts';

/** What the app scans: the account named by its username, under Portico. */
export const totpQrDataUrl = (secret: string, username: string) => QRCode.toDataURL(totpUri(secret, username, 'Portico'), { margin: 1, width: 200 });

/**
 * Whichever accepted factors the person can give: their passkey first, a code sent by SMS, an app's
 * code; and always a recovery code (in the app's field, or its own).
 */
export function challengeBody(t: Translate, m: { csrf: string; usable: SecondFactorKind[]; phone?: string; error?: string; info?: string; resendAfterSec?: number }): Html {
  const has = (k: SecondFactorKind) => m.usable.includes(k);
  const fields = html`${hidden({ csrf: m.csrf })}`;
  const key = has('passkey')
    ? passkeyForm(t, { mode: 'get', action: `${SECOND_FACTOR_PATH}/passkey`, options: `${SECOND_FACTOR_PATH}/passkey/options`, label: t('factor.passkey.use'), fields })
    : '';
  const sms = m.phone
    ? html`<form method="post" action="${SECOND_FACTOR_PATH}/sms" data-factor-form="sms">${fields}
<p>${t('factor.sms.to', { phone: m.phone })}</p>
<div class="row"><input id="sms-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6" pattern="[0-9]{6}" placeholder="000000" aria-label="${t('factor.sms.code')}">
<button class="secondary" type="submit" name="action" value="send" formnovalidate data-resend-after="${m.resendAfterSec ?? 0}" data-label="${t('action.sendCode')}" data-countdown="${t('action.resendIn', { n: '{n}' })}">${t('action.sendCode')}</button></div>
<button class="block${has('passkey') ? ' secondary' : ''}" type="submit" name="action" value="verify">${t('factor.verify')}</button></form>`
    : '';
  const intro = has('totp') ? 'factor.intro' : has('passkey') ? 'factor.intro.passkey' : 'factor.intro.sms';
  return html`<h1>${t('factor.title')}</h1>
<p class="sub">${t(intro)}</p>
${notice('bad', m.error)}${notice('ok', m.info)}
${key}${sms}
<form method="post" action="${SECOND_FACTOR_PATH}" data-factor-form="code">${fields}
<label for="code">${t(has('totp') ? 'factor.code' : 'factor.recoveryCode')}</label>
<input id="code" name="code" type="text" autocomplete="one-time-code" maxlength="16" required ${m.usable[0] === 'totp' ? 'autofocus' : ''} placeholder="${has('totp') ? '000000' : 'xxxxx-xxxxx'}">
<button class="${has('totp') && !has('passkey') ? 'block' : 'block secondary'}" type="submit">${t('factor.verify')}</button></form>
<p class="muted small">${t(has('totp') ? 'factor.recoveryHint' : 'factor.recoveryHint.passkey')}</p>`;
}

/** Scan or type the key, then confirm with the app's first code: posted to `postTo`, with `fields` besides. */
export function enrollSteps(t: Translate, m: { csrf: string; qrDataUrl: string; secret: string; postTo: string; submit: string; fields?: Html }): Html {
  return html`<ol class="steps">
<li>${t('factor.enroll.scan')}<br><img class="qr" src="${m.qrDataUrl}" width="200" height="200" alt="${t('factor.enroll.qrAlt')}"></li>
<li>${t('factor.enroll.key')} <code class="secret" data-secret>${m.secret.replace(/(.{4})/g, '$1 ').trim()}</code></li>
<li>${t('factor.enroll.confirm')}</li>
</ol>
<form method="post" action="${m.postTo}">${hidden({ csrf: m.csrf })}${m.fields ?? ''}
<label for="code">${t('factor.code')}</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6" pattern="[0-9]{6}" required placeholder="000000">
<button class="block" type="submit">${m.submit}</button></form>`;
}

/** `notice`: why the person enrolls again (an administrator's reset), said above the steps; an app (`totp`), a passkey, or either, as the application accepts. */
export function enrollBody(t: Translate, m: { csrf: string; totp?: { qrDataUrl: string; secret: string }; passkey: boolean; error?: string; notice?: string }): Html {
  const passkey = m.passkey
    ? html`${m.totp ? html`<h2>${t('factor.enroll.passkeyInstead')}</h2>` : ''}
<p class="muted">${t('factor.enroll.passkeyIntro')}</p>
${passkeyForm(t, { mode: 'create', action: `${SECOND_FACTOR_PATH}/passkey/register`, options: `${SECOND_FACTOR_PATH}/passkey/register/options`, label: t('factor.enroll.passkeyButton'), fields: html`${hidden({ csrf: m.csrf })}`, buttonClass: m.totp ? 'block secondary' : 'block' })}`
    : '';
  return html`<h1>${t('factor.enroll.title')}</h1>
<p class="sub">${t(m.totp ? 'factor.enroll.intro' : 'factor.enroll.intro.passkey')}</p>
${notice('ok', m.notice)}
${notice('bad', m.error)}
${m.totp ? enrollSteps(t, { ...m.totp, csrf: m.csrf, postTo: SECOND_FACTOR_PATH, submit: t('factor.enroll.turnOn') }) : ''}
${passkey}`;
}

/** Recovery codes, shown once. */
export const recoveryCodeList = (codes: string[]): Html => html`<ol class="recovery-codes">${codes.map((c) => html`<li><code>${c}</code></li>`)}</ol>`;

export function recoveryCodesBody(t: Translate, m: { csrf: string; codes: string[] }): Html {
  return html`<h1>${t('factor.recovery.title')}</h1>
<p class="sub">${t('factor.recovery.intro')}</p>
${recoveryCodeList(m.codes)}
<form method="post" action="${SECOND_FACTOR_PATH}/continue">${hidden({ csrf: m.csrf })}
<button class="block" type="submit">${t('factor.recovery.saved')}</button></form>`;
}
