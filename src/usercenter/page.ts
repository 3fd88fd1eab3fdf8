import { html, type Html } from '../pages/html.ts';
import { hasMessage, type Translate } from '../pages/i18n.ts';
import type { myBindings, myProfile, myRecentLogins } from './me.ts';
import type { UserFactors } from '../factors/views.ts';
import { factorsSection } from './factor-pages.ts';
import type { MyApplication } from './my-applications.ts';

export interface AccountModel {
  profile: Awaited<ReturnType<typeof myProfile>>;
  bindings: Awaited<ReturnType<typeof myBindings>>;
  logins: Awaited<ReturnType<typeof myRecentLogins>>;
  /** External sources the user may still bind by signing in there. */
  linkable: { id: string; type: string; name: string }[];
  factors: UserFactors;
  /** "My applications": those the administrators list, each with the address that signs the person in there. */
  applications: MyApplication[];
  csrf: string;
  locale: string;
}

const methodName = (t: Translate, method: string) => (hasMessage(`method.${method}`) ? t(`method.${method}`) : method);

export function accountBody(t: Translate, m: AccountModel): Html {
  const when = (iso: string) => new Date(iso).toLocaleString(m.locale, { timeZone: 'Asia/Shanghai', hour12: false });
  return html`<h1>${t('account.title')}</h1>
<p class="sub">${t('account.signedInAs', { name: m.profile.displayName })}</p>
${
  m.applications.length
    ? html`<h2>${t('account.applications')}</h2>
<ul class="apps" data-section="applications">${m.applications.map(
        (a) => html`<li><a class="app-tile" href="${a.href}" data-application="${a.id}">${a.logoUrl ? html`<img src="${a.logoUrl}" alt="">` : html`<span class="app-initial">${[...a.name][0] ?? ''}</span>`}
<span><strong>${a.name}</strong>${a.description ? html`<span class="muted small">${a.description}</span>` : ''}</span></a></li>`,
      )}</ul>`
    : ''
}
<h2>${t('account.profile')}</h2>
<dl class="profile" data-section="profile">
<dt>${t('profile.username')}</dt><dd>${m.profile.username}</dd>
<dt>${t('profile.mobile')}</dt><dd>${m.profile.mobile ?? '—'}</dd>
<dt>${t('profile.email')}</dt><dd>${m.profile.email ?? '—'}</dd>
</dl>
<h2>${t('account.bindings')}</h2>
${
  m.bindings.length
    ? html`<ul class="list" data-section="bindings">${m.bindings.map(
        (b) => html`<li data-binding="${b.id}">${b.avatarUrl ? html`<img class="avatar" src="${b.avatarUrl}" alt="">` : html`<span class="avatar"></span>`}
<div class="grow"><div><strong>${b.nick ?? '—'}</strong> · ${b.sourceName}</div>
<div class="muted">${t('account.boundAt', { at: when(b.boundAt) })} · ${b.lastUsedAt ? t('account.lastUsed', { at: when(b.lastUsedAt) }) : t('account.never')}</div></div>
<form method="post" action="/account/bindings/${b.id}/unbind"><input type="hidden" name="csrf" value="${m.csrf}"><button class="link" type="submit">${t('action.unbind')}</button></form></li>`,
      )}</ul>`
    : html`<p class="muted" data-section="bindings">${t('account.noBindings')}</p>`
}
${m.linkable.map((x) => html`<a class="button secondary" data-bind-source="${x.id}" href="/login/${x.type}/${x.id}/link">${t('account.bind', { source: t(`source.${x.type}`) })}${m.linkable.length > 1 ? ` · ${x.name}` : ''}</a> `)}
${factorsSection(t, { factors: m.factors, csrf: m.csrf, when })}
<h2>${t('account.logins')}</h2>
<ul class="list" data-section="logins">${m.logins.map(
    (l) => html`<li><div class="grow"><div>${methodName(t, l.method)} · ${l.application ?? ''}</div><div class="muted">${when(l.at)} · ${l.ip ?? ''}</div></div><span class="muted">${l.outcome === 'success' ? '✓' : '✗ ' + (l.reason ?? '')}</span></li>`,
  )}</ul>
<form method="post" action="/logout"><input type="hidden" name="csrf" value="${m.csrf}"><button class="block secondary" type="submit">${t('action.signout')}</button></form>`;
}
