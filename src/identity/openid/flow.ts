/**
 * A sign-in at an OpenID Connect IdP: the authorization code flow with PKCE (RFC 7636, required by
 * RFC 9700 §2.1.1), state (Portico's login transaction) and nonce (Core §3.1.2.1), all checked on the
 * way back by openid-client together with the ID token's signature, issuer, audience and times.
 */
import * as oidc from 'openid-client';
import type { ExternalIdentity } from '../types.ts';
import type { OpenIdConfig } from './config.ts';
import { identityOf, type Claims } from './claims.ts';
import { fail } from './codes.ts';

/** What the login transaction keeps for the callback: secrets that never leave Portico's store. */
export interface OpenIdCarry {
  codeVerifier: string;
  nonce: string;
}

export async function authorizationUrl(rp: oidc.Configuration, config: OpenIdConfig, o: { redirectUri: string; state: string }): Promise<{ url: URL; carry: OpenIdCarry }> {
  const carry = { codeVerifier: oidc.randomPKCECodeVerifier(), nonce: oidc.randomNonce() };
  const url = oidc.buildAuthorizationUrl(rp, {
    redirect_uri: o.redirectUri,
    scope: config.scopes,
    state: o.state,
    nonce: carry.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(carry.codeVerifier),
    code_challenge_method: 'S256',
  });
  return { url, carry };
}

const isCarry = (v: unknown): v is OpenIdCarry => typeof v === 'object' && v !== null && typeof (v as OpenIdCarry).codeVerifier === 'string' && typeof (v as OpenIdCarry).nonce === 'string';

/** The callback's URL as the IdP sent it; a repeated parameter is no answer an IdP gives (RFC 6749 §3.1). */
function callbackUrl(redirectUri: string, query: Record<string, unknown>): URL {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(query)) {
    if (typeof value !== 'string') throw fail('openid.callback_invalid', `The callback's ${name} is not a single value.`);
    url.searchParams.set(name, value);
  }
  return url;
}

export async function completeOpenId(rp: oidc.Configuration, config: OpenIdConfig, o: { redirectUri: string; query: Record<string, unknown>; carry: unknown }): Promise<ExternalIdentity> {
  if (!isCarry(o.carry)) throw fail('openid.callback_invalid', 'This sign-in was not started as an OpenID Connect sign-in.');
  const tokens = await oidc.authorizationCodeGrant(rp, callbackUrl(o.redirectUri, o.query), {
    pkceCodeVerifier: o.carry.codeVerifier,
    expectedNonce: o.carry.nonce,
    // The transaction was found by this state and used up (src/login/transactions.ts): it is the one sent.
    expectedState: String(o.query.state),
    idTokenExpected: true,
  });
  const idToken = tokens.claims() as Claims;
  const userinfo = config.userinfo && rp.serverMetadata().userinfo_endpoint ? ((await oidc.fetchUserInfo(rp, tokens.access_token, idToken.sub as string)) as Claims) : {};
  return identityOf(idToken, userinfo);
}
