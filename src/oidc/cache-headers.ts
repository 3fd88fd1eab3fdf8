/**
 * What caches may keep of the provider's answers, decided once the route has answered (its status known).
 *
 * - The metadata (OpenID Connect discovery, RFC 8414's, under either path) and the key set are public
 *   documents relying parties fetch again and again: cacheable for five minutes by them and by any
 *   proxy, and only when they were served (a refusal or an error is never a public document). This
 *   bounds how long a client may hold a key set from before a rotation: a next key is published at
 *   least that long before it signs (NEXT_KEY_MIN_PUBLISHED_S).
 * - Answers that carry tokens or other secrets (the library marks them `Cache-Control: no-store`: the
 *   token, userinfo, introspection, authorization and logout endpoints) also get `Pragma: no-cache`,
 *   as RFC 6749 §5.1 asks of token responses, for HTTP/1.0 caches.
 */
import type { KoaContextWithOIDC, Provider } from 'oidc-provider';
import { PUBLIC_DOCUMENT_MAX_AGE_S } from './policy.ts';

export const PUBLIC_DOCUMENT_CACHE = `public, max-age=${PUBLIC_DOCUMENT_MAX_AGE_S}`;
/** The provider's routes (oidc-provider's names) that serve public documents. */
const PUBLIC_DOCUMENT_ROUTES = new Set(['discovery', 'jwks']);

export function cacheHeaders(provider: Provider) {
  provider.use(async (ctx, next) => {
    await next();
    const route = (ctx as KoaContextWithOIDC).oidc?.route;
    if (route && PUBLIC_DOCUMENT_ROUTES.has(route) && ctx.status === 200) ctx.set('cache-control', PUBLIC_DOCUMENT_CACHE);
    if (ctx.response.get('cache-control') === 'no-store') ctx.set('pragma', 'no-cache');
  });
}
