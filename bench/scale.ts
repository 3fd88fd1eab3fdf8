/**
 * `npm run bench:scale`: Portico on a large directory and audit log. Builds the data by bulk inserts
 * into a fresh SQLite file and a fresh PostgreSQL schema (200,000 people, each bound to DingTalk, and
 * 3,000,000 login events over 90 days), starts a Portico node on each, and times single requests, one at
 * a time, through the admin API as the console sends them (Users list and search, the Audit page's
 * filters, the Dashboard, a user's bindings) and the User Center's sign-in history; then a DingTalk QR
 * sign-in under load on that store against the same on an empty one. Prints a table per database and
 * writes bench/results/scale-latest.json. Loopback only; every part bounded in count and time.
 *
 * Settings (environment): SCALE_USERS (200000), SCALE_EVENTS (3000000), SCALE_DAYS (90),
 * SCALE_DIALECTS (sqlite,postgres), SCALE_DATABASE_URL (PostgreSQL; default BENCH_DATABASE_URL, else the
 * tests' postgres://postgres@127.0.0.1:5432/test), SCALE_REQUESTS (200 per query), SCALE_QUERY_S (30:
 * at most this long per query), SCALE_FLOW_CONCURRENCY (16), SCALE_FLOW_S (8), SCALE_FLOW_ROUNDS (5:
 * empty and large taken in turn; the table shows each one's median round), SCALE_ONLY (query ids, e.g. s1,a1; `flow` for the sign-in),
 * SCALE_KEEP (a folder: keep the built stores there and use them again on the next run of the same sizes),
 * SCALE_NOW (an ISO time: where the data's days end, for two runs whose answers should compare),
 * BENCH_LOG_LEVEL (warn).
 */
import type http from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { createAgent, request } from './lib/http-client.ts';
import { createSchema, dropSchema, TEST_PG_URL } from '../test/helpers/pg-schema.ts';
import { machine } from './lib/machine.ts';
import { startPorticoProcess, startSimulatorProcess, type Child } from './lib/processes.ts';
import { renderTable, writeJson, type BenchReport, type ScenarioRow } from './lib/report.ts';
import { BENCH_ADMIN_PASSWORD } from './lib/setup.ts';
import { migrate, openStore } from '../src/store/database.ts';
import { runLoad, type LoadResult } from './lib/load.ts';
import { dingtalkQrLogin } from './scenarios/dingtalk-qr.ts';
import { buildStore, insertBindings, scaleData, type BuildTimings, type ScaleData, type ScaleSizes } from './scale/build.ts';
import { scaleQueries, type Query } from './scale/queries.ts';
import { allowCallbacks, scaleWorld, simPeople, userCenterSession } from './scale/world.ts';
import type { BenchPerson } from './lib/setup.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RESULTS = path.join(HERE, 'results', 'scale-latest.json');
const env = process.env;
const sizes: ScaleSizes = { users: Number(env.SCALE_USERS ?? 200_000), events: Number(env.SCALE_EVENTS ?? 3_000_000), days: Number(env.SCALE_DAYS ?? 90) };
const dialects = (env.SCALE_DIALECTS ?? 'sqlite,postgres').split(',').map((s) => s.trim()) as ('sqlite' | 'postgres')[];
const pgUrl = env.SCALE_DATABASE_URL ?? env.BENCH_DATABASE_URL ?? TEST_PG_URL;
const requests = Number(env.SCALE_REQUESTS ?? 200);
const queryBudgetMs = Number(env.SCALE_QUERY_S ?? 30) * 1000;
const flow = { concurrency: Number(env.SCALE_FLOW_CONCURRENCY ?? 16), durationMs: Number(env.SCALE_FLOW_S ?? 8) * 1000, maxIterations: 50_000 };
const flowRounds = Number(env.SCALE_FLOW_ROUNDS ?? 5);
const only = env.SCALE_ONLY ? new Set(env.SCALE_ONLY.split(',').map((s) => s.trim())) : undefined;
const wanted = (id: string) => !only || only.has(id);
const keep = env.SCALE_KEEP ? path.resolve(env.SCALE_KEEP) : undefined;
/** The data's "now" (its 90 days end there): the same for two runs to compare their answers (an ISO time a little in the past). */
const scaleNow = env.SCALE_NOW ? Date.parse(env.SCALE_NOW) : undefined;
const PAGE_SIZE = 20;
const V1 = '/api/admin/v1';

