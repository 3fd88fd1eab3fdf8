/**
 * Trust settings of an OpenID Connect source (only super admins change them; src/sources/trust-rules.ts):
 * which IdP is believed (issuer) and as which client, and whether and how first-time people are bound
 * to existing accounts. Import-free, so the console greys out the same fields the server refuses.
 */
export const OPENID_TRUST_FIELDS = ['issuer', 'clientId', 'autoBind', 'sourceAttribute', 'userAttribute', 'notAssociated', 'notAssociatedOrgUnitId', 'passwordLink'] as const;
