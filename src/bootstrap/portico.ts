/** Assembles a Portico node from its configuration: store, migrations, keys, first admin, HTTP app. */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { migrate, openStore, type Store, type StoreOptions } from '../store/database.ts';
import { loadMasterKey } from '../crypto/master-key.ts';
import { createSecretBox } from '../crypto/secret-box.ts';
import { buildApp } from '../app/build.ts';
import type { AppContext } from '../context.ts';
import { ensureFirstAdmin } from './first-admin.ts';
import { purgeExpired, redisShortLivedStore, sqlShortLivedStore } from '../store/short-lived.ts';
import type { Redis } from 'ioredis';
import { hkdfSync } from 'node:crypto';
import { purgeExpiredArtifacts } from '../oidc/adapter-sql.ts';
import { purgeExpiredSessionLinks } from '../oidc/logout/session-links.ts';
import { createPorticoMetrics } from '../metrics/portico.ts';
import { createLifecycle, type ReadinessCheck } from '../http/lifecycle.ts';
import { storeReadinessCheck } from './store-readiness.ts';

/** How often a node sweeps expired short-lived rows from SQL (Redis expires keys itself). */
const PURGE_INTERVAL_MS = 60_000;

export interface Portico {
  app: FastifyInstance;
  ctx: AppContext;
  store: Store;
  firstAdmin?: Awaited<ReturnType<typeof ensureFirstAdmin>>;
  masterKeyGenerated: boolean;
  close(): Promise<void>;
}

export interface NodeOptions {
  /**
   * A worker process of several (PORTICO_WORKERS > 1): its primary has migrated the store and created the
   * first admin before forking it (src/cluster/primary.ts), so the worker does neither.
   */
  workerOfPrimary?: boolean;
  /** What GET /metrics answers instead of this process's registry (a worker: every worker's, merged by the primary). */
  metricsExposition?: () => Promise<string>;
}

export async function createPortico(config: Config, storeOptions: StoreOptions = {}, options: NodeOptions = {}): Promise<Portico> {
  const { key, generated } = loadMasterKey(config.masterKey, config.dataDir);
  const store = await openStore(config.databaseUrl, storeOptions);
  let redis: Redis | undefined;
  let purge: NodeJS.Timeout | undefined;
  const release = async () => {
    clearInterval(purge);
    redis?.disconnect();
    await store.close();
  };
  try {
    if (!options.workerOfPrimary) await migrate(store);
    if (config.redisUrl) {
      // Loaded only when configured: the embedded default never pays for the client.
      const { Redis } = await import('ioredis');
      redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true });
      // ioredis reconnects by itself; an outage shows in /readyz and in the failing requests.
      redis.on('error', () => {});
      await redis.connect();
    }
    purge = setInterval(() => {
      // The provider sessions' links are in SQL whatever holds the rest (src/oidc/logout/session-links.ts).
      void purgeExpiredSessionLinks(store.db).catch(() => {});
      if (redis) return;
      void purgeExpired(store.db).catch(() => {});
      void purgeExpiredArtifacts(store.db).catch(() => {});
    }, PURGE_INTERVAL_MS).unref();
    const shortLived = redis ? redisShortLivedStore(redis) : sqlShortLivedStore(store.db);
    const firstAdmin = options.workerOfPrimary ? undefined : await ensureFirstAdmin(store, config.adminPassword);
    const checks: Record<string, ReadinessCheck> = { store: storeReadinessCheck(store) };
    if (redis) checks.redis = pingRedis(redis);
    const lifecycle = createLifecycle(checks);
    const metrics = createPorticoMetrics({ draining: () => lifecycle.draining, exposition: options.metricsExposition });
    // Purpose-bound keys: one secret, and a key for one use never serves another (RFC 5869).
    const deriveKey = (purpose: string) => Buffer.from(hkdfSync('sha256', key, 'portico', purpose, 32));
    const ctx: AppContext = { config, store, secretBox: createSecretBox(key), shortLived, metrics, lifecycle, deriveKey, redis };
    const app = await buildApp(ctx);
    return {
      app,
      ctx,
      store,
      firstAdmin,
      masterKeyGenerated: generated,
      async close() {
        await app.close();
        metrics.stop();
        await release();
      },
    };
  } catch (error) {
    await release();
    throw error;
  }
}

function pingRedis(redis: Redis): ReadinessCheck {
  return async () => (await redis.ping()) === 'PONG';
}
