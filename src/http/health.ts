import type { FastifyInstance } from 'fastify';
import type { AppContext } from './app.ts';

/** Liveness says the process serves; readiness says it can do real work (the store answers). */
export async function healthRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const store = await ctx.store.ping();
    return reply.status(store ? 200 : 503).send({ status: store ? 'ready' : 'unavailable', checks: { store: store ? 'ok' : 'unreachable' } });
  });
}
