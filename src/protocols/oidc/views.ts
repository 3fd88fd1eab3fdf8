/**
 * An OpenID Connect application's part of the Enterprise Center API's answer. Type-only and import-free,
 * so the console (web/src/lib/types.ts) shares it.
 */
/** confidential and public clients sign people in; a machine-to-machine client gets tokens for itself (client credentials). */
export type ClientType = 'confidential' | 'public' | 'machine';

/** How the application authenticates at the token endpoint (RFC 7591 §2 `token_endpoint_auth_method`). */
export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'client_secret_jwt' | 'private_key_jwt' | 'none';

/** The algorithms ID tokens may be signed with (src/protocols/oidc/token-policy.ts). */
export type IdTokenSigningAlg = 'ES256' | 'RS256' | 'PS256';

/** An application's public keys, as a JWK Set (RFC 7517 §5). */
export interface PublicJwks {
  keys: Record<string, unknown>[];
}

/** The settings beyond the client type and URIs (the console's "Advanced"), with their defaults filled in. */
export interface OidcAdvancedSettings {
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  /** Where private_key_jwt keys are fetched from; or `jwks`, inline. */
  jwksUri: string | null;
  jwks: PublicJwks | null;
  idTokenSignedResponseAlg: IdTokenSigningAlg;
  accessTokenLifetimeSeconds: number;
  idTokenLifetimeSeconds: number;
  refreshTokenLifetimeSeconds: number;
  /** First-party only: offline_access gets a refresh token without prompt=consent. */
  offlineAccessWithoutConsent: boolean;
  pkceRequired: boolean;
  parRequired: boolean;
  backchannelLogoutUri: string | null;
  backchannelLogoutSessionRequired: boolean;
  frontchannelLogoutUri: string | null;
  frontchannelLogoutSessionRequired: boolean;
  /** OpenID Connect Third-Party Initiated Login (Core §4): where a sign-in started at Portico sends the browser, with `iss`. */
  initiateLoginUri: string | null;
}

export interface OidcApplicationSettings extends OidcAdvancedSettings {
  clientId: string;
  clientType: ClientType;
  hasSecret: boolean;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  firstParty: boolean;
}
