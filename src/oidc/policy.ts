/** The OpenID Connect provider's security rules, as named constants with the rule each follows. */
import { SESSION_ABSOLUTE_MS } from '../login/session.ts';

/** The provider's path under the public URL, defined with the endpoints administrators register (src/protocols/oidc/). */
export { OIDC_MOUNT_PATH } from '../protocols/oidc/endpoints.ts';

/** Authorization codes live 60 s: under ASVS 10.4.3's 10-minute ceiling, and at its L3 1-minute mark. */
export const AUTHORIZATION_CODE_TTL_S = 60;
/** Short-lived bearer access tokens (RFC 9700 §2.2: limit the damage of a leaked token). */
export const ACCESS_TOKEN_TTL_S = 15 * 60;
/** ID tokens are read once at sign-in; they outlive that only as logout hints. */
export const ID_TOKEN_TTL_S = 15 * 60;
/**
 * Absolute refresh-token lifetime: rotation never extends it (ASVS 10.4.8 asks for an absolute
 * expiry even with sliding refresh).
 */
export const REFRESH_TOKEN_TTL_S = 7 * 24 * 60 * 60;
/** The provider's own session ends with Portico's SSO session (ASVS 7.3.2 absolute timeout). */
export const PROVIDER_SESSION_TTL_S = SESSION_ABSOLUTE_MS / 1000;
/** Time to finish signing in (DingTalk scan, phone binding) before the request must start over. */
export const INTERACTION_TTL_S = 30 * 60;
/** A grant lives as long as the refresh tokens it backs. */
export const GRANT_TTL_S = REFRESH_TOKEN_TTL_S;

/**
 * A retired signing key stays in the JWKS this long after rotation: past the expiry of anything it
 * signed, including ID tokens still presented as `id_token_hint` at logout during their session.
 */
export const KEY_RETIREMENT_GRACE_S = Math.max(ID_TOKEN_TTL_S, ACCESS_TOKEN_TTL_S, PROVIDER_SESSION_TTL_S);

/** Signing algorithms: ES256 signs ~3× faster than RS256; RS256 stays because OIDC Core §15.1 requires it. */
export const SIGNING_ALGS = ['ES256', 'RS256'] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];
export const DEFAULT_SIGNING_ALG: SigningAlg = 'ES256';
/** 2048-bit RSA: 3072-bit signs ~5× slower for no practical gain at these lifetimes. */
export const RSA_MODULUS_BITS = 2048;

/** How often a node re-reads the published key set, so a rotation on one node reaches the others. */
export const KEYSET_REFRESH_MS = 30_000;

/** Clock skew tolerated on JWTs presented to the provider (id_token_hint, client assertions). */
export const CLOCK_TOLERANCE_S = 15;
