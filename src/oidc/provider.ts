/**
 * The oidc-provider configuration: Portico's applications as clients, its users as accounts, its
 * login pages as the interaction, its store for state, and the security rules of RFC 9700 / ASVS.
 */
import Provider, { errors, type Adapter, type Client, type Configuration, type JWKS, type KoaContextWithOIDC } from 'oidc-provider';
import type { AppContext } from '../context.ts';
import type { Sessions } from '../login/session.ts';
import { accountFinder, SCOPE_CLAIMS } from './accounts.ts';
import { OIDC_SCOPES } from '../protocols/oidc/scopes.ts';
import { resourceIndicators } from './resource-servers.ts';
import { clientAdapter, EXTRA_CLIENT_METADATA, isPkceRequired, tokenLifetimesOf, validateExtraClientMetadata } from './clients.ts';
import { keepOfflineAccess } from './offline-access.ts';
import { providerFetch } from './outbound-fetch.ts';
import { TOKEN_ENDPOINT_AUTH_METHODS } from '../protocols/oidc/settings.ts';
import { loadExistingGrant } from './grants.ts';
import { logoutSource, postLogoutSuccessSource, renderError } from './provider-pages.ts';
import { endSsoOnLogout } from './sso-bridge.ts';
import { interactionPrompts, promptValuesSupported } from './prompts.ts';
import type { StepUpDue } from './sso-bridge.ts';
import { interactionUrl } from './ui-locales.ts';
import { httpPostPlan } from './http-post.ts';
import { cacheHeaders } from './cache-headers.ts';
import { ACR_VALUES_SUPPORTED } from './acr.ts';
import { LOCALES } from '../pages/i18n.ts';
import { issuerOf } from '../protocols/oidc/endpoints.ts';
import { runAfterResponse } from './after-response.ts';
import { revocationAnswersJson } from './revocation-body.ts';
import { cookieSigner } from './cookie-signer.ts';
import { auditProviderEvents } from './audit-events.ts';
import { introspectionPolicy } from './introspection.ts';
import { logoutChannels } from './logout/channels.ts';
import {
  AUTHORIZATION_CODE_TTL_S,
  CLIENT_ASSERTION_ALGS,
  CLOCK_TOLERANCE_S,
  GRANT_TTL_S,
  ID_TOKEN_SIGNING_ALGS,
  INTERACTION_TTL_S,
  PROVIDER_SESSION_TTL_S,
} from './policy.ts';

export interface ProviderDeps {
  ctx: AppContext;
  sessions: Sessions;
  /** Whether a signed-in person owes an authorization request a second factor (src/login/context.ts). */
  stepUpDue: StepUpDue;
  /** Storage for every model but `Client` (SQL, or Redis). */
  artifacts: (model: string) => Adapter;
  /** Keys that sign the provider's cookies, the same on every node. */
  cookieKeys: string[];
  secureCookies: boolean;
  /** Where failures that cannot reach the response (a lost audit row) are reported. */
  logError: (error: unknown) => void;
}

