/**
 * What an application may choose about the tokens Portico issues it: the ID token's signing algorithm,
 * and each token's lifetime within bounds. The defaults are the provider's rules for every application
 * (src/oidc/policy.ts re-exports them); the bounds keep an administrator's choice safe.
 */
import type { IdTokenSigningAlg } from './views.ts';

/**
 * The algorithms the provider's keys sign ID tokens with (src/oidc/signing-keys.ts): ES256 with the EC
 * key, RS256 and PS256 with the RSA key. ES256 is the default (it signs ~3× faster than RS256); RS256
 * is OpenID Connect Core's default (§15.1), which relying parties that accept nothing else need.
 */
export const ID_TOKEN_SIGNING_ALGS: readonly IdTokenSigningAlg[] = ['ES256', 'RS256', 'PS256'];
export const DEFAULT_ID_TOKEN_SIGNING_ALG: IdTokenSigningAlg = 'ES256';

export interface LifetimeBounds {
  min: number;
  max: number;
}

/** Short-lived bearer access tokens (RFC 9700 §2.2: limit the damage of a leaked token). */
export const ACCESS_TOKEN_TTL_S = 15 * 60;
/** An application may choose 1 minute to 1 hour: a leaked bearer token stays short-lived (RFC 6819 §5.1.5.3). */
export const ACCESS_TOKEN_TTL_BOUNDS_S: LifetimeBounds = { min: 60, max: 60 * 60 };

/** ID tokens are read once at sign-in; they outlive that only as logout hints. */
export const ID_TOKEN_TTL_S = 15 * 60;
/** 1 minute (time to redeem and read it) to 1 hour (a logout hint within the session). */
export const ID_TOKEN_TTL_BOUNDS_S: LifetimeBounds = { min: 60, max: 60 * 60 };

/**
 * Absolute refresh-token lifetime: rotation never extends it (ASVS 10.4.8 asks for an absolute
 * expiry even with sliding refresh).
 */
export const REFRESH_TOKEN_TTL_S = 7 * 24 * 60 * 60;
/**
 * 1 hour to 30 days: always absolute and rotated on use (RFC 9700 §4.14.2), so the ceiling bounds how
 * long a stolen token that is never used by its owner again stays good.
 */
export const REFRESH_TOKEN_TTL_BOUNDS_S: LifetimeBounds = { min: 60 * 60, max: 30 * 24 * 60 * 60 };
