/**
 * `npm run bench`: Portico and the DingTalk simulator as child processes on loopback, a load driver in
 * this process, each scenario bounded in time and count. Prints one table, writes bench/results/latest.json.
 *
 * Settings (environment): BENCH_DURATION_S (10), BENCH_CONCURRENCY (64), BENCH_MAX_ITERATIONS (50000),
 * BENCH_DATABASE_URL (default: SQLite in a temporary folder; postgres://… runs in a schema of its own),
 * BENCH_REDIS_URL, BENCH_LOG_LEVEL (warn), BENCH_ONLY (e.g. "1',2"), BENCH_NODE_ARGS (e.g. "--cpu-prof"),
 * BENCH_PORTICO_DIR (run Portico from another checkout, e.g. an older commit, against the same driver),
 * BENCH_CHILD_LOG (a path prefix: keep the children's full output, e.g. with BENCH_NODE_ARGS="--trace-gc"),
 * and UV_THREADPOOL_SIZE, MALLOC_ARENA_MAX, NODE_OPTIONS, passed to Portico and to the argon2id-alone process alike.
 * The directory-sync scenarios (6, 6e, 6t) run last, on processes of their own: settings in scenarios/directory-sync.ts.
 * (W) compares PORTICO_WORKERS=1 with BENCH_WORKERS (default: the usable cores) on (1), each on a Portico and simulator of its own,
 * measured in BENCH_WORKERS_ROUNDS (4) turns each.
 */
import { execFileSync } from 'node:child_process';
import type http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAgent } from './lib/http-client.ts';
import { createSchema, dropSchema } from '../test/helpers/pg-schema.ts';
import { machine } from './lib/machine.ts';
import { startPorticoProcess, startSimulatorProcess, type Child } from './lib/processes.ts';
import { sampleMemory, type MemoryPeaks } from './lib/memory-sampler.ts';
import { renderTable, writeJson, type BenchReport, type ScenarioRow } from './lib/report.ts';
import { BENCH_ADMIN_PASSWORD, setUpWorld } from './lib/setup.ts';
import type { LoadResult } from './lib/load.ts';
import type { RunOptions } from './scenarios/options.ts';
import { dingtalkQrLogin } from './scenarios/dingtalk-qr.ts';
import { passwordLogin } from './scenarios/password-login.ts';
import { casTickets } from './scenarios/cas.ts';
import { samlAssertions } from './scenarios/saml.ts';
import { oidcScenarios } from './scenarios/oidc.ts';
import { directorySyncScenarios, SYNC_SCENARIO_IDS, syncSettings, type SyncBenchOutcome } from './scenarios/directory-sync.ts';
import { usableCores } from '../src/cpu-quota.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RESULTS = path.join(HERE, 'results', 'latest.json');
const MB = 2 ** 20;

const env = process.env;
const options: RunOptions = {
  concurrency: Number(env.BENCH_CONCURRENCY ?? 64),
  durationMs: Number(env.BENCH_DURATION_S ?? 10) * 1000,
  maxIterations: Number(env.BENCH_MAX_ITERATIONS ?? 50_000),
};
const only = env.BENCH_ONLY ? new Set(env.BENCH_ONLY.split(',').map((s) => s.trim())) : undefined;
const wanted = (id: string) => !only || only.has(id);
/** The scenarios that share one Portico and the simulator's demo organisation. */
const LOGIN_SCENARIO_IDS = ["1'", '2', ...oidcScenarios.map((s) => s.id), '7', '8'];
/** (W): the worker count compared with one process. */
const WORKERS_COMPARED = Number(env.BENCH_WORKERS ?? usableCores());
/** (W) runs (1) through OIDC: the whole flow, JavaScript-bound (password login is argon2id's, already on every core). */
const WORKERS_SCENARIO_ID = '1';
/** Process-level tuning handed to Portico and to the argon2id-alone process alike. */
const PASSED_THROUGH = ['UV_THREADPOOL_SIZE', 'MALLOC_ARENA_MAX', 'NODE_OPTIONS'] as const;
const passThrough: Record<string, string> = Object.fromEntries(PASSED_THROUGH.filter((k) => env[k]).map((k) => [k, env[k]!]));

/** SQLite in a temporary folder, or a fresh schema of the PostgreSQL database named by BENCH_DATABASE_URL. */
async function database(dataDir: string): Promise<{ url: string; drop(): Promise<void> }> {
  const given = env.BENCH_DATABASE_URL;
  if (!given) return { url: `sqlite:${path.join(dataDir, 'portico.sqlite')}`, drop: async () => {} };
  const { schema, url } = await createSchema(given, 'bench_');
  return { url, drop: () => dropSchema(given, schema) };
}

