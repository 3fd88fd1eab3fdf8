import type { FastifyInstance } from 'fastify';
import { runReadinessChecks, type Lifecycle } from './lifecycle.ts';

/**
 * Liveness says the process serves; readiness says it can do real work (the store answers and can write,
 * and Redis answers when configured) and is not draining for shutdown.
 */
export async function healthRoutes(app: FastifyInstance, { lifecycle }: { lifecycle: Lifecycle }) {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    if (lifecycle.draining) return reply.status(503).send({ status: 'draining', checks: {} });
    const checks = await runReadinessChecks(lifecycle.checks);
    const ready = Object.values(checks).every((state) => state === 'ok');
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks });
  });
}
