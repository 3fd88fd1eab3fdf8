/**
 * The authorization request a relying party sends: code flow, PKCE S256, and fresh `state` and
 * `nonce`. Shared by the User Center (src/oidc/first-party-rp.ts) and the demo application, so both
 * ask the provider the same, correct way.
 */
import { createHash, randomBytes } from 'node:crypto';

/** 256-bit secrets from the CSPRNG for state, nonce, PKCE verifier and session tokens. */
export const rpSecret = () => randomBytes(32).toString('base64url');
export const sha256 = (v: string) => createHash('sha256').update(v).digest('base64url');

export function authorizationRequest(o: { clientId: string; redirectUri: string; scope: string }) {
  const state = rpSecret();
  const nonce = rpSecret();
  const verifier = rpSecret();
  const query = new URLSearchParams({
    client_id: o.clientId,
    response_type: 'code',
    scope: o.scope,
    redirect_uri: o.redirectUri,
    state,
    nonce,
    code_challenge: sha256(verifier),
    code_challenge_method: 'S256',
  });
  return { state, nonce, verifier, query };
}
