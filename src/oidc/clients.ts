/**
 * The provider's clients are Portico's applications, read from the applications table on every
 * lookup (so an admin's change applies at once on every node). Confidential clients authenticate
 * as their application says (with their secret, or with an assertion signed by their secret or their
 * own key); public ones with none, and must use PKCE.
 */
import type { Adapter, Client, ClientMetadata } from 'oidc-provider';
import type { Db } from '../store/database.ts';
import type { ApplicationTable } from '../store/schema.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { openClientSecret } from '../protocols/oidc/client-secret.ts';
import { grantTypesOf, signsPeopleIn } from '../protocols/oidc/client-types.ts';
import { oidcProtocol, oidcSettingsOf } from '../protocols/oidc/protocol.ts';
import { prepareQuery } from '../store/prepared.ts';
import { ACCESS_TOKEN_TTL_S, ID_TOKEN_TTL_S, REFRESH_TOKEN_TTL_S } from './policy.ts';
import type { OidcApplicationSettings } from '../protocols/oidc/views.ts';
import { USER_CENTER_APP_ID } from '../store/well-known.ts';
import { USER_CENTER_SIGN_IN } from '../login/context.ts';

/** Where the User Center receives its authorization code, and where it lands after signing out. */
export const USER_CENTER_CALLBACK_PATH = '/account/callback';
export const USER_CENTER_SIGNED_OUT_PATH = USER_CENTER_SIGN_IN;

/** Client metadata Portico adds to the standard set, read back by the consent logic. */
export const FIRST_PARTY_METADATA = 'portico_first_party';
export const APPLICATION_ID_METADATA = 'portico_application_id';
/** Read by the provider's hooks (./provider.ts, ./offline-access.ts): PKCE for a confidential client, refresh without consent, lifetimes. */
export const PKCE_REQUIRED_METADATA = 'portico_pkce_required';
export const OFFLINE_ACCESS_METADATA = 'portico_offline_access_without_consent';
export const TOKEN_LIFETIMES_METADATA = 'portico_token_lifetimes';
/** OpenID Connect Front-Channel Logout 1.0 §2's metadata: oidc-provider 9 has no front-channel logout, Portico does (./logout/frontchannel.ts). */
export const FRONTCHANNEL_LOGOUT_URI_METADATA = 'frontchannel_logout_uri';
export const FRONTCHANNEL_SESSION_REQUIRED_METADATA = 'frontchannel_logout_session_required';
export const EXTRA_CLIENT_METADATA = [
  FIRST_PARTY_METADATA,
  APPLICATION_ID_METADATA,
  PKCE_REQUIRED_METADATA,
  OFFLINE_ACCESS_METADATA,
  TOKEN_LIFETIMES_METADATA,
  FRONTCHANNEL_LOGOUT_URI_METADATA,
  FRONTCHANNEL_SESSION_REQUIRED_METADATA,
];

/** Seconds each token lives, as the application set them (within src/protocols/oidc/token-policy.ts's bounds). */
export interface TokenLifetimes {
  accessToken: number;
  idToken: number;
  refreshToken: number;
}
const DEFAULT_LIFETIMES: TokenLifetimes = { accessToken: ACCESS_TOKEN_TTL_S, idToken: ID_TOKEN_TTL_S, refreshToken: REFRESH_TOKEN_TTL_S };

/** The built-in User Center's URIs follow the public URL, so they are derived, never stored. */
export function userCenterUris(publicUrl: string) {
  return { redirectUris: [publicUrl + USER_CENTER_CALLBACK_PATH], postLogoutRedirectUris: [publicUrl + USER_CENTER_SIGNED_OUT_PATH] };
}

/** How the client authenticates: its secret only to the methods that use it, its public keys only to private_key_jwt. */
function authentication(settings: OidcApplicationSettings, secret: () => string | undefined): Partial<ClientMetadata> {
  const method = settings.tokenEndpointAuthMethod;
  if (method === 'none') return { token_endpoint_auth_method: method };
  if (method !== 'private_key_jwt') return { token_endpoint_auth_method: method, client_secret: secret() };
  return { token_endpoint_auth_method: method, ...(settings.jwksUri ? { jwks_uri: settings.jwksUri } : { jwks: settings.jwks as ClientMetadata['jwks'] }) };
}

/** Where the application is told of a sign-out: logout tokens (Back-Channel Logout 1.0), and the page a browser loads (Front-Channel Logout 1.0). */
function logoutChannels(settings: OidcApplicationSettings): Partial<ClientMetadata> {
  return {
    ...(settings.backchannelLogoutUri
      ? { backchannel_logout_uri: settings.backchannelLogoutUri, backchannel_logout_session_required: settings.backchannelLogoutSessionRequired }
      : {}),
    ...(settings.frontchannelLogoutUri
      ? { [FRONTCHANNEL_LOGOUT_URI_METADATA]: settings.frontchannelLogoutUri, [FRONTCHANNEL_SESSION_REQUIRED_METADATA]: settings.frontchannelLogoutSessionRequired }
      : {}),
  };
}