/** argon2id by itself in a fresh process; `atOnce` hashes at the same time (the rest wait), or as many as Portico allows. */
function argon2Alone(atOnce: number | 'portico'): LoadResult & { atOnce: number } {
  const out = execFileSync(process.execPath, [path.join(HERE, 'argon2-alone.ts')], {
    env: {
      PATH: env.PATH ?? '',
      ...passThrough,
      BENCH_CONCURRENCY: String(options.concurrency),
      BENCH_ARGON2_AT_ONCE: String(atOnce),
      BENCH_DURATION_MS: String(options.durationMs),
      BENCH_MAX_ITERATIONS: String(options.maxIterations),
    },
    encoding: 'utf8',
  });
  return JSON.parse(out) as LoadResult & { atOnce: number };
}

/** A Portico on a database of its own with the bench's settings (and `extra`); `stop` also removes its database. */
async function startBenchPortico(extra: Record<string, string> = {}): Promise<Child> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-bench-'));
  const db = await database(dataDir);
  const removeData = async () => {
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const portico = await startPorticoProcess(
      {
        PORTICO_DATA_DIR: dataDir,
        PORTICO_DATABASE_URL: db.url,
        PORTICO_ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
        PORTICO_DEMO: 'false',
        // The bench's DingTalk is the simulator: the operator's switch that allows it.
        PORTICO_DINGTALK_CUSTOM_ENDPOINTS: 'true',
        PORTICO_LOG_LEVEL: env.BENCH_LOG_LEVEL ?? 'warn',
        ...(env.BENCH_REDIS_URL ? { PORTICO_REDIS_URL: env.BENCH_REDIS_URL } : {}),
        ...passThrough,
        ...extra,
      },
      env.BENCH_NODE_ARGS ? env.BENCH_NODE_ARGS.split(' ').filter(Boolean) : [],
      env.BENCH_PORTICO_DIR ? path.resolve(env.BENCH_PORTICO_DIR) : undefined,
    );
    return {
      ...portico,
      async stop() {
        await portico.stop();
        await removeData();
      },
    };
  } catch (error) {
    await removeData();
    throw error;
  }
}

/** Scenarios (1') to (5): one Portico and one simulator with the demo organisation and a person per worker. */
async function loginScenarios(agent: http.Agent, rows: ScenarioRow[]): Promise<{ peakRss?: number; memory: MemoryPeaks }> {
  const sim = await startSimulatorProcess();
  const portico = await startBenchPortico();
  let peakRss: number | undefined;
  let memory: MemoryPeaks = {};
  const sampler = sampleMemory(portico.url);
  try {
    const world = await setUpWorld(agent, portico.url, sim.url, options.concurrency);
    const run = async (row: Omit<ScenarioRow, 'result'>, scenario: () => Promise<LoadResult>) => {
      if (!wanted(row.id)) return;
      process.stderr.write(`running (${row.id}) ${row.name}…\n`);
      let before = { portico: portico.cpuSeconds(), simulator: sim.cpuSeconds(), driver: process.cpuUsage() };
      options.onStart = () => {
        before = { portico: portico.cpuSeconds(), simulator: sim.cpuSeconds(), driver: process.cpuUsage() };
      };
      const result = await scenario();
      const perOp = (from?: number, to?: number) => (from === undefined || to === undefined || !result.count ? undefined : ((to - from) * 1000) / result.count);
      const driver = process.cpuUsage(before.driver);
      rows.push({
        ...row,
        result,
        cpuMsPerOp: {
          portico: perOp(before.portico, portico.cpuSeconds()),
          simulator: perOp(before.simulator, sim.cpuSeconds()),
          driver: result.count ? (driver.user + driver.system) / 1000 / result.count : undefined,
        },
      });
    };
    await run({ id: "1'", name: 'DingTalk QR login, Portico pages (no OIDC)', unit: 'flows/s' }, () => dingtalkQrLogin(agent, portico.url, sim.url, world, options));
    await run({ id: '2', name: 'password login, argon2id 19 MiB t=2 p=1', unit: 'logins/s' }, () => passwordLogin(agent, portico.url, world, options));
    const oidcContext = { agent, porticoUrl: portico.url, simUrl: sim.url, world, options };
    for (const s of oidcScenarios) {
      if (!wanted(s.id)) continue;
      const skipped = await s.unavailable(oidcContext);
      const row = { id: s.id, name: s.name, unit: s.unit, note: s.note };
      if (skipped) rows.push({ ...row, skipped });
      else await run(row, () => s.run(oidcContext));
    }
    await run({ id: '7', name: 'CAS: ticket from the SSO session + p3/serviceValidate', unit: 'tickets/s' }, () => casTickets(agent, portico.url, world, options));
    await run({ id: '8', name: 'SAML: AuthnRequest (Redirect) → signed Response, SSO session', unit: 'assertions/s' }, () => samlAssertions(agent, portico.url, world, options));
    peakRss = portico.peakRss();
  } finally {
    memory = sampler.stop();
    await portico.stop();
    await sim.stop();
  }
  return { peakRss, memory };
}

