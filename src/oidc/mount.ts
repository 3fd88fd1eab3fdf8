/**
 * Hands every request under /oidc to oidc-provider's Koa app. This plugin is encapsulated and its
 * content-type parser consumes nothing: the provider reads (and size-limits) request bodies itself.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ProviderHolder } from './provider-holder.ts';
import { OIDC_MOUNT_PATH } from './policy.ts';
import { PROVIDER_CSP } from './provider-pages.ts';
import { securityHeaders } from '../http/security-headers.ts';

/**
 * Public documents relying parties fetch again and again: cached for a while by them and by any
 * proxy. Five minutes bounds how long a client may hold a key set from before a rotation (a new key
 * signs at once on the rotating node; clients also refetch on an unknown kid).
 */
const PUBLIC_DOCUMENTS: Record<string, string> = {
  '/.well-known/openid-configuration': 'public, max-age=300',
  '/jwks': 'public, max-age=300',
};

export async function mountProvider(app: FastifyInstance, { holder, publicUrl, trustProxy }: { holder: ProviderHolder; publicUrl: string; trustProxy: boolean }) {
  const headers = { ...securityHeaders(publicUrl), 'content-security-policy': PROVIDER_CSP };
  const origin = new URL(publicUrl);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const { callback } = await holder.current();
    reply.hijack();
    const raw = request.raw as typeof request.raw & { originalUrl?: string };
    // The provider routes on the path below its mount point, and finds the mount point in originalUrl.
    raw.originalUrl = raw.url;
    raw.url = raw.url!.slice(OIDC_MOUNT_PATH.length) || '/';
    // Fastify's onSend hooks do not run for a hijacked reply: set the house headers here.
    const res = reply.raw;
    res.setHeader('x-request-id', String(request.id));
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    const cache = PUBLIC_DOCUMENTS[raw.url.split('?')[0]];
    if (cache) res.setHeader('cache-control', cache);
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
  app.all(`${OIDC_MOUNT_PATH}/*`, { config: { passThrough: true } }, handle);
}
