/**
 * Refresh tokens for first-party applications without prompt=consent. OpenID Connect Core §11 lets the
 * provider honour offline_access without prompt=consent when "other conditions for processing the
 * request permitting offline access" are in place: here, an application its administrator marked
 * first-party and allowed to (`offlineAccessWithoutConsent`). oidc-provider drops offline_access from
 * such a request before any hook runs; this `extraParams` validator, which runs on every authorization
 * and pushed authorization request after that, puts it back for those applications when the request
 * itself asked for it. The grant (./grants.ts), the code and the default `issueRefreshToken` (a refresh
 * token only for offline_access) do the rest: offline_access is still required.
 */
import type { Client, KoaContextWithOIDC } from 'oidc-provider';
import { decodeJwt } from 'jose';
import { allowsOfflineAccessWithoutConsent } from './clients.ts';

const OFFLINE_ACCESS = 'offline_access';

/** The scope the request came with, before the provider dropped anything: a pushed request's as pushed (with it kept), else the query's or form's. */
function requestedScope(ctx: KoaContextWithOIDC): string[] {
  const pushed = ctx.oidc.entities.PushedAuthorizationRequest;
  const raw = pushed ? decodeJwt(pushed.request).scope : ((ctx.method === 'POST' ? ctx.oidc.body : ctx.query) as Record<string, unknown> | undefined)?.scope;
  return typeof raw === 'string' ? raw.split(' ') : [];
}

/** Registered as the `scope` parameter's validator: `scope` is what the provider left of the request's. */
export async function keepOfflineAccess(ctx: KoaContextWithOIDC, scope: string | undefined, client: Client): Promise<void> {
  if (!allowsOfflineAccessWithoutConsent(client) || !client.grantTypeAllowed('refresh_token')) return;
  const kept = scope ? scope.split(' ') : [];
  if (kept.includes(OFFLINE_ACCESS) || !requestedScope(ctx).includes(OFFLINE_ACCESS)) return;
  ctx.oidc.params!.scope = [...kept, OFFLINE_ACCESS].join(' ');
}