/**
 * (W) one process against PORTICO_WORKERS=N on the same scenario, each on a Portico (database of its own) and a
 * simulator of its own, both started first and then measured in turns (BENCH_WORKERS_ROUNDS windows each, the
 * scenario's duration split between them): on a machine shared with other work the load drifts, and taking turns
 * spreads the drift over both. Reports rates, Portico's CPU per flow (the primary and every worker) and the ratio.
 */
async function workersComparison(agent: http.Agent, rows: ScenarioRow[]): Promise<Record<string, string | undefined>> {
  const scenario = oidcScenarios.find((s) => s.id === WORKERS_SCENARIO_ID)!;
  const rounds = Math.max(1, Number(env.BENCH_WORKERS_ROUNDS ?? 4));
  const setups: { workers: number; sim: Child; portico: Child; context: Parameters<typeof scenario.run>[0]; windows: LoadResult[]; cpu: { portico: number; simulator: number; driver: number } }[] = [];
  try {
    for (const workers of [1, WORKERS_COMPARED]) {
      const sim = await startSimulatorProcess();
      const portico = await startBenchPortico({ PORTICO_WORKERS: String(workers) }).catch(async (error) => {
        await sim.stop();
        throw error;
      });
      setups.push({ workers, sim, portico, context: { agent, porticoUrl: portico.url, simUrl: sim.url, world: undefined!, options: { ...options, durationMs: options.durationMs / rounds } }, windows: [], cpu: { portico: 0, simulator: 0, driver: 0 } });
    }
    for (const setup of setups) {
      setup.context.world = await setUpWorld(agent, setup.portico.url, setup.sim.url, options.concurrency);
      const skipped = await scenario.unavailable(setup.context);
      if (skipped) {
        rows.push({ id: `W${setup.workers}`, name: scenario.name, unit: scenario.unit, skipped });
        return {};
      }
    }
    for (let round = 0; round < rounds; round++) {
      for (const setup of setups) {
        process.stderr.write(`running (W) PORTICO_WORKERS=${setup.workers}, window ${round + 1} of ${rounds}…\n`);
        const { portico, sim } = setup;
        let before = { portico: portico.cpuSeconds() ?? 0, simulator: sim.cpuSeconds() ?? 0, driver: process.cpuUsage() };
        setup.context.options.onStart = () => {
          before = { portico: portico.cpuSeconds() ?? 0, simulator: sim.cpuSeconds() ?? 0, driver: process.cpuUsage() };
        };
        setup.windows.push(await scenario.run(setup.context));
        const driver = process.cpuUsage(before.driver);
        setup.cpu.portico += (portico.cpuSeconds() ?? 0) - before.portico;
        setup.cpu.simulator += (sim.cpuSeconds() ?? 0) - before.simulator;
        setup.cpu.driver += (driver.user + driver.system) / 1e6;
      }
    }
    const measured: Record<number, ScenarioRow & { result: LoadResult }> = {};
    for (const setup of setups) {
      const w = setup.windows;
      const count = w.reduce((n, r) => n + r.count, 0);
      const elapsedMs = w.reduce((n, r) => n + r.elapsedMs, 0);
      const median = (f: (r: LoadResult) => number) => [...w].map(f).sort((a, b) => a - b)[Math.floor(w.length / 2)];
      const result: LoadResult = {
        count,
        elapsedMs,
        rate: (count / elapsedMs) * 1000,
        concurrency: options.concurrency,
        errors: w.reduce((n, r) => n + r.errors, 0),
        firstError: w.find((r) => r.firstError)?.firstError,
        min: Math.min(...w.map((r) => r.min)),
        max: Math.max(...w.map((r) => r.max)),
        mean: w.reduce((n, r) => n + r.mean * r.count, 0) / (count || 1),
        // Percentiles of the whole run are not kept per window: the median window's.
        p50: median((r) => r.p50),
        p90: median((r) => r.p90),
        p99: median((r) => r.p99),
      };
      const perOp = (seconds: number) => (count ? (seconds * 1000) / count : undefined);
      const row = {
        id: `W${setup.workers}`,
        name: `${scenario.name}, PORTICO_WORKERS=${setup.workers}`,
        unit: scenario.unit,
        note: `${rounds} windows, in turns`,
        result,
        cpuMsPerOp: { portico: perOp(setup.cpu.portico), simulator: perOp(setup.cpu.simulator), driver: perOp(setup.cpu.driver) },
        measures: { workers: setup.workers, windowRates: w.map((r) => Math.round(r.rate)), rssAfterMb: Math.round((setup.portico.rss() ?? 0) / MB) },
      };
      rows.push(row);
      measured[setup.workers] = row;
    }
    const one = measured[1];
    const many = measured[WORKERS_COMPARED];
    const cpu = (r: ScenarioRow) => r.cpuMsPerOp?.portico?.toFixed(2) ?? '–';
    return {
      [`(W) flows/s with ${WORKERS_COMPARED} workers ÷ with 1`]: `${(many.result.rate / one.result.rate).toFixed(2)} × (${one.result.rate.toFixed(0)} → ${many.result.rate.toFixed(0)})`,
      [`(W) Portico CPU ms per flow, 1 → ${WORKERS_COMPARED} workers (all its processes)`]: `${cpu(one)} → ${cpu(many)}`,
    };
  } finally {
    for (const { portico, sim } of setups) {
      await portico.stop();
      await sim.stop();
    }
  }
}

