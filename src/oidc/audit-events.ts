/**
 * The provider's outcomes in the audit log, as login events: every authorization answered (a code
 * issued, or the error sent back), and every replayed code or reused refresh token (RFC 9700 §4.5,
 * §4.14.2: the attacks those are, and the revocations they caused).
 */
import type { KoaContextWithOIDC, Provider } from 'oidc-provider';
import type { Db } from '../store/database.ts';
import { recordAudit } from '../audit/audit.ts';
import { afterResponse } from './after-response.ts';
import { applicationIdOf } from './clients.ts';

interface ProviderEvent {
  action: 'oidc.authorize' | 'oidc.token';
  outcome: 'success' | 'failure';
  reason: string;
  userId?: string;
}

type Log = (error: unknown) => void;

function record(db: Db, ctx: KoaContextWithOIDC, e: ProviderEvent, log: Log) {
  afterResponse(ctx, async () => {
    const applicationId = applicationIdOf(ctx.oidc.client);
    try {
      await recordAudit(
        db,
        { type: e.userId ? 'user' : 'anonymous', id: e.userId ?? null, name: null, ip: ctx.ip, userAgent: ctx.get('user-agent') || null },
        {
          category: 'login',
          action: e.action,
          outcome: e.outcome,
          reason: e.reason,
          target: applicationId ? { type: 'application', id: applicationId } : undefined,
          // What an authorization request asked of the sign-in's strength: recorded, not yet honoured (./acr.ts).
          after: { clientId: ctx.oidc.client?.clientId, acrValues: e.action === 'oidc.authorize' ? ctx.oidc.params?.acr_values : undefined },
        },
      );
    } catch (error) {
      // The answer is already decided; a lost audit row is logged rather than turned into a 500.
      log(error);
    }
  });
}

export function auditProviderEvents(provider: Provider, db: Db, log: Log) {
  provider.on('authorization.success', (ctx: KoaContextWithOIDC) =>
    record(db, ctx, { action: 'oidc.authorize', outcome: 'success', reason: 'oidc.code_issued', userId: ctx.oidc.session?.accountId }, log),
  );
  provider.on('authorization.error', (ctx: KoaContextWithOIDC, error: { error?: string }) =>
    record(db, ctx, { action: 'oidc.authorize', outcome: 'failure', reason: `oidc.${error.error ?? 'server_error'}`, userId: ctx.oidc.session?.accountId }, log),
  );
  provider.on('grant.error', (ctx: KoaContextWithOIDC, error: { error?: string; error_detail?: string }) => {
    if (error.error !== 'invalid_grant' || !/already (consumed|used)/.test(error.error_detail ?? '')) return;
    const code = /authorization code/.test(error.error_detail ?? '');
    const userId = (ctx.oidc.entities.AuthorizationCode ?? ctx.oidc.entities.RefreshToken)?.accountId;
    record(db, ctx, { action: 'oidc.token', outcome: 'failure', reason: code ? 'oidc.code_replayed' : 'oidc.refresh_token_reused', userId }, log);
  });
}
