/**
 * OpenID Connect Third-Party Initiated Login (Core 1.0 §4): a sign-in that starts somewhere other than
 * the application (a DingTalk workbench tile opens Portico) reaches the application at the initiate
 * login URI it registered, naming the issuer it should send its authentication request to. The
 * application then starts its own authorization, with its own state and nonce, which Portico's SSO
 * session answers at once: the application never receives an identity it did not ask for.
 */

/**
 * The registered URI with `iss` added (REQUIRED by §4); a query the application put in its URI stays.
 * `target_link_uri` (OPTIONAL) is not sent: Portico has no deeper page of the application to name.
 */
export function initiateLoginUrl(initiateLoginUri: string, issuer: string): string {
  const url = new URL(initiateLoginUri);
  url.searchParams.set('iss', issuer);
  return url.href;
}
