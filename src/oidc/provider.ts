/**
 * The oidc-provider configuration: Portico's applications as clients, its users as accounts, its
 * login pages as the interaction, its store for state, and the security rules of RFC 9700 / ASVS.
 */
import Provider, { errors, interactionPolicy, type Adapter, type Client, type Configuration, type JWKS, type KoaContextWithOIDC } from 'oidc-provider';
import type { AppContext } from '../context.ts';
import type { Sessions } from '../login/session.ts';
import { accountFinder, SCOPE_CLAIMS } from './accounts.ts';
import { clientAdapter, EXTRA_CLIENT_METADATA, validateExtraClientMetadata } from './clients.ts';
import { loadExistingGrant } from './grants.ts';
import { logoutSource, postLogoutSuccessSource, renderError } from './provider-pages.ts';
import { endSsoOnLogout, porticoSessionCheck } from './sso-bridge.ts';
import { interactionPath, issuerOf } from '../protocols/oidc/endpoints.ts';
import { runAfterResponse } from './after-response.ts';
import { revocationAnswersJson } from './revocation-body.ts';
import { cookieSigner } from './cookie-signer.ts';
import { auditProviderEvents } from './audit-events.ts';
import {
  ACCESS_TOKEN_TTL_S,
  AUTHORIZATION_CODE_TTL_S,
  CLOCK_TOLERANCE_S,
  GRANT_TTL_S,
  ID_TOKEN_TTL_S,
  INTERACTION_TTL_S,
  PROVIDER_SESSION_TTL_S,
  REFRESH_TOKEN_TTL_S,
} from './policy.ts';

export interface ProviderDeps {
  ctx: AppContext;
  sessions: Sessions;
  /** Storage for every model but `Client` (SQL, or Redis). */
  artifacts: (model: string) => Adapter;
  /** Keys that sign the provider's cookies, the same on every node. */
  cookieKeys: string[];
  secureCookies: boolean;
  /** Where failures that cannot reach the response (a lost audit row) are reported. */
  logError: (error: unknown) => void;
}

/** A token may be introspected or revoked only by the client it was issued to. */
async function ownTokensOnly(_ctx: KoaContextWithOIDC, client: Client, token: { clientId?: string }) {
  return token.clientId === client.clientId;
}

async function revocationPolicy(_ctx: KoaContextWithOIDC, client: Client, token: { clientId?: string }) {
  if (token.clientId === client.clientId) return true;
  // RFC 7009 §2.1: a public client is told nothing; a confidential one learns it may not.
  if (client.clientAuthMethod === 'none') return false;
  throw new errors.InvalidRequest('client is not authorized to revoke the presented token');
}

/** CORS for browser-based public clients, from the origins of their own redirect URIs only. */
function clientBasedCORS(ctx: KoaContextWithOIDC, origin: string, client: Client) {
  if (origin === 'null') return false;
  if (ctx.oidc.route !== 'userinfo' && client.clientAuthMethod !== 'none') return false;
  return (client.redirectUris ?? []).some((uri) => URL.parse(uri)?.origin === origin);
}

export function buildProvider(deps: ProviderDeps, jwks: JWKS): Provider {
  const { ctx } = deps;
  const db = ctx.store.db;
  const clients = clientAdapter(db, { publicUrl: ctx.config.publicUrl, secretBox: ctx.secretBox });

  const policy = interactionPolicy.base();
  policy.get('login')!.checks.add(porticoSessionCheck(deps.sessions));

  const configuration: Configuration = {
    adapter: (model: string) => (model === 'Client' ? clients : deps.artifacts(model)),
    findAccount: accountFinder(db),
    jwks,
    cookies: {
      keys: cookieSigner(deps.cookieKeys),
      names: { session: 'portico_oidc_session', interaction: 'portico_oidc_interaction', resume: 'portico_oidc_resume' },
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    // `amr` tells the application how the person proved who they are (pwd, sms, dingtalk).
    claims: { ...SCOPE_CLAIMS, openid: [...SCOPE_CLAIMS.openid, 'amr'] },
    scopes: ['openid', 'offline_access', 'profile', 'email', 'phone'],
    // The authorization code flow only: no implicit or hybrid responses (RFC 9700 §2.1.2; ASVS 10.4.4).
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
    // PKCE (S256 only; `plain` is refused by the library) is required of public clients and offered to
    // all; a verifier sent without a challenge is refused as a downgrade (RFC 9700 §2.1.1).
    pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' },
    // The registered redirect URI must always be named and match exactly (RFC 9700 §4.1.3).
    allowOmittingSingleRegisteredRedirectUri: false,
    // Scope claims go into the ID token too, so an application can show who signed in without a userinfo call.
    conformIdTokenClaims: false,
    // Every refresh rotates the token; presenting a used one revokes the grant (RFC 9700 §4.14.2).
    rotateRefreshToken: true,
    clockTolerance: CLOCK_TOLERANCE_S,
    extraClientMetadata: { properties: EXTRA_CLIENT_METADATA, validator: (_ctx, key, value) => validateExtraClientMetadata(key, value) },
    loadExistingGrant,
    interactions: { policy, url: (_ctx, interaction) => interactionPath(interaction.uid) },
    renderError,
    clientBasedCORS,
    ttl: {
      AuthorizationCode: AUTHORIZATION_CODE_TTL_S,
      AccessToken: ACCESS_TOKEN_TTL_S,
      IdToken: ID_TOKEN_TTL_S,
      // Absolute: a rotated token inherits what is left of its predecessor's life (ASVS 10.4.8).
      RefreshToken: (c) => c?.oidc?.entities.RotatedRefreshToken?.remainingTTL ?? REFRESH_TOKEN_TTL_S,
      Interaction: INTERACTION_TTL_S,
      Session: PROVIDER_SESSION_TTL_S,
      Grant: GRANT_TTL_S,
    },
    features: {
      devInteractions: { enabled: false },
      introspection: { enabled: true, allowedPolicy: ownTokensOnly },
      revocation: { enabled: true, allowedPolicy: revocationPolicy },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      userinfo: { enabled: true },
      // No resource servers are registered: access tokens are for userinfo.
      resourceIndicators: { enabled: false },
    },
  };

  const provider = new Provider(issuerOf(ctx.config.publicUrl), configuration);
  // The mount writes X-Forwarded-Host/Proto from the public URL on every request (src/oidc/mount.ts).
  provider.proxy = true;
  runAfterResponse(provider);
  revocationAnswersJson(provider);
  endSsoOnLogout(provider, deps.sessions, ctx.shortLived, deps.secureCookies);
  auditProviderEvents(provider, db, deps.logError);
  return provider;
}
