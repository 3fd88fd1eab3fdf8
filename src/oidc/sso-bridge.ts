/**
 * Portico's SSO session is the one truth about who is signed in to this browser; the provider's own
 * session follows it. A provider session without a live SSO session of the same, still active user
 * asks for login again; a sign-out at the provider ends the SSO session too.
 */
import { interactionPolicy, type KoaContextWithOIDC, type Provider } from 'oidc-provider';
import type { Sessions } from '../login/session.ts';
import { SESSION_COOKIE } from '../login/session.ts';
import { OIDC_MOUNT_PATH } from './policy.ts';
import { afterResponse } from './after-response.ts';

const { Check } = interactionPolicy;

/** Added to the `login` prompt: the provider session alone is not enough to skip the login page. */
export function porticoSessionCheck(sessions: Sessions): interactionPolicy.Check {
  return new Check('portico_session', 'End-User is not signed in to Portico in this browser', async (ctx) => {
    const accountId = ctx.oidc.session?.accountId;
    if (!accountId) return Check.NO_NEED_TO_PROMPT; // `no_session` asks already
    // findAccount found no active user (disabled, locked, deleted): sign in again, where that is refused.
    if (!ctx.oidc.account) return Check.REQUEST_PROMPT;
    const current = await sessions.read({ cookies: { [SESSION_COOKIE]: ctx.cookies.get(SESSION_COOKIE) } });
    return current?.session.userId === accountId ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
  });
}

/** After a confirmed sign-out of the whole provider session, the SSO session ends in the same response. */
export function endSsoOnLogout(provider: Provider, sessions: Sessions, secureCookies: boolean) {
  provider.on('end_session.success', (ctx: KoaContextWithOIDC) => {
    const params = (ctx.oidc.params ?? {}) as { logout?: string };
    const next = String(ctx.oidc.session?.state?.postLogoutRedirectUri ?? '');
    // The provider also signs out by itself when another user signs in mid-flow; it then resumes that
    // user's authorization request, and the SSO session (the new user's) must stay.
    const resuming = next !== '' && new URL(next, provider.issuer).pathname.startsWith(`${OIDC_MOUNT_PATH}/auth/`);
    if (!params.logout || resuming) return;
    afterResponse(ctx, async () => {
      const token = ctx.cookies.get(SESSION_COOKIE);
      if (token) await sessions.revoke(token);
      (ctx.cookies as { secure?: boolean }).secure = secureCookies || ctx.secure;
      ctx.cookies.set(SESSION_COOKIE, null, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies });
    });
  });
}
