/**
 * OpenID Connect Back-Channel Logout 1.0: the logout tokens the provider posts to applications, and
 * the audit log's record of each delivery. The provider sends them itself at its end-session endpoint;
 * a sign-out elsewhere (./sign-out.ts) sends them through the same method of the provider's client, so
 * every token is built alike (§2.4: iss, aud, iat, exp, jti, sub, sid when the application asked for it,
 * the events claim, typ logout+jwt, no nonce; signed with the application's ID token algorithm).
 * A delivery that fails is recorded, never retried, and never stops the sign-out (§2.7 leaves retries
 * to the OP: a person signing out is not kept waiting on an application that is down).
 */
import type { Client, KoaContextWithOIDC, Provider } from 'oidc-provider';
import type { Db } from '../../store/database.ts';
import { recordAudit } from '../../audit/audit.ts';
import { afterResponse } from '../after-response.ts';
import { applicationIdOf } from '../clients.ts';

type Log = (error: unknown) => void;

export interface Delivery {
  client: Client;
  /** The user signed out (the token's `sub`). */
  accountId: string;
  /** The session id the application had in its ID tokens. */
  sid: string | undefined;
}

/** Why a delivery failed: timed out, no answer at all, or an answer other than 200/204 (§2.8). */
function failureReason(error: unknown): { reason: string; status?: number } {
  const e = error as { name?: string; response?: { status?: number } };
  if (e?.response?.status) return { reason: 'oidc.backchannel_logout.refused', status: e.response.status };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return { reason: 'oidc.backchannel_logout.timeout' };
  return { reason: 'oidc.backchannel_logout.unreachable' };
}

async function record(db: Db, d: Delivery, error: unknown, from: { ip: string | null; userAgent: string | null }, log: Log) {
  const failure = error === undefined ? undefined : failureReason(error);
  const applicationId = applicationIdOf(d.client);
  try {
    await recordAudit(
      db,
      { type: 'user', id: d.accountId, name: null, ...from },
      {
        category: 'login',
        action: 'oidc.backchannel_logout',
        outcome: failure ? 'failure' : 'success',
        reason: failure?.reason ?? 'oidc.backchannel_logout.delivered',
        target: applicationId ? { type: 'application', id: applicationId } : undefined,
        after: { clientId: d.client.clientId, sid: d.sid, status: failure?.status },
      },
    );
  } catch (lost) {
    log(lost);
  }
}

/** The provider's own deliveries (at its end-session endpoint), recorded before its answer leaves. */
export function auditBackchannelLogout(provider: Provider, db: Db, log: Log) {
  const from = (ctx: KoaContextWithOIDC) => ({ ip: ctx.ip, userAgent: ctx.get('user-agent') || null });
  provider.on('backchannel.success', (ctx: KoaContextWithOIDC, client: Client, accountId: string, sid: string | undefined) =>
    afterResponse(ctx, () => record(db, { client, accountId, sid }, undefined, from(ctx), log)),
  );
  provider.on('backchannel.error', (ctx: KoaContextWithOIDC, error: unknown, client: Client, accountId: string, sid: string | undefined) =>
    afterResponse(ctx, () => record(db, { client, accountId, sid }, error, from(ctx), log)),
  );
}

/** The provider's client can build, sign and post a logout token (oidc-provider's types leave the method out). */
type LogoutCapable = Client & { backchannelLogout(sub: string, sid: string | undefined): Promise<void> };

/** Sends logout tokens for a sign-out the provider did not see, all at once; each outcome is recorded. */
export async function sendLogoutTokens(db: Db, deliveries: Delivery[], from: { ip: string | null; userAgent: string | null }, log: Log) {
  await Promise.all(
    deliveries.map((d) =>
      (d.client as LogoutCapable).backchannelLogout(d.accountId, d.sid).then(
        () => record(db, d, undefined, from, log),
        (error: unknown) => record(db, d, error ?? new Error('delivery failed'), from, log),
      ),
    ),
  );
}
