/**
 * What an IdP's failures mean: openid-client's errors become Portico's, with the reason code people
 * see (./messages.ts), the status the page answers with, and an English message that says what is
 * wrong for the audit log and Test connection.
 */
import * as oidc from 'openid-client';
import { PorticoError, type ErrorKind } from '../../errors.ts';

/** The authorization errors that mean the person said no or could not sign in at the IdP (RFC 6749 §4.1.2.1, Core §3.1.2.6). */
const DECLINED = new Set(['access_denied', 'login_required', 'consent_required', 'interaction_required', 'account_selection_required']);
/** The IdP's "try later" (RFC 6749 §4.1.2.1). */
const PASSING = new Set(['server_error', 'temporarily_unavailable']);

const failure = (kind: ErrorKind, code: string, message: string, cause: unknown) => new PorticoError(kind, code, message, { cause });

/** A network failure reaching the IdP, as fetch reports it (connection refused, DNS, TLS). */
const unreachable = (error: unknown) => error instanceof TypeError && error.message === 'fetch failed';

function fromClientError(error: oidc.ClientError): PorticoError {
  // openid-client wraps oauth4webapi's error, whose cause names the claim that did not match.
  const claim = (error.cause as { cause?: { claim?: string } } | undefined)?.cause?.claim;
  switch (error.code) {
    case 'OAUTH_RESPONSE_IS_NOT_CONFORM':
      if (error.cause instanceof Response && error.cause.status >= 500) {
        return failure('unavailable', 'openid.unavailable', `The identity provider failed (HTTP ${error.cause.status}).`, error);
      }
      return failure('bad_gateway', 'openid.misconfigured', `The identity provider answered HTTP ${error.cause instanceof Response ? error.cause.status : '?'} where an OpenID provider should not.`, error);
    case 'OAUTH_TIMEOUT':
      return failure('unavailable', 'openid.timeout', 'The identity provider did not answer in time.', error);
    case 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED':
      return failure('bad_gateway', 'openid.issuer_mismatch', `The discovery document names another issuer than the one configured (${error.message}).`, error);
    case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED':
      // A nonce from another sign-in: a replayed or injected ID token (Core §15.5.2).
      if (claim === 'nonce') return failure('invalid', 'openid.nonce_mismatch', "The ID token was not issued for this sign-in (its nonce is another's).", error);
      return failure('bad_gateway', 'openid.id_token_invalid', `The ID token's ${claim ?? 'claims'} did not match (${error.message}).`, error);
    case 'OAUTH_INVALID_RESPONSE':
    case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED':
    case 'OAUTH_KEY_SELECTION_FAILED':
      return failure('bad_gateway', 'openid.id_token_invalid', `The identity provider's answer could not be verified: ${error.message}.`, error);
    default:
      return failure('bad_gateway', 'openid.misconfigured', `The identity provider did not answer as an OpenID provider should: ${error.message}.`, error);
  }
}

/** The error as Portico reports it; a PorticoError passes unchanged. */
export function fromOpenId(error: unknown): unknown {
  if (error instanceof PorticoError) return error;
  if (error instanceof oidc.AuthorizationResponseError) {
    if (DECLINED.has(error.error)) return failure('invalid', 'openid.authorization_denied', `The identity provider answered ${error.error}.`, error);
    if (PASSING.has(error.error)) return failure('unavailable', 'openid.unavailable', `The identity provider answered ${error.error}.`, error);
    return failure('bad_gateway', 'openid.misconfigured', `The identity provider refused the sign-in request: ${error.error}${error.error_description ? ` (${error.error_description})` : ''}.`, error);
  }
  if (error instanceof oidc.ResponseBodyError) {
    // The code was used or has expired (RFC 6749 §5.2): starting again helps.
    if (error.error === 'invalid_grant') return failure('invalid', 'openid.code_invalid', 'The identity provider no longer accepts this authorization code.', error);
    if (error.status >= 500) return failure('unavailable', 'openid.unavailable', `The identity provider failed (${error.status} ${error.error}).`, error);
    return failure('bad_gateway', 'openid.misconfigured', `The identity provider refused Portico's client: ${error.error}${error.error_description ? ` (${error.error_description})` : ''}.`, error);
  }
  if (error instanceof oidc.ClientError) return fromClientError(error);
  if (error instanceof DOMException && error.name === 'TimeoutError') return failure('unavailable', 'openid.timeout', 'The identity provider did not answer in time.', error);
  if (unreachable(error)) return failure('unavailable', 'openid.unavailable', 'The identity provider could not be reached.', error);
  return error;
}
