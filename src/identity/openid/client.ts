/**
 * Portico as a relying party of one IdP: openid-client's Configuration for a source, from the IdP's
 * discovery document, kept per source and node (../per-source.ts) for a while so a sign-in does not
 * cost a discovery round trip, and read again after that so an IdP's changed endpoints are followed.
 * The signing keys are openid-client's concern: it fetches the JWKS and fetches it again when an ID
 * token names a key it does not know (key rotation).
 */
import * as oidc from 'openid-client';
import { isHttpsOrLoopback, isLoopbackHost } from '../../loopback.ts';
import type { ExternalDeps } from '../types.ts';
import { perSource } from '../per-source.ts';
import type { OpenIdConfig } from './config.ts';
import { fail } from './codes.ts';

/** How long discovered metadata is trusted before it is read again. */
const DISCOVERY_TTL_MS = 10 * 60 * 1000;

/** The issuer as a URL Portico will talk to: https, or plain http on this machine only (a test or development IdP). */
export function issuerUrl(issuer: string): URL {
  const url = URL.parse(issuer);
  if (!url || !isHttpsOrLoopback(url)) throw fail('openid.misconfigured', 'The issuer must be an https URL (plain http only on this machine).');
  return url;
}

/** Plain http is allowed to an IdP on this machine only, for its discovery, tokens, keys and UserInfo alike. */
export const allowsPlainHttp = (url: URL) => url.protocol === 'http:' && isLoopbackHost(url.hostname);

function discover(_sourceId: string, config: OpenIdConfig): Promise<oidc.Configuration> {
  const issuer = issuerUrl(config.issuer);
  const auth = config.clientAuthMethod === 'client_secret_post' ? oidc.ClientSecretPost(config.clientSecret) : oidc.ClientSecretBasic(config.clientSecret);
  return oidc.discovery(issuer, config.clientId, undefined, auth, {
    timeout: config.timeoutMs / 1000,
    // The ID token's signature is checked against the IdP's keys even though it came straight from the
    // token endpoint (Core §3.1.3.7 would let TLS stand in): an IdP reached over plain http on this
    // machine has no TLS, and a checked signature is what makes the token evidence afterwards.
    execute: [oidc.enableNonRepudiationChecks, ...(allowsPlainHttp(issuer) ? [oidc.allowInsecureRequests] : [])],
  });
}

const discovered = perSource<OpenIdConfig, Promise<oidc.Configuration>>({
  fingerprint: (c) => [c.issuer, c.clientId, c.clientSecret, c.clientAuthMethod, c.timeoutMs],
  build: discover,
  ttlMs: DISCOVERY_TTL_MS,
});

export const relyingParty = (sourceId: string, config: OpenIdConfig, deps: ExternalDeps) => discovered(deps.shortLived, sourceId, config);
