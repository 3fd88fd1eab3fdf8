/**
 * Each node's sync worker. Every tick it (1) takes up queued runs, and runs whose node died, under a
 * lease per source so one node works on a source at a time; (2) starts the nightly reconcile of each
 * source when it is due (one node wins the compare-and-set); (3) holds the event stream of each
 * source that uses Stream mode, under a lease, so exactly one connection per source serves the
 * cluster and another node takes over within a lease's life when its holder dies.
 */
import type { Db } from '../store/database.ts';
import { nowIso } from '../store/database.ts';
import { acquireLease, leaseHolderId, releaseLease } from '../jobs/leases.ts';
import { executeRun, type EngineDeps } from './engine.ts';
import { hasAppliedRun } from './incremental.ts';
import { createRun, ACTIVE_STATUSES } from './runs.ts';
import { reconcileDue } from './schedule.ts';
import { listIdentitySourceRows, type LoadedSource } from './sources.ts';
import type { DirectoryReader } from './reader.ts';

/** Runs one node works on at once: syncs are I/O-bound on the upstream's quota, not on this node. */
const MAX_LOCAL_RUNS = 2;

export interface StreamHandle {
  stop(): Promise<void>;
}

export interface WorkerDeps {
  db: Db;
  tickMs: number;
  /** A lease's life; it is renewed every third of it, so one missed renewal does not lose it. */
  leaseMs: number;
  loadSource(id: string): Promise<LoadedSource>;
  readerFor(source: LoadedSource): DirectoryReader;
  onDisabled(userIds: string[]): Promise<void>;
  /** Connects the source's event stream; called only on the node holding its lease. */
  startStream(source: LoadedSource, onState: (state: string, error: string | null) => Promise<void>): StreamHandle;
  log: { warn(obj: Record<string, unknown>, msg: string): void; info(obj: Record<string, unknown>, msg: string): void };
}

export interface SyncWorker {
  readonly nodeId: string;
  start(): void;
  /** Looks for work now (a run was just queued). */
  kick(): void;
  stop(): Promise<void>;
}

export const runLease = (run: { id: string; source_id: string | null }) => `sync-run:${run.source_id ?? run.id}`;
export const streamLease = (sourceId: string) => `sync-stream:${sourceId}`;

export function createSyncWorker(deps: WorkerDeps): SyncWorker {
  const nodeId = leaseHolderId();
  const localRuns = new Map<string, Promise<void>>();
  const streams = new Map<string, { handle: StreamHandle; fingerprint: string }>();
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | undefined;
  let stopped = false;

  async function runUnderLease(run: { id: string; source_id: string | null }) {
    const lease = runLease(run);
    let holding = true;
    const renew = setInterval(() => {
      void acquireLease(deps.db, lease, nodeId, deps.leaseMs).then((ok) => (holding = ok), () => (holding = false));
    }, deps.leaseMs / 3);
    const engine: EngineDeps = { db: deps.db, loadSource: deps.loadSource, readerFor: deps.readerFor, onDisabled: deps.onDisabled, stillHolding: async () => holding && !stopped };
    try {
      await executeRun(engine, run.id);
    } catch (error) {
      deps.log.warn({ err: error, runId: run.id }, 'sync run failed');
    } finally {
      clearInterval(renew);
      await releaseLease(deps.db, lease, nodeId).catch(() => {});
    }
  }

  async function takeRuns() {
    const runs = await deps.db.selectFrom('sync_runs').select(['id', 'source_id']).where('status', 'in', ACTIVE_STATUSES).orderBy('started_at').limit(20).execute();
    for (const run of runs) {
      if (localRuns.size >= MAX_LOCAL_RUNS || stopped) return;
      if (localRuns.has(run.id)) continue;
      if (!(await acquireLease(deps.db, runLease(run), nodeId, deps.leaseMs))) continue;
      const work = runUnderLease(run).finally(() => {
        localRuns.delete(run.id);
        if (!stopped) kick();
      });
      localRuns.set(run.id, work);
    }
  }

  async function startDueReconciles() {
    for (const row of await listIdentitySourceRows(deps.db)) {
      const config = JSON.parse(row.config) as LoadedSource['config'];
      if (row.enabled !== 1 || config.reconcileHour === null || !reconcileDue(config.reconcileHour, row.last_scheduled_at, Date.now())) continue;
      if (!(await hasAppliedRun(deps.db, row.id))) continue;
      // Compare-and-set: of several nodes, the one whose write lands starts the run.
      const claimed = await deps.db
        .updateTable('identity_sources')
        .set({ last_scheduled_at: nowIso() })
        .where('id', '=', row.id)
        .where((eb) => (row.last_scheduled_at === null ? eb('last_scheduled_at', 'is', null) : eb('last_scheduled_at', '=', row.last_scheduled_at)))
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) continue;
      await deps.db
        .transaction()
        .execute((tx) => createRun(tx, { sourceId: row.id, origin: 'dingtalk', mode: 'apply', trigger: 'schedule', requestedBy: null }))
        .catch((error) => deps.log.info({ err: error, sourceId: row.id }, 'nightly reconcile not started'));
    }
  }

  async function setStreamState(sourceId: string, state: string, error: string | null) {
    await deps.db
      .updateTable('identity_sources')
      .set({ stream_state: state, stream_holder: state === 'disconnected' ? null : nodeId, stream_since: nowIso(), stream_error: error })
      .where('id', '=', sourceId)
      .execute();
  }

  async function stopStream(sourceId: string, release: boolean) {
    const held = streams.get(sourceId);
    if (!held) return;
    streams.delete(sourceId);
    await held.handle.stop().catch(() => {});
    if (release) {
      await releaseLease(deps.db, streamLease(sourceId), nodeId).catch(() => {});
      await setStreamState(sourceId, 'disconnected', null).catch(() => {});
    }
  }

  async function holdStreams() {
    const wanted = new Set<string>();
    for (const row of await listIdentitySourceRows(deps.db)) {
      const config = JSON.parse(row.config) as LoadedSource['config'];
      if (row.enabled !== 1 || config.transport !== 'stream') continue;
      wanted.add(row.id);
      if (!(await acquireLease(deps.db, streamLease(row.id), nodeId, deps.leaseMs))) {
        await stopStream(row.id, false);
        continue;
      }
      // A changed configuration (new secret, other app) reconnects with it.
      const fingerprint = row.updated_at;
      const held = streams.get(row.id);
      if (held?.fingerprint === fingerprint) continue;
      if (held) await stopStream(row.id, false);
      const source = await deps.loadSource(row.id);
      const handle = deps.startStream(source, (state, error) => setStreamState(row.id, state, error));
      streams.set(row.id, { handle, fingerprint });
    }
    for (const id of [...streams.keys()]) if (!wanted.has(id)) await stopStream(id, true);
  }

  async function tick() {
    if (stopped) return;
    for (const step of [takeRuns, startDueReconciles, takeRuns, holdStreams]) {
      try {
        await step();
      } catch (error) {
        deps.log.warn({ err: error, step: step.name }, 'sync worker step failed');
      }
    }
  }

  function kick() {
    if (stopped || ticking) return;
    ticking = tick().finally(() => (ticking = undefined));
  }

  return {
    nodeId,
    start() {
      timer = setInterval(kick, deps.tickMs);
      timer.unref();
      kick();
    },
    kick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await ticking;
      for (const id of [...streams.keys()]) await stopStream(id, true);
      await Promise.allSettled(localRuns.values());
    },
  };
}
