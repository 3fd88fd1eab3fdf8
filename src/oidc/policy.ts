/** The OpenID Connect provider's security rules, as named constants with the rule each follows. */
import { SESSION_ABSOLUTE_MS } from '../login/session.ts';
import { ACCESS_TOKEN_TTL_BOUNDS_S, ID_TOKEN_TTL_BOUNDS_S, REFRESH_TOKEN_TTL_BOUNDS_S } from '../protocols/oidc/token-policy.ts';

/** The provider's path under the public URL, defined with the endpoints administrators register (src/protocols/oidc/). */
export { OIDC_MOUNT_PATH } from '../protocols/oidc/endpoints.ts';

/** Authorization codes live 60 s: under ASVS 10.4.3's 10-minute ceiling, and at its L3 1-minute mark. */
export const AUTHORIZATION_CODE_TTL_S = 60;
/**
 * Access, ID and refresh token lifetimes: the defaults, and the bounds within which each application
 * may set its own, defined with the settings administrators choose (src/protocols/oidc/token-policy.ts).
 */
export {
  ACCESS_TOKEN_TTL_S,
  ACCESS_TOKEN_TTL_BOUNDS_S,
  ID_TOKEN_TTL_S,
  ID_TOKEN_TTL_BOUNDS_S,
  REFRESH_TOKEN_TTL_S,
  REFRESH_TOKEN_TTL_BOUNDS_S,
  ID_TOKEN_SIGNING_ALGS,
} from '../protocols/oidc/token-policy.ts';
/** The provider's own session ends with Portico's SSO session (ASVS 7.3.2 absolute timeout). */
export const PROVIDER_SESSION_TTL_S = SESSION_ABSOLUTE_MS / 1000;
/** Time to finish signing in (DingTalk scan, phone binding) before the request must start over. */
export const INTERACTION_TTL_S = 30 * 60;
/** A grant lives as long as the longest-lived refresh tokens it may back. */
export const GRANT_TTL_S = REFRESH_TOKEN_TTL_BOUNDS_S.max;

/**
 * A retired signing key stays in the JWKS this long after rotation: past the expiry of anything it
 * signed, including ID tokens still presented as `id_token_hint` at logout during their session.
 */
export const KEY_RETIREMENT_GRACE_S = Math.max(ID_TOKEN_TTL_BOUNDS_S.max, ACCESS_TOKEN_TTL_BOUNDS_S.max, PROVIDER_SESSION_TTL_S);

/**
 * The provider's signing keys, one of each kind: ES256 signs ~3× faster than RS256; RS256 stays because
 * OIDC Core §15.1 requires it. The RSA key signs PS256 as well (ID_TOKEN_SIGNING_ALGS: what each
 * application may choose for its ID tokens).
 */
export const SIGNING_ALGS = ['ES256', 'RS256'] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];
/** 2048-bit RSA: 3072-bit signs ~5× slower for no practical gain at these lifetimes. */
export const RSA_MODULUS_BITS = 2048;

/** How often a node re-reads the published key set, so a rotation on one node reaches the others. */
export const KEYSET_REFRESH_MS = 30_000;

/**
 * How long relying parties and proxies may keep the discovery document and the JWKS (their
 * Cache-Control max-age, src/oidc/cache-headers.ts): a copy is fresh that long (RFC 9111 §4.2).
 */
export const PUBLIC_DOCUMENT_MAX_AGE_S = 300;

/**
 * A next signing key may start signing only once it has been published this long: every node serves it
 * within KEYSET_REFRESH_MS, and a JWKS copy taken before that is stale after PUBLIC_DOCUMENT_MAX_AGE_S,
 * so no relying party then holds a fresh copy without it. OIDC Core §10.1.1 lets a verifier refetch on
 * an unknown kid; this spares the ones that cache (or throttle refetches) a failed verification.
 */
export const NEXT_KEY_MIN_PUBLISHED_S = PUBLIC_DOCUMENT_MAX_AGE_S + KEYSET_REFRESH_MS / 1000;

/** Clock skew tolerated on JWTs presented to the provider (id_token_hint, client assertions). */
export const CLOCK_TOLERANCE_S = 15;

/**
 * What client assertions may be signed with (RFC 7523): HS256 with the client secret (client_secret_jwt),
 * RS256, PS256, ES256 and EdDSA with the application's own key (private_key_jwt, which RFC 9700 §2.5
 * recommends). Never `none`.
 */
export const CLIENT_ASSERTION_ALGS = ['HS256', 'RS256', 'PS256', 'ES256', 'Ed25519', 'EdDSA'] as const;

/** How long a logout token's delivery may take, defined with what applications are told (src/protocols/oidc/logout-policy.ts). */
export { BACKCHANNEL_LOGOUT_TIMEOUT_MS } from '../protocols/oidc/logout-policy.ts';
