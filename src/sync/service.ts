/**
 * Directory sync as one node runs it: the worker (runs, reconciles, event streams), the HTTP push
 * route, and what the Enterprise Center's routes need (kick the worker when a run is queued).
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import type { Sessions } from '../login/session.ts';
import { loadIdentitySource } from './sources.ts';
import { createSyncWorker, type SyncWorker } from './worker.ts';
import { readerOf, type DingTalkSyncEnv } from './dingtalk/source.ts';
import { startDingTalkStream } from './dingtalk/stream-runner.ts';
import { pushRoutes } from './dingtalk/push-route.ts';
import type { EventDeps } from './incremental.ts';

export interface SyncService {
  worker: SyncWorker;
  /** Ends every wait of this node's syncs (throttling backoff) at shutdown. */
  stopping: AbortController;
  events: EventDeps;
  env: DingTalkSyncEnv;
}

export function createSyncService(ctx: AppContext, sessions: Pick<Sessions, 'signOutEverywhere'>, log: FastifyInstance['log']): SyncService {
  // Disabled by the sync: signed out of every application, as when an administrator disables them.
  const onDisabled = async (userIds: string[]) => {
    for (const id of userIds) await sessions.signOutEverywhere(id).catch((error) => log.warn({ err: error, userId: id }, 'sign-out after sync failed'));
  };
  const events: EventDeps = { db: ctx.store.db, onDisabled };
  const stopping = new AbortController();
  const env: DingTalkSyncEnv = { shortLived: ctx.shortLived, directoryQps: ctx.config.dingtalkDirectoryQps, signal: stopping.signal };
  const worker = createSyncWorker({
    db: ctx.store.db,
    tickMs: ctx.config.syncTickMs,
    leaseMs: ctx.config.syncLeaseMs,
    loadSource: (id) => loadIdentitySource(ctx.store.db, ctx.secretBox, id),
    readerFor: (source) => readerOf(source, env),
    onDisabled,
    startStream: (source, onState) => startDingTalkStream({ ...events, ...env }, source, onState),
    log,
  });
  return { worker, stopping, events, env };
}

/** The push route, and the worker started with the server and stopped before the store closes. */
export async function syncPlugin(app: FastifyInstance, { ctx, sync }: { ctx: AppContext; sync: SyncService }) {
  await app.register(pushRoutes, { ctx, events: sync.events, env: sync.env });
  app.addHook('onReady', async () => sync.worker.start());
  app.addHook('onClose', async () => {
    sync.stopping.abort();
    await sync.worker.stop();
  });
}
