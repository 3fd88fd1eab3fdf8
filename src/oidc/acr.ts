/**
 * The `acr` claim (OpenID Connect Core §2: Authentication Context Class Reference): how strongly the
 * person proved who they are, in every ID token beside `amr` (which says with what, RFC 8176: `pwd`,
 * `sms`, `dingtalk`, `otp`, `mfa`, …). Portico names its levels with its own URNs, one per level, rather
 * than Core's `"0"`, which means less than ISO/IEC 29115 level 1 and says nothing useful here.
 *
 * - `urn:portico:acr:single-factor`: one factor: a password, an SMS code, DingTalk's QR scan, an
 *   upstream identity provider's sign-in (whatever that IdP asked for), or a DingTalk scan bound by an
 *   SMS code, including a sign-in reused through the SSO session (`auth_time` says when it happened).
 * - `urn:portico:acr:multi-factor`: one of those, then a second factor (an authenticator app's code or
 *   a recovery code) because the application's policy asks for one (src/login/second-factor.ts).
 *
 * `acr_values` in an authorization request is recorded in the audit log (`oidc.authorize`, `acrValues`).
 * Asking for the multi-factor level by it (and not also accepting the single-factor one) is a step-up: a person signed in with one factor gives the
 * second (src/oidc/interaction.ts), as if the application's policy asked for it. Other values are
 * voluntary claims (OpenID Connect Core §5.5.1.1): the sign-in goes on and `acr` says what it reached.
 */

export const ACR_SINGLE_FACTOR = 'urn:portico:acr:single-factor';
export const ACR_MULTI_FACTOR = 'urn:portico:acr:multi-factor';

/** The level a sign-in reached, from its methods. */
export const acrOf = (amr: readonly string[]) => (amr.includes('mfa') ? ACR_MULTI_FACTOR : ACR_SINGLE_FACTOR);

/**
 * Whether an authorization request's `acr_values` asks for the multi-factor level: it names it and not
 * the single-factor one (the values are those the application accepts, in order of preference, so
 * naming both accepts a single-factor sign-in as it is).
 */
export function asksMultiFactor(acrValues: unknown): boolean {
  const values = typeof acrValues === 'string' ? acrValues.split(' ') : [];
  return values.includes(ACR_MULTI_FACTOR) && !values.includes(ACR_SINGLE_FACTOR);
}

/** Published as `acr_values_supported`: the levels Portico can reach. */
export const ACR_VALUES_SUPPORTED = [ACR_SINGLE_FACTOR, ACR_MULTI_FACTOR];
