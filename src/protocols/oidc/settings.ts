/** An OpenID Connect application's settings: as the admin API takes them, and as it shows them. */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { ClientType, IdTokenSigningAlg, TokenEndpointAuthMethod } from './views.ts';
import { ACCESS_TOKEN_TTL_BOUNDS_S, ID_TOKEN_SIGNING_ALGS, ID_TOKEN_TTL_BOUNDS_S, REFRESH_TOKEN_TTL_BOUNDS_S, type LifetimeBounds } from './token-policy.ts';

export const CLIENT_TYPES: readonly ClientType[] = ['confidential', 'public', 'machine'];
/** Every method the provider accepts; `none` is a public client's, the others a confidential one's. */
export const TOKEN_ENDPOINT_AUTH_METHODS: readonly TokenEndpointAuthMethod[] = ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none'];
/** At most this many keys in an inline JWKS: a key and its successor during a rotation, with room to spare. */
export const MAX_JWKS_KEYS = 10;

const oneOf = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], description });
const clientType = (description?: string) => oneOf(CLIENT_TYPES, description);
const uriList = (description: string) => Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 20, description });
const nullable = <T extends TSchema>(schema: T, description: string) => Type.Union([schema, Type.Null()], { description });
const uri = () => Type.String({ maxLength: 2000 });
const lifetime = (bounds: LifetimeBounds, description: string) =>
  Type.Integer({ minimum: bounds.min, maximum: bounds.max, description: `${description}, in seconds (${bounds.min}–${bounds.max})` });
/** A JWK Set of public keys (RFC 7517 §5); each key is checked beyond the schema (./client-jwks.ts). */
const Jwks = Type.Object({ keys: Type.Array(Type.Record(Type.String(), Type.Unknown()), { maxItems: MAX_JWKS_KEYS }) }, { additionalProperties: false });

/** The settings beyond the client type and URIs, as the API takes them; checked beyond the schema by ./advanced-settings.ts. */
const advancedSettings = {
  tokenEndpointAuthMethod: Type.Optional(
    oneOf(TOKEN_ENDPOINT_AUTH_METHODS, 'How it authenticates at the token endpoint: client_secret_basic (the default), client_secret_post, client_secret_jwt, private_key_jwt (with jwksUri or jwks); none for a public client'),
  ),
  jwksUri: Type.Optional(nullable(uri(), "private_key_jwt: where its public keys are (https, or http on a loopback host); null removes it")),
  jwks: Type.Optional(nullable(Jwks, 'private_key_jwt: its public keys inline, as a JWK Set (no private members); null removes them')),
  idTokenSignedResponseAlg: Type.Optional(oneOf<IdTokenSigningAlg>(ID_TOKEN_SIGNING_ALGS, 'The algorithm its ID tokens are signed with: ES256 (the default), RS256 or PS256')),
  accessTokenLifetimeSeconds: Type.Optional(lifetime(ACCESS_TOKEN_TTL_BOUNDS_S, 'Access token lifetime')),
  idTokenLifetimeSeconds: Type.Optional(lifetime(ID_TOKEN_TTL_BOUNDS_S, 'ID token lifetime')),
  refreshTokenLifetimeSeconds: Type.Optional(lifetime(REFRESH_TOKEN_TTL_BOUNDS_S, 'Refresh token absolute lifetime (rotation does not extend it)')),
  offlineAccessWithoutConsent: Type.Optional(Type.Boolean({ description: 'First-party applications only: a request for offline_access gets a refresh token without prompt=consent' })),
  pkceRequired: Type.Optional(Type.Boolean({ description: 'Every authorization request must carry a PKCE challenge (always so for a public client)' })),
  parRequired: Type.Optional(Type.Boolean({ description: 'Authorization requests must be pushed first (RFC 9126 pushed authorization requests)' })),
  backchannelLogoutUri: Type.Optional(nullable(uri(), 'OpenID Connect Back-Channel Logout: where logout tokens are posted (https, or http on a loopback host)')),
  backchannelLogoutSessionRequired: Type.Optional(Type.Boolean({ description: 'Logout tokens must carry the session id (sid)' })),
  frontchannelLogoutUri: Type.Optional(nullable(uri(), 'OpenID Connect Front-Channel Logout: the page the browser loads to sign out (https, or http on a loopback host)')),
  frontchannelLogoutSessionRequired: Type.Optional(Type.Boolean({ description: 'The front-channel logout page must be given iss and sid' })),
  initiateLoginUri: Type.Optional(
    nullable(uri(), 'OpenID Connect Third-Party Initiated Login: where a sign-in started at Portico (a DingTalk workbench) continues, given iss, so the application starts its own authorization (https, or http on a loopback host); null removes it'),
  ),
};

/** What an administrator sets (redirect URIs are checked beyond the schema: ./redirect-uris.ts). */
export const OidcSettingsSchema = Type.Object(
  {
    clientType: Type.Optional(clientType('confidential (the default: a client secret is issued), public (PKCE, no secret) or machine (machine to machine: client credentials only, a secret is issued, no redirect URIs)')),
    redirectUris: uriList('Where Portico may send the authorization response: https, or http on a loopback host; matched exactly (none for a machine client)'),
    postLogoutRedirectUris: Type.Optional(uriList('Where the application may ask people to land after signing out')),
    firstParty: Type.Optional(Type.Boolean({ description: "The organisation's own system: no consent page, sign-out without confirmation" })),
    ...advancedSettings,
  },
  { additionalProperties: false },
);
export type OidcSettings = Static<typeof OidcSettingsSchema>;

/** What the API shows (never the secret: only whether one is set); every setting with its default filled in. */
export const OidcViewSchema = Type.Object({
  clientId: Type.String(),
  clientType: clientType(),
  hasSecret: Type.Boolean(),
  redirectUris: Type.Array(Type.String()),
  postLogoutRedirectUris: Type.Array(Type.String()),
  firstParty: Type.Boolean(),
  tokenEndpointAuthMethod: oneOf(TOKEN_ENDPOINT_AUTH_METHODS),
  jwksUri: Type.Union([Type.String(), Type.Null()]),
  jwks: Type.Union([Jwks, Type.Null()]),
  idTokenSignedResponseAlg: oneOf<IdTokenSigningAlg>(ID_TOKEN_SIGNING_ALGS),
  accessTokenLifetimeSeconds: Type.Integer(),
  idTokenLifetimeSeconds: Type.Integer(),
  refreshTokenLifetimeSeconds: Type.Integer(),
  offlineAccessWithoutConsent: Type.Boolean(),
  pkceRequired: Type.Boolean(),
  parRequired: Type.Boolean(),
  backchannelLogoutUri: Type.Union([Type.String(), Type.Null()]),
  backchannelLogoutSessionRequired: Type.Boolean(),
  frontchannelLogoutUri: Type.Union([Type.String(), Type.Null()]),
  frontchannelLogoutSessionRequired: Type.Boolean(),
  initiateLoginUri: Type.Union([Type.String(), Type.Null()]),
});