/** A token may be revoked only by the client it was issued to (introspection: ./introspection.ts). */
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
  const findAccount = accountFinder(db);

  const policy = interactionPrompts(deps.sessions, deps.stepUpDue);
  const post = httpPostPlan(ctx.config.publicUrl);

  const configuration: Configuration = {
    adapter: (model: string) => (model === 'Client' ? clients : deps.artifacts(model)),
    findAccount,
    jwks,
    cookies: {
      keys: cookieSigner(deps.cookieKeys),
      names: { session: 'portico_oidc_session', interaction: 'portico_oidc_interaction', resume: 'portico_oidc_resume' },
      // The session cookie is SameSite=None; Secure under https, so that the authorization and logout
      // endpoints can take a cross-site POST (./http-post.ts); everything else stays Lax.
      long: { httpOnly: true, signed: true, ...post.sessionCookie },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    // Core §3.1.2.1: the authorization endpoint takes GET and POST (./http-post.ts: under https).
    enableHttpPostMethods: post.native,
    // `amr` tells the application how the person proved who they are (pwd, sms, dingtalk); `acr` how strongly (./acr.ts).
    claims: { ...SCOPE_CLAIMS, openid: [...SCOPE_CLAIMS.openid, 'amr', 'acr'] },
    acrValues: ACR_VALUES_SUPPORTED,
    discovery: {
      ui_locales_supported: [...LOCALES],
      prompt_values_supported: promptValuesSupported(policy),
      // Portico's own front-channel logout, with iss and sid (./logout/frontchannel.ts).
      frontchannel_logout_supported: true,
      frontchannel_logout_session_supported: true,
    },
    scopes: [...OIDC_SCOPES],
    // The authorization code flow only: no implicit or hybrid responses (RFC 9700 §2.1.2; ASVS 10.4.4).
    responseTypes: ['code'],
    // Each application authenticates as it was set up to (src/protocols/oidc/client-authentication.ts).
    clientAuthMethods: [...TOKEN_ENDPOINT_AUTH_METHODS],
    // ID tokens in the algorithm each application chose; client assertions in these (never `none`).
    enabledJWA: { idTokenSigningAlgValues: [...ID_TOKEN_SIGNING_ALGS], clientAuthSigningAlgValues: [...CLIENT_ASSERTION_ALGS] },
    // An application's JWKS URI is fetched with the provider's SSRF guard (loopback only in development).
    fetch: providerFetch(ctx.config.publicUrl),
    // PKCE (S256 only; `plain` is refused by the library) is required of public clients and of the
    // applications that ask for it, and offered to all; a verifier sent without a challenge is refused
    // as a downgrade (RFC 9700 §2.1.1).
    pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' || isPkceRequired(client) },
    // First-party applications that may get refresh tokens without prompt=consent (./offline-access.ts).
    extraParams: { scope: keepOfflineAccess },
    // The registered redirect URI must always be named and match exactly (RFC 9700 §4.1.3).
    allowOmittingSingleRegisteredRedirectUri: false,
    // Scope claims go into the ID token too, so an application can show who signed in without a userinfo call.
    conformIdTokenClaims: false,
    // Every refresh rotates the token; presenting a used one revokes the grant (RFC 9700 §4.14.2).
    rotateRefreshToken: true,
    clockTolerance: CLOCK_TOLERANCE_S,
    extraClientMetadata: { properties: EXTRA_CLIENT_METADATA, validator: (_ctx, key, value) => validateExtraClientMetadata(key, value) },
    loadExistingGrant,
    interactions: { policy, url: (c, interaction) => interactionUrl(interaction.uid, c.oidc.params?.ui_locales) },
    renderError,
    clientBasedCORS,
    ttl: {
      AuthorizationCode: AUTHORIZATION_CODE_TTL_S,
      // Each application's own, within the bounds of src/protocols/oidc/token-policy.ts.
      // A registered API's own for its JWT access tokens (./resource-servers.ts).
      AccessToken: (_c, token, client) => token.resourceServer?.accessTokenTTL ?? tokenLifetimesOf(client).accessToken,
      ClientCredentials: (_c, token, client) => token.resourceServer?.accessTokenTTL ?? tokenLifetimesOf(client).accessToken,
      IdToken: (_c, _token, client) => tokenLifetimesOf(client).idToken,
      // Absolute: a rotated token inherits what is left of its predecessor's life (ASVS 10.4.8).
      RefreshToken: (c, _token, client) => c?.oidc?.entities.RotatedRefreshToken?.remainingTTL ?? tokenLifetimesOf(client).refreshToken,
      Interaction: INTERACTION_TTL_S,
      Session: PROVIDER_SESSION_TTL_S,
      Grant: GRANT_TTL_S,
    },
    features: {
      devInteractions: { enabled: false },
      introspection: { enabled: true, allowedPolicy: introspectionPolicy(findAccount) },
      revocation: { enabled: true, allowedPolicy: revocationPolicy },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      // Logout tokens to the applications that registered a URI, at every sign-out (./logout/).
      backchannelLogout: { enabled: true },
      userinfo: { enabled: true },
      // Registered APIs as resource servers, with JWT access tokens; machine-to-machine applications get them with client credentials.
      resourceIndicators: resourceIndicators(db),
      clientCredentials: { enabled: true },
      // RFC 9126 pushed authorization requests: offered to every application, required of those that ask.
      pushedAuthorizationRequests: { enabled: true },
    },
  };

  const provider = new Provider(issuerOf(ctx.config.publicUrl), configuration);
  // The mount writes X-Forwarded-Host/Proto from the public URL on every request (src/oidc/mount.ts).
  provider.proxy = true;
  runAfterResponse(provider);
  cacheHeaders(provider);
  revocationAnswersJson(provider);
  endSsoOnLogout(provider, deps.sessions, ctx.shortLived, deps.secureCookies);
  auditProviderEvents(provider, db, deps.logError);
  logoutChannels(provider, db, deps.logError);
  return provider;
}
