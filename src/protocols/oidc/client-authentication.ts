/**
 * How an application authenticates at the token endpoint. A public client has nothing to prove (`none`,
 * and PKCE); a confidential one uses its client secret (basic, post, or a client_secret_jwt assertion
 * made with it) or, as RFC 9700 §2.5 recommends, an assertion signed with its own private key
 * (private_key_jwt, RFC 7523), whose public keys it registers by JWKS URI or inline.
 */
import { invalid } from '../../errors.ts';
import { checkClientJwks } from './client-jwks.ts';
import { registeredUriProblem } from './redirect-uris.ts';
import { defaultAuthMethod } from './advanced-defaults.ts';
import type { ClientType, OidcAdvancedSettings } from './views.ts';

type AuthSettings = Partial<Pick<OidcAdvancedSettings, 'tokenEndpointAuthMethod' | 'jwksUri' | 'jwks'>>;

/** Refuses a method that does not fit the client type, and private_key_jwt without exactly one source of keys. */
export function checkClientAuthentication(s: AuthSettings, clientType: ClientType): void {
  const method = s.tokenEndpointAuthMethod ?? defaultAuthMethod(clientType);
  if ((method === 'none') !== (clientType === 'public')) {
    throw invalid(
      'application.auth_method_client_type',
      clientType === 'public' ? 'A public client has no secret or key: its method is none.' : 'A confidential client authenticates: choose a method other than none.',
      '/tokenEndpointAuthMethod',
    );
  }
  if (s.jwksUri) {
    const problem = registeredUriProblem(s.jwksUri, 'A JWKS URI');
    if (problem) throw invalid('application.invalid_jwks_uri', problem, '/jwksUri');
  }
  if (s.jwks) checkClientJwks(s.jwks, '/jwks');
  if (s.jwksUri && s.jwks) throw invalid('application.jwks_conflict', 'Give the public keys by JWKS URI or inline, not both.', '/jwksUri');
  if (method === 'private_key_jwt' && !s.jwksUri && !s.jwks) {
    throw invalid('application.jwks_missing', 'private_key_jwt needs the public keys the application signs with: a JWKS URI or an inline JWKS.', '/jwks');
  }
}
