/**
 * OpenID Connect Front-Channel Logout 1.0, which oidc-provider 9 does not have: when a person signs out
 * in a browser, the page shown next loads, in a frame, the logout page of each application that person
 * was signed in to in that browser and that registered one (§2), with `iss` and `sid` when it asked
 * for them (§2: frontchannel_logout_session_required), then continues (src/login/pages/signing-out.ts).
 */
import type { KoaContextWithOIDC, Provider, Session } from 'oidc-provider';
import { frontchannelLogoutOf } from '../clients.ts';
import { signingOutPage } from '../provider-pages.ts';

/** The page to load for one application, or none when it registered no front-channel logout URI. */
async function frameFor(provider: Provider, clientId: string, sid: string | undefined): Promise<string | undefined> {
  const logout = frontchannelLogoutOf(await provider.Client.find(clientId).catch(() => undefined));
  if (!logout) return undefined;
  const url = new URL(logout.uri);
  if (logout.sessionRequired && sid) {
    url.searchParams.set('iss', provider.issuer);
    url.searchParams.set('sid', sid);
  }
  return url.toString();
}

/** The logout pages of the applications a provider session signed in to. */
export async function frontchannelFrames(provider: Provider, session: Pick<Session, 'authorizations'>): Promise<string[]> {
  const frames = await Promise.all(Object.entries(session.authorizations ?? {}).map(([clientId, a]) => frameFor(provider, clientId, a.sid)));
  return frames.filter((f): f is string => f !== undefined);
}

/**
 * At the end-session endpoint, a confirmed sign-out (`logout=yes`) answers the "Signing you out…"
 * page instead of its redirect, when an application has a logout page to load; the page then goes
 * where the redirect would have. A person who chose to stay signed in to Portico keeps the other
 * applications, and the one that asked has signed itself out: no page then.
 */
export function showFrontchannelLogout(provider: Provider) {
  provider.use(async (ctx, next) => {
    await next();
    const { oidc } = ctx as KoaContextWithOIDC;
    if (oidc?.route !== 'end_session_confirm' || ctx.status !== 303 || !(oidc.params as { logout?: string } | undefined)?.logout) return;
    const frames = oidc.session ? await frontchannelFrames(provider, oidc.session) : [];
    if (frames.length) signingOutPage(ctx as KoaContextWithOIDC, { frames, next: ctx.response.get('location') });
  });
}