export function clientMetadata(row: ApplicationTable, o: { publicUrl: string; secretBox: SecretBox }): ClientMetadata {
  const settings = oidcSettingsOf(row);
  const uris = row.id === USER_CENTER_APP_ID ? userCenterUris(o.publicUrl) : settings;
  const lifetimes: TokenLifetimes = { accessToken: settings.accessTokenLifetimeSeconds, idToken: settings.idTokenLifetimeSeconds, refreshToken: settings.refreshTokenLifetimeSeconds };
  return {
    client_id: settings.clientId,
    client_name: row.name,
    ...authentication(settings, () => openClientSecret(o.secretBox, row)),
    redirect_uris: uris.redirectUris,
    post_logout_redirect_uris: uris.postLogoutRedirectUris,
    // Code flow only for people: no implicit or hybrid (RFC 9700 §2.1.2), and no password grant (§2.4);
    // client credentials only for a machine-to-machine application, which has no authorization response.
    grant_types: grantTypesOf(settings.clientType),
    response_types: signsPeopleIn(settings.clientType) ? ['code'] : [],
    application_type: 'web',
    id_token_signed_response_alg: settings.idTokenSignedResponseAlg,
    require_pushed_authorization_requests: settings.parRequired,
    ...logoutChannels(settings),
    [FIRST_PARTY_METADATA]: settings.firstParty,
    [APPLICATION_ID_METADATA]: row.id,
    [PKCE_REQUIRED_METADATA]: settings.pkceRequired,
    // Checked again here: only a first-party application gets refresh tokens without consent.
    [OFFLINE_ACCESS_METADATA]: settings.firstParty && settings.offlineAccessWithoutConsent,
    [TOKEN_LIFETIMES_METADATA]: lifetimes,
  };
}

/** Only applications that speak OpenID Connect are its clients (another protocol's identifier is no client_id). */
const byClientId = prepareQuery(['clientId'], (conn, v) =>
  conn.selectFrom('applications').selectAll().where('client_id', '=', v.clientId).where('protocol', '=', oidcProtocol.name),
);

/** The `Client` model's storage: the applications table, read-only (no dynamic registration). */
export function clientAdapter(db: Db, o: { publicUrl: string; secretBox: SecretBox }): Adapter {
  const readOnly = async () => {
    throw new Error('clients are managed as applications, not through the provider');
  };
  return {
    async find(clientId) {
      // A client_id with a NUL names no application, and PostgreSQL cannot even compare it.
      if (clientId.includes('\u0000')) return undefined;
      const [row] = (await byClientId(db, { clientId })).rows;
      return row ? clientMetadata(row, o) : undefined;
    },
    upsert: readOnly,
    consume: readOnly,
    destroy: readOnly,
    revokeByGrantId: readOnly,
    findByUid: async () => undefined,
    findByUserCode: async () => undefined,
  };
}

/** Portico's metadata on a client the provider loaded (it keeps extra properties under their own names). */
const extra = (client: Client | undefined, key: string) => (client as unknown as Record<string, unknown> | undefined)?.[key];
export const isFirstParty = (client: Client | undefined) => extra(client, FIRST_PARTY_METADATA) === true;
export const isPkceRequired = (client: Client | undefined) => extra(client, PKCE_REQUIRED_METADATA) === true;
export const allowsOfflineAccessWithoutConsent = (client: Client | undefined) => extra(client, OFFLINE_ACCESS_METADATA) === true;
export const tokenLifetimesOf = (client: Client | undefined): TokenLifetimes => (extra(client, TOKEN_LIFETIMES_METADATA) as TokenLifetimes | undefined) ?? DEFAULT_LIFETIMES;
/** The page a browser loads to sign the person out of this application, and whether it is given `iss` and `sid`. */
export const frontchannelLogoutOf = (client: Client | undefined) => {
  const uri = extra(client, FRONTCHANNEL_LOGOUT_URI_METADATA);
  return typeof uri === 'string' ? { uri, sessionRequired: extra(client, FRONTCHANNEL_SESSION_REQUIRED_METADATA) === true } : undefined;
};
export const applicationIdOf = (client: Client | undefined) => {
  const id = extra(client, APPLICATION_ID_METADATA);
  return typeof id === 'string' ? id : undefined;
};

/** Validates Portico's extra client metadata (oidc-provider strips anything it does not know). */
export function validateExtraClientMetadata(key: string, value: unknown) {
  const flags = [FIRST_PARTY_METADATA, PKCE_REQUIRED_METADATA, OFFLINE_ACCESS_METADATA];
  if (flags.includes(key) && typeof value !== 'boolean') throw new TypeError(`${key} must be a boolean`);
  if (key === APPLICATION_ID_METADATA && typeof value !== 'string') throw new TypeError(`${key} must be a string`);
  if (key === TOKEN_LIFETIMES_METADATA && !isLifetimes(value)) throw new TypeError(`${key} must be a positive number of seconds for each token`);
  // Absent when the application has no front-channel logout URI (the settings checked the URI itself).
  if (key === FRONTCHANNEL_LOGOUT_URI_METADATA && value !== undefined && !URL.canParse(String(value))) throw new TypeError(`${key} must be a URL`);
  if (key === FRONTCHANNEL_SESSION_REQUIRED_METADATA && value !== undefined && typeof value !== 'boolean') throw new TypeError(`${key} must be a boolean`);
}

const isLifetimes = (value: unknown): value is TokenLifetimes =>
  typeof value === 'object' && value !== null && Object.keys(DEFAULT_LIFETIMES).every((k) => Number.isSafeInteger((value as Record<string, unknown>)[k]) && (value as Record<string, number>)[k] > 0);
