/**
 * Telling applications that the person signed out: OpenID Connect Back-Channel Logout 1.0 (the
 * provider's feature, audited: ./backchannel.ts) and Front-Channel Logout 1.0 (Portico's:
 * ./frontchannel.ts), wherever the sign-out happened (./sign-out.ts, which finds the provider sessions
 * each authorization links here to Portico's SSO session).
 */
import type { KoaContextWithOIDC, Provider } from 'oidc-provider';
import type { Db } from '../../store/database.ts';
import { SESSION_COOKIE, sessionIdOf } from '../../login/session.ts';
import { afterResponse } from '../after-response.ts';
import { auditBackchannelLogout } from './backchannel.ts';
import { showFrontchannelLogout } from './frontchannel.ts';
import { linkProviderSession } from './session-links.ts';

type Log = (error: unknown) => void;

export function logoutChannels(provider: Provider, db: Db, log: Log) {
  // Back-Channel Logout §2.1 and Front-Channel Logout §3: an OP that supports session ids includes
  // `sid` in every ID token, so that any application can match a logout to its sign-in. The provider
  // would put it only in those of applications that require it in logout tokens.
  provider.Client.prototype.includeSid = () => true;

  // Every authorization links its provider session to the browser's SSO session (the login prompt's
  // check made sure they are the same person's: src/oidc/sso-bridge.ts).
  provider.on('authorization.success', (ctx: KoaContextWithOIDC) => {
    const token = ctx.cookies.get(SESSION_COOKIE);
    const session = ctx.oidc.session;
    if (!token || !session?.accountId) return;
    const link = { sessionUid: session.uid, userId: session.accountId, ssoSessionId: sessionIdOf(token) };
    afterResponse(ctx, () => linkProviderSession(db, link).catch(log));
  });

  auditBackchannelLogout(provider, db, log);
  showFrontchannelLogout(provider);
}
