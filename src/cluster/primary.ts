/**
 * The primary process of PORTICO_WORKERS > 1. It serves no HTTP. Before forking it does, once, what
 * several nodes starting together would each try: the master key (generated into the data folder when
 * none is configured), migrations, the first admin (its password printed once) and, in demo mode, the
 * DingTalk simulator, the demo data, the demo app and the demo CAS client (each keeps state in its own
 * memory, so there must be one). Then it forks the workers (src/cluster/worker.ts), each a full node on
 * the shared store, exactly as separate machines would be; node:cluster hands the port's connections to
 * them in turn (round robin). A worker that dies is replaced, after a pause that doubles with each death
 * in a row (0.5 s up to 30 s). SIGTERM or SIGINT: every worker drains as a single node does
 * (src/bootstrap/shutdown.ts), then the demo helpers close and the primary exits, 0 when every worker
 * exited 0; a second signal ends everything at once with 1.
 *
 * GET /metrics, on whichever worker a scrape lands, answers the node's metrics: the primary asks every
 * worker for its registry, adds them up (counters and histograms series by series; memory summed, the
 * event-loop delay the worst), with its own process's, and with what workers that died had counted
 * (so totals never go down when one is replaced), plus `portico_workers`,
 * `portico_worker_restarts_total` and `portico_worker_requests_total{worker="<n>"}`.
 */
import cluster, { type Worker } from 'node:cluster';
import { pino } from 'pino';
import type { Config } from '../config.ts';
import { loadMasterKey } from '../crypto/master-key.ts';
import { migrate, openStore } from '../store/database.ts';
import { ensureFirstAdmin } from '../bootstrap/first-admin.ts';
import { startupBanner, type BannerFacts } from '../bootstrap/banner.ts';
import { createPorticoMetrics } from '../metrics/portico.ts';
import { mergeSnapshots, monotonicPart, renderSnapshots, type FamilySnapshot } from '../metrics/registry.ts';
import { isMessage, SNAPSHOT_TIMEOUT_MS, type ToPrimary, type ToWorker } from './messages.ts';

/** The first replacement waits this long; each death in a row doubles it, up to the maximum. */
const FIRST_RESTART_DELAY_MS = 500;
const MAX_RESTART_DELAY_MS = 30_000;
/** A worker that served this long before dying was healthy: its replacement starts with the first delay again. */
const HEALTHY_AFTER_MS = 30_000;
/** On shutdown, the workers' own drain delay and timeout, and this much more, before they are killed. */
const SHUTDOWN_GRACE_MS = 5_000;
/** The histogram whose count is a worker's answered requests. */
const HTTP_DURATION = 'portico_http_request_duration_seconds';

interface Slot {
  /** 1 … PORTICO_WORKERS: a replacement takes its predecessor's number. */
  n: number;
  worker?: Worker;
  listening: boolean;
  listeningSince?: number;
  /** Deaths in a row (reset after a healthy run): the next restart's delay. */
  deaths: number;
  restart?: NodeJS.Timeout;
  /** The worker's registry as last read: what is kept of it when it dies. */
  last?: FamilySnapshot[];
}

const send = (worker: Worker, message: ToWorker) => {
  if (worker.isConnected()) worker.send(message);
};

