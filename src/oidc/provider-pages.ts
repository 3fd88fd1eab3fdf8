/**
 * The pages oidc-provider renders itself (errors it cannot redirect, sign-out confirmation, signed
 * out), in the login pages' look and the user's language, instead of the library's placeholders.
 */
import { createHash } from 'node:crypto';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { html, Html } from '../pages/html.ts';
import { page } from '../pages/layout.ts';
import { errorBody } from '../pages/error.ts';
import { hasMessage, LANG_COOKIE, pickLocale, translator, type Translate } from '../pages/i18n.ts';
import { isFirstParty } from './clients.ts';
import { SIGNING_OUT_SCRIPT, signingOutBody, signingOutCsp, type SigningOut } from '../login/pages/signing-out.ts';

/** Provider pages allow scripts only from Portico itself, plus the hash of an inline one they carry. */
export const PROVIDER_CSP = "default-src 'self'; script-src 'self'; img-src 'self' data: https:; frame-ancestors 'none'";

function render(ctx: KoaContextWithOIDC, title: (t: Translate) => string, body: (t: Translate) => Html, inlineScript?: string, scripts: string[] = []) {
  const locale = pickLocale({ query: ctx.query, cookies: { [LANG_COOKIE]: ctx.cookies.get(LANG_COOKIE) }, headers: ctx.headers });
  const t = translator(locale);
  if (inlineScript) {
    const digest = createHash('sha256').update(inlineScript).digest('base64');
    ctx.set('content-security-policy', PROVIDER_CSP.replace("script-src 'self'", `script-src 'self' 'sha256-${digest}'`));
  }
  const url = (ctx.req as { originalUrl?: string }).originalUrl ?? ctx.originalUrl;
  ctx.type = 'html';
  ctx.set('cache-control', 'no-store');
  ctx.body = page({ locale, t, title: title(t), body: body(t), url, scripts }).value.replace(
    '</body>',
    inlineScript ? `<script>${inlineScript}</script></body>` : '</body>',
  );
}

/** Requests the provider cannot send back to the client (unknown client, unregistered redirect URI, …). */
export async function renderError(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }, error: Error) {
  const serverError = out.error === 'server_error' || !('status' in error) || Number((error as { status?: number }).status) >= 500;
  const key = `reason.oidc.${out.error}`;
  render(
    ctx,
    (t) => t('error.title'),
    (t) =>
      errorBody(t, {
        message: hasMessage(key) ? t(key) : serverError ? t('reason.internal') : t('reason.oidc.invalid_request'),
        // The provider's description names the exact problem for the application's developer.
        extra: serverError ? undefined : out.error_description,
        code: `oidc.${out.error}`,
        requestId: String(ctx.response.get('x-request-id') || ''),
      }),
  );
}

/** RP-initiated logout: confirm, unless a first-party application asked for its own signed-in user. */
export async function logoutSource(ctx: KoaContextWithOIDC, form: string) {
  const { client, session, entities } = ctx.oidc;
  const hint = entities.IdTokenHint?.payload;
  const trusted = isFirstParty(client) && hint !== undefined && hint.sub === session?.accountId;
  if (trusted) {
    const action = ctx.oidc.urlFor('end_session_confirm');
    const xsrf = String(session?.state?.secret ?? '');
    render(
      ctx,
      (t) => t('logout.title'),
      (t) => html`<h1>${t('logout.signingOut')}</h1>
<form id="op.logoutForm" method="post" action="${action}"><input type="hidden" name="xsrf" value="${xsrf}"><input type="hidden" name="logout" value="yes">
<noscript><button class="block" type="submit">${t('action.continue')}</button></noscript></form>`,
      "document.getElementById('op.logoutForm').submit();",
    );
    return;
  }
  const appName = client?.clientName ?? client?.clientId;
  render(
    ctx,
    (t) => t('logout.title'),
    (t) => html`<h1>${t('logout.title')}</h1>
${appName ? html`<p class="sub">${appName}</p>` : ''}
<p>${t('logout.confirm')}</p>
${new Html(form) /* the provider's own form: its action and xsrf token */}
<button class="block" type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>${t('action.signoutConfirm')}</button>
<button class="block secondary" type="submit" form="op.logoutForm">${t('action.staySignedIn')}</button>`,
  );
}

export async function postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
  render(
    ctx,
    (t) => t('logout.doneTitle'),
    (t) => html`<h1>${t('logout.doneTitle')}</h1>
<p>${t('logout.done')}</p>
<a class="button block" href="/account">${t('action.signinAgain')}</a>`,
  );
}

/** Front-channel logout (./logout/frontchannel.ts): the applications' logout pages in frames, then on to `next`. */
export function signingOutPage(ctx: KoaContextWithOIDC, m: SigningOut) {
  ctx.status = 200;
  ctx.remove('location');
  ctx.set('content-security-policy', signingOutCsp(m.frames, PROVIDER_CSP));
  render(ctx, (t) => t('logout.signingOut'), (t) => signingOutBody(t, m), undefined, [SIGNING_OUT_SCRIPT]);
}
