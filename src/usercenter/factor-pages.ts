/**
 * The User Center's two-step verification: the person's authenticator apps and passkeys (rename,
 * remove), adding either (an app by the sign-in's enrollment steps, src/login/pages/factor.ts), and
 * their recovery codes.
 */
import { html, type Html } from '../pages/html.ts';
import { hidden, notice } from '../pages/forms.ts';
import type { Translate } from '../pages/i18n.ts';
import type { UserFactors } from '../factors/views.ts';
import { enrollSteps, recoveryCodeList } from '../login/pages/factor.ts';
import { FACTOR_NAME_MAX } from './my-factors.ts';
import { passkeyForm } from '../pages/passkey-form.ts';

export const FACTORS_PATH = '/account/factors';
export const PASSKEYS_PATH = '/account/passkeys';
export const RECOVERY_CODES_PATH = '/account/recovery-codes';
/** Where the section sits on /account: a sign-in again comes back to it. */
export const FACTORS_ANCHOR = 'second-factors';

const nameField = (t: Translate, value: string, id: string) =>
  html`<label for="${id}">${t('account.factors.name')}</label><input id="${id}" name="name" type="text" maxlength="${FACTOR_NAME_MAX}" required value="${value}">`;

export function factorsSection(t: Translate, m: { factors: UserFactors; csrf: string; when: (iso: string) => string }): Html {
  const { factors, recoveryCodesLeft } = m.factors;
  const last = factors.length === 1;
  const addForm = html`<div class="actions"><form method="post" action="${FACTORS_PATH}">${hidden({ csrf: m.csrf })}<button class="secondary" type="submit">${t('account.factors.add')}</button></form>
<form method="post" action="${PASSKEYS_PATH}">${hidden({ csrf: m.csrf })}<button class="secondary" type="submit">${t('account.passkeys.add')}</button></form></div>`;
  return html`<h2 id="${FACTORS_ANCHOR}">${t('account.factors')}</h2>
<section data-section="factors">
${
  factors.length
    ? html`<ul class="list">${factors.map(
        (f) => html`<li data-factor="${f.id}" data-factor-type="${f.type}"><div class="grow"><div><strong>${f.name}</strong> <span class="muted">${t(`account.factors.type.${f.type}`)}</span></div>
<div class="muted">${t('account.factors.added', { at: m.when(f.createdAt) })} · ${f.lastUsedAt ? t('account.lastUsed', { at: m.when(f.lastUsedAt) }) : t('account.never')}</div>
<details class="act"><summary>${t('account.factors.rename')}</summary>
<form method="post" action="${FACTORS_PATH}/${f.id}/rename">${hidden({ csrf: m.csrf })}${nameField(t, f.name, `name-${f.id}`)}
<button class="secondary" type="submit">${t('account.factors.save')}</button></form></details>
<details class="act"><summary>${t('account.factors.remove')}</summary>
<p class="muted">${last ? t('account.factors.removeLast') : t('account.factors.removeOne')}</p>
<form method="post" action="${FACTORS_PATH}/${f.id}/remove">${hidden({ csrf: m.csrf })}
<button class="danger" type="submit">${t('account.factors.removeButton', { name: f.name })}</button></form></details></div></li>`,
      )}</ul>
${addForm}
<p data-recovery-left="${recoveryCodesLeft}">${t('account.factors.recoveryLeft', { n: recoveryCodesLeft })}</p>
<details class="act"><summary>${t('account.factors.renewRecovery')}</summary>
<p class="muted">${t('account.factors.renewConfirm')}</p>
<form method="post" action="${RECOVERY_CODES_PATH}">${hidden({ csrf: m.csrf })}<button class="secondary" type="submit">${t('account.factors.renewButton')}</button></form></details>`
    : html`<p class="muted">${t('account.factors.none')}</p>
${addForm}`
}
<p class="muted">${t('account.factors.reauth')}</p>
</section>`;
}

/** Scan, name, confirm with a first code. */
export function addFactorBody(t: Translate, m: { csrf: string; factorId: string; qrDataUrl: string; secret: string; name: string; error?: string }): Html {
  return html`<h1>${t('account.factors.add')}</h1>
<p class="sub">${t('account.factors.addIntro')}</p>
${notice('bad', m.error)}
${enrollSteps(t, { ...m, postTo: `${FACTORS_PATH}/${m.factorId}/confirm`, submit: t('account.factors.addButton'), fields: nameField(t, m.name, 'name') })}
<a class="back" href="/account#${FACTORS_ANCHOR}">${t('account.back')}</a>`;
}

/** Name the key, then let the browser create it (a security key, the device's passkey, or a phone nearby). */
export function addPasskeyBody(t: Translate, m: { csrf: string; name: string; error?: string }): Html {
  return html`<h1>${t('account.passkeys.add')}</h1>
<p class="sub">${t('account.passkeys.addIntro')}</p>
${notice('bad', m.error)}
${passkeyForm(t, { mode: 'create', action: `${PASSKEYS_PATH}/register`, options: `${PASSKEYS_PATH}/options`, label: t('account.passkeys.create'), fields: html`${hidden({ csrf: m.csrf })}${nameField(t, m.name, 'name')}` })}
<a class="back" href="/account#${FACTORS_ANCHOR}">${t('account.back')}</a>`;
}

/** New recovery codes (with a first app, or renewed), shown once. */
export function recoveryCodesPage(t: Translate, m: { codes: string[] }): Html {
  return html`<h1>${t('factor.recovery.title')}</h1>
<p class="sub">${t('account.recovery.intro')}</p>
${recoveryCodeList(m.codes)}
<a class="button block" href="/account#${FACTORS_ANCHOR}">${t('account.recovery.done')}</a>`;
}
