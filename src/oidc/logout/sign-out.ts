/**
 * A sign-out the provider did not see (the User Center's, an administrator disabling a user) reaches
 * the applications all the same: the provider sessions of what ended (./session-links.ts) end as the
 * provider's own end-session endpoint ends them (their grants revoked, unless kept past logout for
 * offline access), each application with a back-channel logout URI gets its logout token
 * (./backchannel.ts), and a browser that is there is given the front-channel logout pages to load
 * (./frontchannel.ts). It reads everything from the shared stores, so any node can do it.
 */
import type { Provider, Session } from 'oidc-provider';
import type { Db } from '../../store/database.ts';
import type { EndedSignIn, SignOutListener } from '../../login/session.ts';
import type { ProviderHolder } from '../provider-holder.ts';
import { linkedProviderSessions, unlinkProviderSessions } from './session-links.ts';
import { sendLogoutTokens, type Delivery } from './backchannel.ts';
import { frontchannelFrames } from './frontchannel.ts';

type Log = (error: unknown) => void;

/** What the provider's end-session endpoint does to a session's grants on a full sign-out. */
async function revokeGrants(provider: Provider, session: Session) {
  for (const { grantId, persistsLogout } of Object.values(session.authorizations ?? {})) {
    if (!grantId || persistsLogout) continue;
    await Promise.all([provider.AccessToken, provider.RefreshToken, provider.AuthorizationCode].map((model) => model.revokeByGrantId(grantId)));
    await (await provider.Grant.find(grantId))?.destroy();
  }
}

async function logoutTokensFor(provider: Provider, session: Session & { accountId: string }): Promise<Delivery[]> {
  const deliveries = await Promise.all(
    Object.entries(session.authorizations ?? {}).map(async ([clientId, { sid }]) => {
      const client = await provider.Client.find(clientId).catch(() => undefined);
      return client?.backchannelLogoutUri ? { client, accountId: session.accountId, sid } : undefined;
    }),
  );
  return deliveries.filter((d): d is Delivery => d !== undefined);
}

/** Listens to every sign-out (src/login/session.ts); answers the front-channel logout pages. */
export function providerSignOut(o: { holder: ProviderHolder; db: Db; log: Log }): SignOutListener {
  return async (ended: EndedSignIn) => {
    try {
      const uids = await linkedProviderSessions(o.db, ended);
      if (!uids.length) return [];
      const { provider } = await o.holder.current();
      const frames: string[] = [];
      const deliveries: Delivery[] = [];
      for (const uid of uids) {
        const session = await provider.Session.findByUid(uid);
        // Gone: the provider ended it itself (and told the applications then), or it expired.
        if (!session || session.accountId !== ended.userId) continue;
        const signedIn = session as Session & { accountId: string };
        frames.push(...(await frontchannelFrames(provider, signedIn)));
        deliveries.push(...(await logoutTokensFor(provider, signedIn)));
        await revokeGrants(provider, signedIn);
        await signedIn.destroy();
      }
      await unlinkProviderSessions(o.db, uids);
      await sendLogoutTokens(o.db, deliveries, { ip: null, userAgent: null }, o.log);
      return frames;
    } catch (error) {
      // The person is signed out of Portico whatever happens here; what failed is reported.
      o.log(error);
      return [];
    }
  };
}