const log = (line: string) => process.stderr.write(line + '\n');

function porticoEnv(dataDir: string, url: string): Record<string, string> {
  return {
    PORTICO_DATA_DIR: dataDir,
    PORTICO_DATABASE_URL: url,
    PORTICO_ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
    PORTICO_DEMO: 'false',
    PORTICO_DINGTALK_CUSTOM_ENDPOINTS: 'true',
    PORTICO_LOG_LEVEL: env.BENCH_LOG_LEVEL ?? 'warn',
    // One process: the numbers are one node's.
    PORTICO_WORKERS: '1',
  };
}

interface Place {
  dataDir: string;
  url: string;
  schema?: string;
  /** Whether the data is there already (a kept store of the same sizes). */
  built: boolean;
  remove(): Promise<void>;
}

interface KeptMarker {
  sizes: ScaleSizes;
  now: number;
  schema?: string;
  bindingsOn?: string;
}

/** A fresh SQLite folder or PostgreSQL schema; with SCALE_KEEP, the kept one when its sizes match. */
async function place(dialect: 'sqlite' | 'postgres'): Promise<Place & { marker?: KeptMarker }> {
  if (keep) {
    const dataDir = path.join(keep, dialect);
    const markerFile = path.join(dataDir, 'scale.json');
    const marker = existsSync(markerFile) ? (JSON.parse(readFileSync(markerFile, 'utf8')) as KeptMarker) : undefined;
    if (marker && JSON.stringify(marker.sizes) === JSON.stringify(sizes)) {
      const url = dialect === 'sqlite' ? `sqlite:${path.join(dataDir, 'portico.sqlite')}` : withSchema(marker.schema!);
      return { dataDir, url, schema: marker.schema, built: true, marker, remove: async () => {} };
    }
    if (marker?.schema) await dropSchema(pgUrl, marker.schema);
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    if (dialect === 'sqlite') return { dataDir, url: `sqlite:${path.join(dataDir, 'portico.sqlite')}`, built: false, remove: async () => {} };
    const { schema, url } = await createSchema(pgUrl, 'bench_scale_');
    return { dataDir, url, schema, built: false, remove: async () => {} };
  }
  return freshPlace(dialect, 'portico-scale-', 'bench_scale_');
}