export async function runPrimary(config: Config): Promise<void> {
  const log = pino({ level: config.logLevel }).child({ role: 'primary' });

  // Once, before any worker: the master key file, migrations, the first admin.
  const { generated: masterKeyGenerated } = loadMasterKey(config.masterKey, config.dataDir);
  const store = await openStore(config.databaseUrl);
  let firstAdmin: BannerFacts['firstAdmin'];
  try {
    await migrate(store);
    firstAdmin = await ensureFirstAdmin(store, config.adminPassword);
  } finally {
    await store.close();
  }
  // Loaded only in demo mode: the helpers, and the node the demo data is seeded with, stay out of a real primary.
  const demo = config.demo ? await import('../bootstrap/demo-helpers.ts').then((m) => m.startDemoHelpers(config)) : undefined;
  await demo?.seed();

  const metrics = createPorticoMetrics();
  const restarts = metrics.registry.counter('portico_worker_restarts_total', 'Worker processes replaced after dying (PORTICO_WORKERS > 1).', []);
  let retired: FamilySnapshot[] = [];
  const slots: Slot[] = Array.from({ length: config.workers }, (_, i) => ({ n: i + 1, listening: false, deaths: 0 }));
  metrics.registry.collected('portico_workers', 'Worker processes serving the port now (PORTICO_WORKERS > 1).', () => slots.filter((s) => s.listening).length);

  let stopping = false;
  let started = false;
  let nextId = 0;
  const snapshotWaits = new Map<number, (families: FamilySnapshot[]) => void>();

  /** A worker's registry, or the last one it gave when it does not answer in time. */
  const snapshotOf = (slot: Slot, worker: Worker) =>
    new Promise<FamilySnapshot[] | undefined>((resolve) => {
      const id = ++nextId;
      const timer = setTimeout(() => {
        snapshotWaits.delete(id);
        resolve(slot.last);
      }, SNAPSHOT_TIMEOUT_MS);
      snapshotWaits.set(id, (families) => {
        clearTimeout(timer);
        snapshotWaits.delete(id);
        resolve(families);
      });
      send(worker, { portico: 'snapshot?', id });
    });

  async function exposition(): Promise<string> {
    const live = slots.flatMap((slot) => (slot.worker && slot.listening ? [{ slot, worker: slot.worker }] : []));
    const read = await Promise.all(live.map(({ slot, worker }) => snapshotOf(slot, worker)));
    const current: FamilySnapshot[][] = [];
    const perWorker: { values: string[]; value: number }[] = [];
    live.forEach(({ slot, worker }, i) => {
      // A worker that died meanwhile is already counted among the retired (with its last snapshot).
      if (slot.worker !== worker || !read[i]) return;
      slot.last = read[i];
      current.push(read[i]);
      const http = read[i].find((f) => f.name === HTTP_DURATION);
      const answered = http?.kind === 'histogram' ? http.series.reduce((n, s) => n + s.count, 0) : 0;
      perWorker.push({ values: [String(slot.n)], value: answered });
    });
    const merged = mergeSnapshots([metrics.registry.snapshot(), retired, ...current]);
    merged.push({
      kind: 'counter',
      name: 'portico_worker_requests_total',
      help: 'HTTP requests each worker process answered since it started (worker: 1 to PORTICO_WORKERS; a replacement starts from 0).',
      labelNames: ['worker'],
      series: perWorker,
    });
    return renderSnapshots(merged);
  }

  function fork(slot: Slot) {
    slot.restart = undefined;
    slot.listening = false;
    slot.last = undefined;
    const worker = cluster.fork();
    slot.worker = worker;
    worker.on('message', (message: unknown) => {
      if (!isMessage<ToPrimary>(message)) return;
      if (message.portico === 'snapshot') snapshotWaits.get(message.id)?.(message.families);
      else if (message.portico === 'exposition?') {
        exposition().then(
          (text) => send(worker, { portico: 'exposition', id: message.id, text }),
          (error: unknown) => send(worker, { portico: 'exposition', id: message.id, error: String(error) }),
        );
      }
    });
    worker.on('listening', () => {
      slot.listening = true;
      slot.listeningSince = Date.now();
      log.info({ worker: slot.n, workerPid: worker.process.pid }, `worker ${slot.n} serving`);
      if (stopping) send(worker, { portico: 'drain' });
      if (!started && slots.every((s) => s.listening)) {
        started = true;
        onStarted();
      }
    });
    worker.on('exit', (code, signal) => {
      if (slot.worker !== worker) return;
      slot.worker = undefined;
      slot.listening = false;
      if (slot.last) retired = mergeSnapshots([retired, monotonicPart(slot.last)]);
      slot.last = undefined;
      if (stopping) {
        if (code !== 0) exitCode = 1;
        return maybeDone();
      }
      const how = signal ? `signal ${signal}` : `code ${code}`;
      if (!started) {
        // As a single node that fails to start: stop, with the reason above in the worker's output.
        log.fatal({ worker: slot.n, workerPid: worker.process.pid, code, signal }, `worker ${slot.n} exited during start-up (${how}): stopping`);
        exitCode = 1;
        return stop('a worker failed to start');
      }
      if (slot.listeningSince && Date.now() - slot.listeningSince >= HEALTHY_AFTER_MS) slot.deaths = 0;
      const delay = Math.min(MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** slot.deaths);
      slot.deaths++;
      slot.listeningSince = undefined;
      restarts.inc({});
      log.error({ worker: slot.n, workerPid: worker.process.pid, code, signal, restartInMs: delay }, `worker ${slot.n} (pid ${worker.process.pid}) exited unexpectedly (${how}): replacing it in ${delay} ms`);
      slot.restart = setTimeout(() => fork(slot), delay);
    });
  }

  let exitCode = 0;
  let forceTimer: NodeJS.Timeout | undefined;

  function stop(reason: string) {
    if (stopping) {
      log.warn({ reason }, 'second signal: ending every worker without waiting');
      for (const slot of slots) slot.worker?.process.kill('SIGKILL');
      process.exit(1);
    }
    stopping = true;
    log.info({ reason, drainDelayMs: config.drainDelayMs }, 'shutting down: every worker drains, then exits');
    for (const slot of slots) {
      clearTimeout(slot.restart);
      slot.restart = undefined;
      if (slot.worker) send(slot.worker, { portico: 'drain' });
    }
    forceTimer = setTimeout(() => {
      log.error({ timeoutMs: config.shutdownTimeoutMs }, 'workers did not exit in time: killing them');
      for (const slot of slots) slot.worker?.process.kill('SIGKILL');
      exitCode = 1;
    }, config.drainDelayMs + config.shutdownTimeoutMs + SHUTDOWN_GRACE_MS);
    forceTimer.unref();
    maybeDone();
  }

  let done = false;
  function maybeDone() {
    if (done || slots.some((s) => s.worker)) return;
    done = true;
    clearTimeout(forceTimer);
    void (async () => {
      try {
        await demo?.close();
      } catch (error) {
        log.error({ err: error }, 'closing the demo helpers failed');
        exitCode = 1;
      }
      log.info({ exitCode }, 'all workers exited');
      process.exit(exitCode);
    })();
  }

  async function onStarted() {
    try {
      const helpers = await demo?.startApps();
      console.log(startupBanner(config, { demo: helpers, masterKeyGenerated, firstAdmin, workers: config.workers }));
    } catch (error) {
      log.fatal({ err: error }, 'the demo helpers failed to start');
      exitCode = 1;
      stop('the demo helpers failed to start');
    }
  }

  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  for (const slot of slots) fork(slot);
}
