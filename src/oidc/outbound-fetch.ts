/**
 * How the provider fetches what an application publishes (its JWKS URI, for private_key_jwt).
 * oidc-provider refuses special-use addresses (loopback, private networks) so that an address an
 * administrator registers cannot reach services inside the network (SSRF). A Portico that itself runs
 * on loopback (development, demo mode, the tests) may also fetch from loopback hosts, where an
 * application beside it serves its keys over plain http, as registration allows (src/loopback.ts).
 */
import { isLoopbackHost } from '../loopback.ts';

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export function providerFetch(publicUrl: string): Fetch {
  if (!isLoopbackHost(new URL(publicUrl).hostname)) return fetch;
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input);
    if (!isLoopbackHost(url.hostname)) return fetch(input, init);
    // The provider's SSRF guard is its undici dispatcher: left out for this machine only.
    const { dispatcher: _guard, ...rest } = (init ?? {}) as RequestInit & { dispatcher?: unknown };
    return fetch(input, rest);
  };
}
