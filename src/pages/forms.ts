import { html, type Html } from './html.ts';
import type { Translate } from './i18n.ts';

/** Hidden fields every login form carries: the application, where to go next, and the CSRF token. */
export const hidden = (fields: Record<string, string | undefined>) =>
  Object.entries(fields).map(([name, value]) => (value === undefined ? '' : html`<input type="hidden" name="${name}" value="${value}">`));

export const notice = (kind: 'ok' | 'bad', text: string | undefined): Html | '' =>
  text ? html`<div class="notice ${kind}" role="${kind === 'bad' ? 'alert' : 'status'}">${text}</div>` : '';

/** Phone + code fields with a send button that counts down (server-enforced resend interval). */
export function phoneAndCode(t: Translate, o: { phone?: string; resendAfterSec?: number }): Html {
  return html`<label for="phone">${t('field.phone')}</label>
<div class="row"><input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" required value="${o.phone ?? ''}" placeholder="138 0000 0000">
<button class="secondary" type="submit" name="action" value="send" formnovalidate data-resend-after="${o.resendAfterSec ?? 0}" data-label="${t('action.sendCode')}" data-countdown="${t('action.resendIn', { n: '{n}' })}">${t('action.sendCode')}</button></div>
<label for="code">${t('field.code')}</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6" pattern="[0-9]{6}" placeholder="000000">`;
}

/** An existing account's sign-in name (username, mobile or email) and password, as browsers and password managers fill them. */
export function usernameAndPassword(t: Translate, o: { username?: string }): Html {
  return html`<label for="username">${t('field.username')}</label><input id="username" name="username" type="text" autocomplete="username" required value="${o.username ?? ''}">
<label for="password">${t('field.password')}</label><input id="password" name="password" type="password" autocomplete="current-password" required>`;
}
