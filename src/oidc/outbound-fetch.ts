/**
 * How the provider fetches what an application publishes (its JWKS URI, for private_key_jwt) and posts
 * it logout tokens (Back-Channel Logout). oidc-provider refuses special-use addresses (loopback,
 * private networks) so that an address an administrator registers cannot reach services inside the
 * network (SSRF). A Portico that itself runs on loopback (development, demo mode, the tests) may also
 * fetch from loopback hosts, where an application beside it serves its keys over plain http, as
 * registration allows (src/loopback.ts).
 */
import { isLoopbackHost } from '../loopback.ts';
import { BACKCHANNEL_LOGOUT_TIMEOUT_MS } from './policy.ts';

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** A logout token delivery gives up after BACKCHANNEL_LOGOUT_TIMEOUT_MS (the provider's own limit is for every call). */
const isLogoutDelivery = (init: RequestInit | undefined) => init?.body instanceof URLSearchParams && init.body.has('logout_token');

export function providerFetch(publicUrl: string): Fetch {
  const onLoopback = isLoopbackHost(new URL(publicUrl).hostname);
  return (input, init) => {
    const options = isLogoutDelivery(init) ? { ...init, signal: AbortSignal.timeout(BACKCHANNEL_LOGOUT_TIMEOUT_MS) } : init;
    const url = new URL(input instanceof Request ? input.url : input);
    if (!onLoopback || !isLoopbackHost(url.hostname)) return fetch(input, options);
    // The provider's SSRF guard is its undici dispatcher: left out for this machine only.
    const { dispatcher: _guard, ...rest } = (options ?? {}) as RequestInit & { dispatcher?: unknown };
    return fetch(input, rest);
  };
}
