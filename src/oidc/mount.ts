/**
 * Hands every request under /oidc, and RFC 8414's metadata path for it, to oidc-provider's Koa app.
 * This plugin is encapsulated and its content-type parser consumes nothing: the provider reads (and
 * size-limits) request bodies itself.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ProviderHolder } from './provider-holder.ts';
import { OIDC_MOUNT_PATH } from './policy.ts';
import { PROVIDER_CSP } from './provider-pages.ts';
import { securityHeaders } from '../http/security-headers.ts';

/**
 * RFC 8414 §3.1: the metadata of the issuer `<public>/oidc` is at `/.well-known/oauth-authorization-server/oidc`
 * (the well-known path inserted before the issuer's path). The provider serves it at its own path below the
 * mount: the same document as discovery, the same caching (./cache-headers.ts).
 */
export const RFC8414_METADATA_PATH = `/.well-known/oauth-authorization-server${OIDC_MOUNT_PATH}`;
const PROVIDER_RFC8414_PATH = '/.well-known/oauth-authorization-server';

export async function mountProvider(app: FastifyInstance, { holder, publicUrl, trustProxy }: { holder: ProviderHolder; publicUrl: string; trustProxy: boolean }) {
  const headers = { ...securityHeaders(publicUrl), 'content-security-policy': PROVIDER_CSP };
  const origin = new URL(publicUrl);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

  /** Hands the request to the provider at `providerPath(url)`, its path (and query) below the mount. */
  const forward = (providerPath: (url: string) => string) => async (request: FastifyRequest, reply: FastifyReply) => {
    const { callback } = await holder.current();
    reply.hijack();
    const raw = request.raw as typeof request.raw & { originalUrl?: string };
    // The provider routes on the path below its mount point, and finds the mount point in originalUrl.
    raw.url = providerPath(raw.url!) || '/';
    raw.originalUrl = OIDC_MOUNT_PATH + raw.url;
    // Fastify's onSend hooks do not run for a hijacked reply: set the house headers here.
    const res = reply.raw;
    res.setHeader('x-request-id', String(request.id));
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    // Every URL the provider writes (discovery, redirects, form actions) is built from the public URL,
    // never from what the client sent as Host (which would let anyone poison a cache with another host).
    // The provider trusts these forwarded headers (provider.proxy); the client's own are replaced.
    raw.headers.host = origin.host;
    raw.headers['x-forwarded-host'] = origin.host;
    raw.headers['x-forwarded-proto'] = origin.protocol.slice(0, -1);
    if (!trustProxy) delete raw.headers['x-forwarded-for'];
    await callback(raw, res);
  };

  // The provider parses and checks what it reads itself (a NUL in a client_id or token finds nothing).
  app.all(`${OIDC_MOUNT_PATH}/*`, { config: { passThrough: true } }, forward((url) => url.slice(OIDC_MOUNT_PATH.length)));
  app.route({
    method: ['GET', 'OPTIONS'],
    url: RFC8414_METADATA_PATH,
    config: { passThrough: true },
    handler: forward((url) => PROVIDER_RFC8414_PATH + url.slice(RFC8414_METADATA_PATH.length)),
  });
}