function withSchema(schema: string): string {
  const url = new URL(pgUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

/** What an answer says, in a few characters: to see that a change kept every result the same. */
function digest(body: string): { total?: number; totalCapped?: boolean; items: number; hash: string } {
  const parsed = JSON.parse(body) as { total?: number; totalCapped?: boolean; items?: { id?: unknown; at?: unknown }[] };
  const items = parsed.items ?? [];
  const ids = items.map((i) => String(i.id ?? i.at)).join(',');
  return { total: parsed.total, totalCapped: parsed.totalCapped, items: items.length, hash: createHash('sha256').update(ids).digest('hex').slice(0, 12) };
}

async function timeQueries(agent: http.Agent, portico: Child, queries: Query[], auth: { token: string; userCenterCookie?: string }) {
  const rows: ScenarioRow[] = [];
  const answers: Record<string, ReturnType<typeof digest>> = {};
  for (const q of queries) {
    if (!wanted(q.id)) continue;
    log(`  (${q.id}) ${q.name}…`);
    const headers: Record<string, string> = q.userCenter ? { cookie: auth.userCenterCookie ?? '' } : { authorization: `Bearer ${auth.token}` };
    const base = portico.url + (q.userCenter ? '' : V1);
    let turn = 0;
    const cpu0 = portico.cpuSeconds();
    let cpuStart = cpu0;
    const result: LoadResult = await runLoad({
      concurrency: 1,
      durationMs: queryBudgetMs,
      maxIterations: requests,
      warmupPerWorker: Math.min(3, q.paths.length),
      onStart: () => (cpuStart = portico.cpuSeconds()),
      iteration: async () => {
        const p = q.paths[turn++ % q.paths.length];
        const answer = await request(agent, 'GET', base + p, { headers });
        if (answer.status !== 200) throw new Error(`GET ${p}: ${answer.status} ${answer.body.slice(0, 200)}`);
        answers[p] ??= digest(answer.body);
      },
    });
    const cpu = portico.cpuSeconds();
    rows.push({
      id: q.id,
      name: q.name + (q.paths.length > 1 ? ` (${q.paths.length} variants)` : ''),
      unit: 'req/s',
      result,
      cpuMsPerOp: { portico: cpu !== undefined && cpuStart !== undefined && result.count ? ((cpu - cpuStart) * 1000) / result.count : undefined },
    });
    log(`    p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms${result.errors ? `, ${result.errors} errors: ${result.firstError}` : ''}`);
  }
  return { rows, answers };
}

interface DialectReport {
  database: string;
  build: BuildTimings;
  scenarios: ScenarioRow[];
  flows: { empty: LoadResult[]; large: LoadResult[] };
  answers: Record<string, unknown>;
}

async function runDialect(dialect: 'sqlite' | 'postgres', agent: http.Agent, sim: Child, people: BenchPerson[]): Promise<DialectReport> {
  const where = await place(dialect);
  const now = where.marker?.now ?? scaleNow ?? Date.now();
  log(`[${dialect}] generating ${sizes.users} people…`);
  const data: ScaleData = scaleData(sizes, now);
  let build: BuildTimings = {};
  let portico: Child | undefined;
  let empty: Child | undefined;
  let emptyPlace: Place | undefined;
  try {
    if (where.built) {
      // A kept store: the migrations this checkout adds run here, timed, as they would on an upgrade.
      const store = await openStore(where.url, where.schema ? { schema: where.schema, poolSize: 2 } : {});
      try {
        const t0 = performance.now();
        const applied = await migrate(store);
        if (applied.length) build[`upgrade of the kept store: ${applied.join(', ')}`] = Math.round((performance.now() - t0) / 100) / 10;
      } finally {
        await store.close();
      }
    } else {
      log(`[${dialect}] building: ${sizes.users} people, ${sizes.events} events over ${sizes.days} days…`);
      const t0 = performance.now();
      build = await buildStore(where.url, where.schema, data, sizes, now);
      build.total = Math.round((performance.now() - t0) / 100) / 10;
      log(`[${dialect}] built in ${build.total} s: ${JSON.stringify(build)}`);
    }
    portico = await startPorticoProcess(porticoEnv(where.dataDir, where.url));
    const world = await scaleWorld(agent, portico.url, sim.url, people);
    await allowCallbacks(agent, sim.url, [world.callbackUrl]);
    if (!where.marker?.bindingsOn) {
      build['bindings'] = await insertBindings(where.url, dialect, data, world.dingtalkSourceId, now);
      log(`[${dialect}] ${sizes.users} bindings in ${build['bindings']} s`);
    }
    if (keep) writeFileSync(path.join(where.dataDir, 'scale.json'), JSON.stringify({ sizes, now, schema: where.schema, bindingsOn: world.dingtalkSourceId } satisfies KeptMarker));

    // One person of the large set who signs in often: their bindings, their history, their events.
    const historyIndex = data.people.findIndex((p, i) => i >= 100 && p.status === 'active');
    const historyUserId = data.userIds[historyIndex];
    const userCenterCookie = wanted('h1') ? await userCenterSession(agent, portico.url, world, historyUserId) : undefined;
    log(`[${dialect}] timing single requests (${requests} each, one at a time)…`);
    const { rows, answers } = await timeQueries(agent, portico, scaleQueries(data, { now, pageSize: PAGE_SIZE, historyUserId }), { token: world.adminToken, userCenterCookie });

    const flows: DialectReport['flows'] = { empty: [], large: [] };
    if (wanted('flow')) {
      emptyPlace = await freshPlace(dialect, 'portico-scale-empty-', 'bench_');
      empty = await startPorticoProcess(porticoEnv(emptyPlace.dataDir, emptyPlace.url));
      const emptyWorld = await scaleWorld(agent, empty.url, sim.url, people);
      await allowCallbacks(agent, sim.url, [world.callbackUrl, emptyWorld.callbackUrl]);
      const cpu = { empty: 0, large: 0 };
      const measured = async (key: 'empty' | 'large', node: Child, nodeWorld: typeof world) => {
        let start = node.cpuSeconds() ?? 0;
        const result = await dingtalkQrLogin(agent, node.url, sim.url, nodeWorld, { ...flow, onStart: () => (start = node.cpuSeconds() ?? 0) });
        cpu[key] += (node.cpuSeconds() ?? 0) - start;
        flows[key].push(result);
      };
      // Taken in turn, each first every other round, so that the machine's other work falls on both alike.
      for (let round = 1; round <= flowRounds; round++) {
        const order = round % 2 ? (['empty', 'large'] as const) : (['large', 'empty'] as const);
        for (const key of order) {
          log(`[${dialect}] DingTalk QR sign-in, ${key} store, round ${round}…`);
          await measured(key, key === 'empty' ? empty : portico, key === 'empty' ? emptyWorld : world);
        }
      }
      const median = (rs: LoadResult[], f: (r: LoadResult) => number) => {
        const v = rs.map(f).sort((a, b) => a - b);
        return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
      };
      for (const [key, label] of [['empty', 'empty store'], ['large', `${sizes.users} people, ${sizes.events} events`]] as const) {
        const rs = flows[key];
        rows.push({
          id: key === 'empty' ? 'f0' : 'f1',
          name: `DingTalk QR sign-in (Portico pages), ${label}, median of ${rs.length} rounds`,
          unit: 'flows/s',
          result: { ...rs[rs.length - 1], count: rs.reduce((a, r) => a + r.count, 0), rate: median(rs, (r) => r.rate), p50: median(rs, (r) => r.p50), p99: median(rs, (r) => r.p99), errors: rs.reduce((a, r) => a + r.errors, 0) },
          cpuMsPerOp: { portico: (cpu[key] * 1000) / Math.max(1, rs.reduce((a, r) => a + r.count, 0)) },
        });
      }
    }
    return { database: dialect, build, scenarios: rows, flows, answers };
  } finally {
    await empty?.stop();
    await emptyPlace?.remove();
    await portico?.stop();
    await where.remove();
  }
}

/** A fresh store in a temporary folder (and schema), removed afterwards. */
async function freshPlace(dialect: 'sqlite' | 'postgres', folderPrefix: string, schemaPrefix: string): Promise<Place> {
  const dataDir = mkdtempSync(path.join(tmpdir(), folderPrefix));
  if (dialect === 'sqlite') return { dataDir, url: `sqlite:${path.join(dataDir, 'portico.sqlite')}`, built: false, remove: async () => rmSync(dataDir, { recursive: true, force: true }) };
  const { schema, url } = await createSchema(pgUrl, schemaPrefix);
  return {
    dataDir,
    url,
    schema,
    built: false,
    remove: async () => {
      await dropSchema(pgUrl, schema);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function main() {
  const host = machine();
  const agent = createAgent(flow.concurrency * 2);
  const sim = await startSimulatorProcess();
  const reports: DialectReport[] = [];
  try {
    const people = await simPeople(agent, sim.url, flow.concurrency);
    for (const dialect of dialects) reports.push(await runDialect(dialect, agent, sim, people));
  } finally {
    agent.destroy();
    await sim.stop();
  }
  const settings = { ...sizes, requestsPerQuery: requests, queryBudgetS: queryBudgetMs / 1000, pageSize: PAGE_SIZE, flow: { ...flow, rounds: flowRounds }, logLevel: env.BENCH_LOG_LEVEL ?? 'warn' };
  const m = host;
  process.stdout.write(
    `\nPortico data-scale bench — ${m.nproc} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}, load average ${m.loadAverageAtStart} at start\n` +
      `${sizes.users} people (each bound to DingTalk), ${sizes.events} login events over ${sizes.days} days; single requests one at a time (${requests} each), sign-ins at ${flow.concurrency} at once\n`,
  );
  for (const r of reports) {
    const build = Object.entries(r.build).map(([k, v]) => `${k} ${v} s`).join(', ');
    const ratio = (f: (x: LoadResult) => number) => {
      const [e, l] = [r.scenarios.find((s) => s.id === 'f0')?.result, r.scenarios.find((s) => s.id === 'f1')?.result];
      return e && l ? `${((f(l as LoadResult) / f(e as LoadResult)) * 100).toFixed(0)} %` : undefined;
    };
    const report: BenchReport = {
      at: new Date().toISOString(),
      machine: host,
      settings,
      scenarios: r.scenarios,
      derived: { 'sign-in rate, large ÷ empty': ratio((x) => x.rate), 'sign-in p99, large ÷ empty': ratio((x) => x.p99) },
    };
    process.stdout.write(`\n### ${r.database}${build ? ` (built: ${build})` : ' (kept store)'}\n\n${renderTable(report)}\n`);
  }
  writeJson({ at: new Date().toISOString(), machine: host, settings, scenarios: [], derived: {}, ...{ databases: reports } } as BenchReport, RESULTS);
  process.stdout.write(`\nwritten to ${path.relative(process.cwd(), RESULTS)}\n`);
}

await main();
