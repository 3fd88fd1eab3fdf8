/**
 * Portico's SSO session is the one truth about who is signed in to this browser; the provider's own
 * session follows it. A provider session without a live SSO session of the same, still active user
 * asks for login again; a sign-out at the provider ends the SSO session too.
 */
import { createHash } from 'node:crypto';
import { interactionPolicy, type KoaContextWithOIDC, type Provider } from 'oidc-provider';
import type { ShortLivedStore } from '../store/short-lived.ts';
import type { Sessions, SsoSession } from '../login/session.ts';
import { SESSION_COOKIE } from '../login/session.ts';
import { OIDC_MOUNT_PATH } from './policy.ts';
import { afterResponse } from './after-response.ts';
import { applicationIdOf } from './clients.ts';
import { asksMultiFactor } from './acr.ts';
import { DEVICE_COOKIE } from '../login/device.ts';

const { Check } = interactionPolicy;

/** The SSO session a provider request's cookie names, read once per request: both checks below ask for it. */
const readThisRequest = new WeakMap<KoaContextWithOIDC, ReturnType<Sessions['read']>>();
function ssoSessionOf(sessions: Sessions, ctx: KoaContextWithOIDC) {
  let read = readThisRequest.get(ctx);
  if (!read) readThisRequest.set(ctx, (read = sessions.read({ cookies: { [SESSION_COOKIE]: ctx.cookies.get(SESSION_COOKIE) } })));
  return read;
}

/** Added to the `login` prompt: the provider session alone is not enough to skip the login page. */
export function porticoSessionCheck(sessions: Sessions): interactionPolicy.Check {
  return new Check('portico_session', 'End-User is not signed in to Portico in this browser', async (ctx) => {
    const accountId = ctx.oidc.session?.accountId;
    if (!accountId) return Check.NO_NEED_TO_PROMPT; // `no_session` asks already
    // findAccount found no active user (disabled, locked, deleted): sign in again, where that is refused.
    if (!ctx.oidc.account) return Check.REQUEST_PROMPT;
    const current = await ssoSessionOf(sessions, ctx);
    return current?.session.userId === accountId ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
  });
}

/** Whether the signed-in person owes this authorization request a second factor (src/login/context.ts stepUpDue). */
export type StepUpDue = (cookies: Record<string, string | undefined>, applicationId: string, who: Pick<SsoSession, 'userId' | 'amr' | 'method' | 'factors'>, multiFactorAsked: boolean) => Promise<boolean>;

/**
 * Added to the `login` prompt too: a provider session is not enough when the application asks for a
 * second factor the sign-in has not given (its policy, or acr_values asking for the multi-factor level).
 * The interaction then asks for just that (./interaction.ts).
 */
export function secondFactorCheck(sessions: Sessions, due: StepUpDue): interactionPolicy.Check {
  return new Check('portico_second_factor', 'The application asks for a second factor this sign-in has not given', async (ctx) => {
    const applicationId = applicationIdOf(ctx.oidc.client);
    if (!ctx.oidc.session?.accountId || !applicationId) return Check.NO_NEED_TO_PROMPT;
    const cookies = { [SESSION_COOKIE]: ctx.cookies.get(SESSION_COOKIE), [DEVICE_COOKIE]: ctx.cookies.get(DEVICE_COOKIE) };
    const current = await ssoSessionOf(sessions, ctx);
    if (!current) return Check.NO_NEED_TO_PROMPT; // portico_session asks already
    return (await due(cookies, applicationId, current.session, asksMultiFactor(ctx.oidc.params?.acr_values))) ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
  });
}

/** How long a logout request's validated id_token_hint waits for the browser to post its confirmation. */
const LOGOUT_HINT_TTL_MS = 10 * 60 * 1000;
const hintKey = (xsrf: string) => `oidc-logout-hint:${createHash('sha256').update(xsrf).digest('base64url')}`;

/**
 * A sign-out at the provider ends the SSO session too, but only when the person meant it (ASVS 5.0
 * 10.6.2: no forced logout). With a provider session, the provider's page asked them to confirm, or a
 * first-party application named its own signed-in user (logoutSource). Without one, the provider posts
 * its form by itself, so any site could trigger it: then only an id_token_hint, validated by the
 * provider and naming the user of this SSO session, ends it.
 */
export function endSsoOnLogout(provider: Provider, sessions: Sessions, shortLived: ShortLivedStore, secureCookies: boolean) {
  const ssoOf = (ctx: KoaContextWithOIDC) => ctx.cookies.get(SESSION_COOKIE);

  // The logout request, once the provider has validated it: remember a hint that came without a provider session.
  provider.use(async (ctx, next) => {
    await next();
    const { oidc } = ctx as KoaContextWithOIDC;
    const hint = oidc?.route === 'end_session' ? oidc.entities.IdTokenHint?.payload : undefined;
    const xsrf = oidc?.session?.state?.secret;
    if (hint && typeof hint.sub === 'string' && !oidc.session?.accountId && typeof xsrf === 'string') {
      await shortLived.set(hintKey(xsrf), hint.sub, LOGOUT_HINT_TTL_MS);
    }
  });

  provider.on('end_session.success', (ctx: KoaContextWithOIDC) => {
    const params = (ctx.oidc.params ?? {}) as { logout?: string };
    const next = String(ctx.oidc.session?.state?.postLogoutRedirectUri ?? '');
    // The provider also signs out by itself when another user signs in mid-flow; it then resumes that
    // user's authorization request, and the SSO session (the new user's) must stay.
    const resuming = next !== '' && new URL(next, provider.issuer).pathname.startsWith(`${OIDC_MOUNT_PATH}/auth/`);
    if (!params.logout || resuming) return;
    const confirmed = Boolean(ctx.oidc.session?.accountId);
    const xsrf = ctx.oidc.session?.state?.secret;
    afterResponse(ctx, async () => {
      const token = ssoOf(ctx);
      if (!token) return;
      if (!confirmed) {
        const hinted = typeof xsrf === 'string' ? await shortLived.take<string>(hintKey(xsrf)) : undefined;
        const current = hinted ? await sessions.read({ cookies: { [SESSION_COOKIE]: token } }) : undefined;
        if (!current || current.session.userId !== hinted) return;
      }
      await sessions.revoke(token);
      (ctx.cookies as { secure?: boolean }).secure = secureCookies || ctx.secure;
      ctx.cookies.set(SESSION_COOKIE, null, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies });
    });
  });
}
