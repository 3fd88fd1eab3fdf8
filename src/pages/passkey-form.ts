/**
 * A form that creates or uses a passkey (the script ./assets/passkey.js drives it): the button asks
 * Portico for the ceremony's options at `options`, the browser answers, and the form posts the answer
 * to `action`. Used by the login page, the second step and the User Center.
 */
import { html, type Html } from './html.ts';
import { hidden } from './forms.ts';
import type { Translate } from './i18n.ts';

export const PASSKEY_SCRIPT = '/assets/passkey.js';

export function passkeyForm(t: Translate, m: { mode: 'create' | 'get'; action: string; options: string; label: string; fields: Html; buttonClass?: string }): Html {
  return html`<form method="post" action="${m.action}" data-passkey="${m.mode}" data-options="${m.options}">${m.fields}${hidden({ ceremony: '', credential: '' })}
<button class="${m.buttonClass ?? 'block'}" type="submit">${m.label}</button>
<p class="notice bad" role="alert" data-passkey-error hidden data-unsupported="${t('passkey.unsupported')}" data-cancelled="${t('passkey.cancelled')}" data-expired="${t('passkey.expired')}"></p></form>`;
}
