/**
 * Consent as grants: first-party applications (the enterprise's own systems, the User Center) get
 * what they ask for without a consent page (registered APIs' scopes included); third-party ones get what the user allowed on it.
 */
import type { Grant, Interaction, KoaContextWithOIDC, Provider } from 'oidc-provider';
import { isFirstParty } from './clients.ts';
import type { Db } from '../store/database.ts';
import { apisByIdentifier } from '../apis/apis.ts';

/** `loadExistingGrant`: the grant of this session and client; for first-party clients, extended to the request. */
export async function loadExistingGrant(ctx: KoaContextWithOIDC): Promise<Grant | undefined> {
  const { client, session, provider } = ctx.oidc;
  if (!client || !session?.accountId) return undefined;
  const grantId = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
  const existing = grantId ? await provider.Grant.find(grantId) : undefined;
  if (!isFirstParty(client)) return existing;

  const grant = existing ?? new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  const scopes = new Set(grant.getOIDCScopeEncountered().split(' '));
  const claims = new Set(grant.getOIDCClaimsEncountered());
  const missingScopes = [...ctx.oidc.requestParamOIDCScopes].filter((s) => !scopes.has(s));
  const missingClaims = [...ctx.oidc.requestParamClaims].filter((c) => !claims.has(c));
  // A registered API's scopes the request asks for, of those the application may be granted (./resource-servers.ts).
  const missingResourceScopes = Object.entries(ctx.oidc.resourceServers ?? {}).flatMap(([indicator, server]) => {
    const encountered = new Set(grant.getResourceScopeEncountered(indicator).split(' '));
    const missing = [...ctx.oidc.requestParamScopes].filter((s) => server.scopes.has(s) && !encountered.has(s));
    return missing.length ? [[indicator, missing.join(' ')] as const] : [];
  });
  if (existing && !missingScopes.length && !missingClaims.length && !missingResourceScopes.length) return existing;
  if (missingScopes.length) grant.addOIDCScope(missingScopes.join(' '));
  if (missingClaims.length) grant.addOIDCClaims(missingClaims);
  for (const [indicator, scopes] of missingResourceScopes) grant.addResourceScope(indicator, scopes);
  await grant.save();
  return grant;
}

/** Grants what the consent prompt found missing, and returns the interaction result that says so. */
export async function grantMissing(provider: Provider, details: Interaction) {
  const accountId = details.session?.accountId;
  const clientId = String(details.params.client_id);
  if (!accountId) throw new Error('consent without a signed-in account');
  const grant = (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ?? new provider.Grant({ accountId, clientId });
  const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
  if (missing.missingOIDCScope?.length) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims?.length) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
  const grantId = await grant.save();
  return { consent: { grantId } };
}

/** The registered APIs' scopes the consent prompt asks for, with the API's name and each scope's description. */
export async function askedApiScopes(db: Db, details: Interaction) {
  const missing = (details.prompt.details as { missingResourceScopes?: Record<string, string[]> }).missingResourceScopes ?? {};
  const apis = await apisByIdentifier(db, Object.keys(missing));
  return apis.flatMap((api) => api.scopes.filter((s) => missing[api.identifier].includes(s.name)).map((s) => ({ api: api.name, ...s })));
}
