/**
 * "Test connection": reads the IdP's discovery document and its signing keys (JWKS) with the stored
 * configuration, and says what is wrong: the issuer, the endpoints a code flow needs, PKCE, the keys.
 * The client secret cannot be checked without a sign-in (no IdP answers for it alone).
 */
import type * as oidc from 'openid-client';
import { createLocalJWKSet } from 'jose';
import { PorticoError } from '../../errors.ts';
import type { ConnectionTestResult } from '../views.ts';
import type { OpenIdConfig } from './config.ts';
import { allowsPlainHttp } from './client.ts';
import { fromOpenId } from './errors.ts';
import { fail } from './codes.ts';

/** What the test found, said as the error a sign-in would meet. */
const problem = (failure: PorticoError): ConnectionTestResult => ({ ok: false, code: failure.code, message: failure.message });

/** The keys at `jwks_uri`, as a key set jose accepts; a PorticoError saying why not otherwise. */
async function fetchKeys(jwksUri: string, config: OpenIdConfig): Promise<number> {
  const url = URL.parse(jwksUri);
  if (!url || !(url.protocol === 'https:' || allowsPlainHttp(url))) throw fail('openid.misconfigured', `jwks_uri ${jwksUri} is not an https URL.`);
  const response = await fetch(url, { signal: AbortSignal.timeout(config.timeoutMs), redirect: 'error', headers: { accept: 'application/json' } });
  if (!response.ok) throw fail('openid.keys_unavailable', `jwks_uri answered HTTP ${response.status}.`);
  const jwks = (await response.json().catch(() => undefined)) as { keys?: unknown[] } | undefined;
  try {
    createLocalJWKSet(jwks as never);
  } catch {
    throw fail('openid.keys_unavailable', 'jwks_uri did not answer with a JSON Web Key Set.');
  }
  return jwks!.keys!.length;
}

export async function testOpenIdConnection(discover: () => Promise<oidc.Configuration>, config: OpenIdConfig): Promise<ConnectionTestResult> {
  try {
    const metadata = (await discover()).serverMetadata();
    if (!metadata.authorization_endpoint || !metadata.token_endpoint || !metadata.jwks_uri) {
      return problem(fail('openid.misconfigured', 'The discovery document lacks an authorization, token or JWKS endpoint: this IdP cannot sign people in with the code flow.'));
    }
    if (metadata.response_types_supported && !metadata.response_types_supported.includes('code')) {
      return problem(fail('openid.misconfigured', 'The IdP does not support the authorization code flow (response_types_supported has no "code").'));
    }
    // RFC 9700 §2.1.1: PKCE with S256. An IdP that lists its methods without S256 would refuse the request.
    if (metadata.code_challenge_methods_supported && !metadata.supportsPKCE('S256')) {
      return problem(fail('openid.misconfigured', 'The IdP does not support PKCE with S256, which Portico requires.'));
    }
    const unsupported = config.scopes.split(' ').filter((s) => metadata.scopes_supported && !metadata.scopes_supported.includes(s));
    const keys = await fetchKeys(metadata.jwks_uri, config);
    const note = unsupported.length ? ` The IdP does not list the scopes ${unsupported.join(', ')}; it may ignore them.` : '';
    return { ok: true, message: `Connected: ${metadata.issuer} publishes its endpoints and ${keys} signing key${keys === 1 ? '' : 's'}.${note}` };
  } catch (error) {
    const failure = fromOpenId(error);
    if (!(failure instanceof PorticoError)) throw error;
    return problem(failure);
  }
}
