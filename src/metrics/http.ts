/**
 * Request durations by route pattern, and GET /metrics (Prometheus text), optionally behind a bearer
 * token (PORTICO_METRICS_TOKEN). Installed on the root instance so the hook sees every route.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fail } from '../errors.ts';
import { PROMETHEUS_CONTENT_TYPE } from './registry.ts';
import { MS_PER_SECOND, type PorticoMetrics } from './portico.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** This node's metrics; login events reach them through `request.server`. */
    metrics: PorticoMetrics;
  }
}

const METRICS_PATH = '/metrics';
/** Requests no route matched: one label value, whatever the URL. */
const UNMATCHED_ROUTE = 'unmatched';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Bearer token compared in constant time (hashing first makes the lengths equal). */
function tokenMatches(request: FastifyRequest, expected: Buffer): boolean {
  const header = request.headers.authorization ?? '';
  const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
  return given.length > 0 && timingSafeEqual(digest(given), expected);
}

export function installMetrics(app: FastifyInstance, metrics: PorticoMetrics, token: string | undefined): void {
  app.decorate('metrics', metrics);
  // The configured token's digest is fixed: computed once, not on every scrape.
  const expected = token ? digest(token) : undefined;

  app.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? UNMATCHED_ROUTE, status: String(reply.statusCode) },
      reply.elapsedTime / MS_PER_SECOND,
    );
  });

  app.get(METRICS_PATH, { schema: { hide: true } }, async (request, reply) => {
    if (expected && !tokenMatches(request, expected)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw fail('metrics.unauthenticated', 'Send the metrics token as Authorization: Bearer <PORTICO_METRICS_TOKEN>.');
    }
    return reply.type(PROMETHEUS_CONTENT_TYPE).header('cache-control', 'no-store').send(await metrics.exposition());
  });
}