async function main() {
  const host = machine();
  const agent = createAgent(options.concurrency * 2);
  const rows: ScenarioRow[] = [];
  let peakRss: number | undefined;
  let memory: MemoryPeaks = {};
  let sync: SyncBenchOutcome = { rows: [], derived: {} };
  let workersDerived: Record<string, string | undefined> = {};
  try {
    if (LOGIN_SCENARIO_IDS.some(wanted)) ({ peakRss, memory } = await loginScenarios(agent, rows));
    if (wanted('W')) workersDerived = await workersComparison(agent, rows);
    // Last: they replace the simulator's demo organisation (in a simulator of their own) and take minutes.
    sync = await directorySyncScenarios({ agent, wanted, startPortico: startBenchPortico, startSimulator: startSimulatorProcess });
  } finally {
    agent.destroy();
  }

  if (wanted('2')) {
    process.stderr.write('running argon2id alone…\n');
    rows.push({ id: '2a', name: `argon2id alone, all ${options.concurrency} requests hashing at once`, unit: 'hashes/s', result: argon2Alone(options.concurrency) });
    const asPortico = argon2Alone('portico');
    rows.push({ id: '2b', name: `argon2id alone, ${asPortico.atOnce} hashing at once (as Portico)`, unit: 'hashes/s', result: asPortico });
  }
  const rate = (id: string) => rows.find((r) => r.id === id)?.result?.rate;
  const password = rate('2');
  const alone = Math.max(rate('2a') ?? 0, rate('2b') ?? 0) || undefined;
  const report: BenchReport = {
    at: new Date().toISOString(),
    machine: host,
    settings: {
      concurrency: options.concurrency,
      durationMs: options.durationMs,
      maxIterations: options.maxIterations,
      database: env.BENCH_DATABASE_URL ? 'postgres' : 'sqlite',
      redis: Boolean(env.BENCH_REDIS_URL),
      logLevel: env.BENCH_LOG_LEVEL ?? 'warn',
      porticoDir: env.BENCH_PORTICO_DIR ?? '.',
      tuning: passThrough,
      ...(SYNC_SCENARIO_IDS.some(wanted) ? { directorySync: syncSettings } : {}),
    },
    scenarios: [...rows, ...sync.rows],
    derived: {
      'password login ÷ best argon2id alone': password && alone ? `${((password / alone) * 100).toFixed(0)} %` : undefined,
      "Portico's refresh grants ÷ bare oidc-provider's (3 ÷ 4)": rate('3') && rate('4') ? `${((rate('3')! / rate('4')!) * 100).toFixed(0)} %` : undefined,
      '(5) peak RSS of the Portico process': peakRss ? `${(peakRss / MB).toFixed(0)} MB` : undefined,
      'peak V8 heap (used / reserved), external, sampled': memory.nodejs_heap_total_bytes
        ? `${((memory.nodejs_heap_used_bytes ?? 0) / MB).toFixed(0)} / ${(memory.nodejs_heap_total_bytes / MB).toFixed(0)} MB, ${((memory.nodejs_external_memory_bytes ?? 0) / MB).toFixed(0)} MB`
        : undefined,
      ...workersDerived,
      ...sync.derived,
    },
  };
  const m = report.machine;
  process.stdout.write(
    `\nPortico bench — ${m.nproc} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, ${report.settings.database}${report.settings.redis ? ' + Redis' : ''}, ` +
      `${options.durationMs / 1000} s per scenario, load average ${m.loadAverageAtStart} at start\n\n${renderTable(report)}\n\n`,
  );
  writeJson(report, RESULTS);
  process.stdout.write(`written to ${path.relative(process.cwd(), RESULTS)}\n`);
}

await main();
