/**
 * The scopes Portico's provider defines itself: OpenID Connect's (Core §5.4, §11) and Portico's own.
 * A registered API's scopes may not reuse them (src/apis/rules.ts): a scope name means one thing.
 */

/** Portico's scope for the person's place in the directory (org unit, employee number). */
export const DIRECTORY_SCOPE = 'portico_directory';

export const OIDC_SCOPES: readonly string[] = ['openid', 'offline_access', 'profile', 'email', 'phone', DIRECTORY_SCOPE];

/** OpenID Connect's further standard scope, which Portico does not offer but an API must not take either (Core §5.4). */
const RESERVED_SCOPES: readonly string[] = ['address'];

export const isOidcScopeName = (name: string) => OIDC_SCOPES.includes(name) || RESERVED_SCOPES.includes(name);
