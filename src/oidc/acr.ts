/**
 * The `acr` claim (OpenID Connect Core §2: Authentication Context Class Reference): how strongly the
 * person proved who they are, in every ID token beside `amr` (which says with what: `pwd`, `sms`,
 * `dingtalk`, …). Portico names its levels with its own URNs, one per level, rather than Core's
 * `"0"`, which means less than ISO/IEC 29115 level 1 (a long-lived cookie) and says nothing useful here.
 *
 * - `urn:portico:acr:single-factor`: one factor: a password, an SMS code, DingTalk's QR scan, an
 *   upstream identity provider's sign-in (whatever that IdP asked for), or a DingTalk scan bound by an
 *   SMS code. Every way Portico signs people in today is this level, including a sign-in reused
 *   through the SSO session (`auth_time` says when it happened).
 *
 * `acr_values` in an authorization request is accepted and recorded in the audit log (`oidc.authorize`,
 * `acrValues`) but asks for nothing yet: step-up to a stronger level comes with multi-factor
 * authentication, which will add `urn:portico:acr:multi-factor` here and honour a request for it.
 */

export const ACR_SINGLE_FACTOR = 'urn:portico:acr:single-factor';

/** Published as `acr_values_supported`: only the levels Portico can reach. */
export const ACR_VALUES_SUPPORTED = [ACR_SINGLE_FACTOR];
