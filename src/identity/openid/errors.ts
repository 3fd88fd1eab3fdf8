/**
 * What an IdP's failures mean: openid-client's errors become Portico's, with the reason code people
 * see (./messages.ts), the status the page answers with (the code's kind, ./codes.ts), and an English
 * message that says what is wrong for the audit log and Test connection.
 */
import * as oidc from 'openid-client';
import { PorticoError } from '../../errors.ts';
import { fail } from './codes.ts';

/** The authorization errors that mean the person said no or could not sign in at the IdP (RFC 6749 §4.1.2.1, Core §3.1.2.6). */
const DECLINED = new Set(['access_denied', 'login_required', 'consent_required', 'interaction_required', 'account_selection_required']);
/** The IdP's "try later" (RFC 6749 §4.1.2.1). */
const PASSING = new Set(['server_error', 'temporarily_unavailable']);

/** A network failure reaching the IdP, as fetch reports it (connection refused, DNS, TLS). */
const unreachable = (error: unknown) => error instanceof TypeError && error.message === 'fetch failed';

function fromClientError(error: oidc.ClientError): PorticoError {
  // openid-client wraps oauth4webapi's error, whose cause names the claim that did not match.
  const claim = (error.cause as { cause?: { claim?: string } } | undefined)?.cause?.claim;
  switch (error.code) {
    case 'OAUTH_RESPONSE_IS_NOT_CONFORM':
      if (error.cause instanceof Response && error.cause.status >= 500) {
        return fail('openid.unavailable', `The identity provider failed (HTTP ${error.cause.status}).`, { cause: error });
      }
      return fail('openid.misconfigured', `The identity provider answered HTTP ${error.cause instanceof Response ? error.cause.status : '?'} where an OpenID provider should not.`, { cause: error });
    case 'OAUTH_TIMEOUT':
      return fail('openid.timeout', 'The identity provider did not answer in time.', { cause: error });
    case 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED':
      return fail('openid.issuer_mismatch', `The discovery document names another issuer than the one configured (${error.message}).`, { cause: error });
    case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED':
      // A nonce from another sign-in: a replayed or injected ID token (Core §15.5.2).
      if (claim === 'nonce') return fail('openid.nonce_mismatch', "The ID token was not issued for this sign-in (its nonce is another's).", { cause: error });
      return fail('openid.id_token_invalid', `The ID token's ${claim ?? 'claims'} did not match (${error.message}).`, { cause: error });
    case 'OAUTH_INVALID_RESPONSE':
    case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED':
    case 'OAUTH_KEY_SELECTION_FAILED':
      return fail('openid.id_token_invalid', `The identity provider's answer could not be verified: ${error.message}.`, { cause: error });
    default:
      return fail('openid.misconfigured', `The identity provider did not answer as an OpenID provider should: ${error.message}.`, { cause: error });
  }
}

/** The error as Portico reports it; a PorticoError passes unchanged. */
export function fromOpenId(error: unknown): unknown {
  if (error instanceof PorticoError) return error;
  if (error instanceof oidc.AuthorizationResponseError) {
    if (DECLINED.has(error.error)) return fail('openid.authorization_denied', `The identity provider answered ${error.error}.`, { cause: error });
    if (PASSING.has(error.error)) return fail('openid.unavailable', `The identity provider answered ${error.error}.`, { cause: error });
    return fail('openid.misconfigured', `The identity provider refused the sign-in request: ${error.error}${error.error_description ? ` (${error.error_description})` : ''}.`, { cause: error });
  }
  if (error instanceof oidc.ResponseBodyError) {
    // The code was used or has expired (RFC 6749 §5.2): starting again helps.
    if (error.error === 'invalid_grant') return fail('openid.code_invalid', 'The identity provider no longer accepts this authorization code.', { cause: error });
    if (error.status >= 500) return fail('openid.unavailable', `The identity provider failed (${error.status} ${error.error}).`, { cause: error });
    return fail('openid.misconfigured', `The identity provider refused Portico's client: ${error.error}${error.error_description ? ` (${error.error_description})` : ''}.`, { cause: error });
  }
  if (error instanceof oidc.ClientError) return fromClientError(error);
  if (error instanceof DOMException && error.name === 'TimeoutError') return fail('openid.timeout', 'The identity provider did not answer in time.', { cause: error });
  if (unreachable(error)) return fail('openid.unavailable', 'The identity provider could not be reached.', { cause: error });
  return error;
}
