/**
 * Hands every request under /oidc to oidc-provider's Koa app. This plugin is encapsulated and its
 * content-type parser consumes nothing: the provider reads (and size-limits) request bodies itself.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ProviderHolder } from './provider-holder.ts';
import { OIDC_MOUNT_PATH } from './policy.ts';
import { PROVIDER_CSP } from './provider-pages.ts';

export async function mountProvider(app: FastifyInstance, { holder }: { holder: ProviderHolder }) {
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
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('content-security-policy', PROVIDER_CSP);
    await callback(raw, res);
  };

  app.all(`${OIDC_MOUNT_PATH}/*`, handle);
}
