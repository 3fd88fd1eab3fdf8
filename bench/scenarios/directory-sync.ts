/**
 * Directory sync (issue 15, "Performance"), on a simulator of its own whose demo organisation is replaced by a
 * generated one, and a Portico of its own (an empty database) per organisation:
 * (6)  a full sync of the large organisation with the simulator's throttling off and the connector's request rate
 *      raised: the first run creates everyone, (6u) a second finds everyone unchanged; Portico's CPU per synced
 *      person and its RSS growth during each run (peak sampled minus the RSS before);
 * (6e) after that sync, people changed one at a time in the simulator: the time from the change to the Portico
 *      user showing it, the event going over Stream mode;
 * (6t) a full sync of a smaller organisation against DingTalk-like throttling (20 calls per second per API, Portico
 *      at 20 too): its wall time against the least the quota allows (the busiest API's accepted calls ÷ 20 per second).
 * Settings: BENCH_SYNC_PEOPLE (100000), BENCH_SYNC_DEPARTMENTS (2000), BENCH_SYNC_QPS (1000),
 * BENCH_SYNC_THROTTLED_PEOPLE (10000), BENCH_SYNC_THROTTLED_DEPARTMENTS (200), BENCH_SYNC_EVENTS (50),
 * BENCH_SYNC_TIMEOUT_S (900, per run).
 */
import type http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Histogram, type Percentiles } from '../lib/histogram.ts';
import { json, request } from '../lib/http-client.ts';
import type { Child } from '../lib/processes.ts';
import type { JobResult, ScenarioRow } from '../lib/report.ts';
import { BENCH_ADMIN_PASSWORD, SIM_APP } from '../lib/setup.ts';
import { ROOT_ORG_UNIT_ID } from '../../src/store/well-known.ts';

const V1 = '/api/admin/v1';
const MB = 2 ** 20;
/** DingTalk's quota per app per API (ref §1.10, UNCONFIRMED folklore), and Portico's default rate. */
const DINGTALK_QPS = 20;
const RSS_SAMPLE_MS = 100;
const SYNC_TICK_MS = 200;
const RUN_POLL_MS = 200;
const PROGRESS_EVERY_MS = 5_000;
/** How often 6e looks at the Portico user, and how long it waits for one change. */
const EVENT_POLL_MS = 20;
const EVENT_TIMEOUT_MS = 10_000;
/** Between two changes, so that each event is measured alone. */
const EVENT_GAP_MS = 100;
const STREAM_TIMEOUT_MS = 30_000;
const SEED = 1;

export const SYNC_SCENARIO_IDS = ['6', '6e', '6t'] as const;

export interface SyncBenchContext {
  agent: http.Agent;
  wanted(id: string): boolean;
  /** A Portico on an empty database of its own, with these settings besides the bench's; `stop` removes the database. */
  startPortico(env: Record<string, string>): Promise<Child>;
  startSimulator(): Promise<Child>;
}

export interface SyncBenchOutcome {
  rows: ScenarioRow[];
  derived: Record<string, string | undefined>;
}

const env = process.env;
export const syncSettings = {
  people: Number(env.BENCH_SYNC_PEOPLE ?? 100_000),
  departments: Number(env.BENCH_SYNC_DEPARTMENTS ?? 2_000),
  qps: Number(env.BENCH_SYNC_QPS ?? 1_000),
  throttledPeople: Number(env.BENCH_SYNC_THROTTLED_PEOPLE ?? 10_000),
  throttledDepartments: Number(env.BENCH_SYNC_THROTTLED_DEPARTMENTS ?? 200),
  events: Number(env.BENCH_SYNC_EVENTS ?? 50),
  timeoutMs: Number(env.BENCH_SYNC_TIMEOUT_S ?? 900) * 1000,
};

const roundPercentiles = (p: Percentiles) => ({ p50: Math.round(p.p50), p99: Math.round(p.p99), max: Math.round(p.max) });
const log = (line: string) => process.stderr.write(`${line}\n`);
const mb = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface SyncRunView {
  id: string;
  mode: string;
  status: string;
  phase: string;
  progress: { done: number; total: number | null };
  counts: Record<string, number>;
  complete: boolean;
  warnings: { code: string; detail: string }[];
  error: { code: string; detail: string } | null;
}

/** One organisation synced into one Portico: the processes and the admin API. */
interface SyncWorld {
  portico: Child;
  sim: Child;
  sourceId: string;
  api(method: string, path: string, body?: unknown): Promise<any>;
  simApi(method: string, path: string, body?: unknown): Promise<any>;
}

/** An admin session, a DingTalk login source on the simulator (synced people get its binding) and an identity source over it. */
async function identitySource(agent: http.Agent, portico: Child, sim: Child, simApi: SimApi, transport: 'stream' | 'none'): Promise<SyncWorld> {
  const token = (await json(agent, 'POST', `${portico.url}${V1}/session`, { username: 'admin', password: BENCH_ADMIN_PASSWORD })).token as string;
  const api = (method: string, path: string, body?: unknown) => json(agent, method, portico.url + V1 + path, body, token);
  const login = await api('POST', '/sources', {
    type: 'dingtalk',
    name: 'DingTalk (simulator)',
    config: { ...SIM_APP, endpoints: { login: sim.url, api: sim.url, oapi: sim.url } },
  });
  const source = await api('POST', '/identity-sources', {
    type: 'dingtalk',
    name: 'DingTalk directory (bench)',
    // No nightly reconcile: a bench running across its hour would start one.
    config: { corpId: SIM_APP.corpId, appKey: SIM_APP.appKey, orgUnitId: ROOT_ORG_UNIT_ID, bindSourceId: login.id, transport, reconcileHour: null },
    secrets: { appSecret: SIM_APP.appSecret },
  });
  return { portico, sim, sourceId: source.id, api, simApi };
}

type SimApi = SyncWorld['simApi'];

async function generateOrg(simApi: SimApi, people: number, departments: number) {
  const t0 = performance.now();
  await simApi('POST', `/test/orgs/${SIM_APP.corpId}/generate`, { people, departments, seed: SEED });
  log(`  generated ${people} people in ${departments} departments in the simulator (${seconds(performance.now() - t0)})`);
}

interface Settled {
  run: SyncRunView;
  /** When each phase was first seen, in ms from the first poll: where the time goes. */
  phaseSeenAtMs: Record<string, number>;
  /** The slowest answer to GET /sync-runs/{id}: how long the console's progress bar can freeze while a run works. */
  slowestPollMs: number;
}

/**
 * A read tried once more when its connection was reset (a kept-alive socket the server closed just then); a Portico
 * that died fails it again, and withPortico shows why.
 */
async function onceMore<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if ((error as { code?: string }).code !== 'ECONNRESET') throw error;
    log(`  (a read was reset: ${(error as Error).message}; trying again)`);
    return read();
  }
}

/** Polls a run as the console's progress bar does, until it stops working or the bench's patience ends. */
async function untilSettled(world: SyncWorld, runId: string, label: string): Promise<Settled> {
  const t0 = performance.now();
  const deadline = t0 + syncSettings.timeoutMs;
  const phaseSeenAtMs: Record<string, number> = {};
  let slowestPollMs = 0;
  let said = t0;
  for (;;) {
    const asked = performance.now();
    const run = (await onceMore(() => world.api('GET', `/sync-runs/${runId}`))) as SyncRunView;
    const now = performance.now();
    slowestPollMs = Math.max(slowestPollMs, now - asked);
    phaseSeenAtMs[run.phase] ??= Math.round(now - t0);
    const working = run.status === 'queued' || run.status === 'running' || (run.status === 'planned' && run.mode === 'apply');
    if (!working) return { run, phaseSeenAtMs, slowestPollMs };
    if (now > deadline) throw new Error(`${label}: run ${runId} still ${run.status} (${run.phase}) after ${seconds(syncSettings.timeoutMs)}`);
    if (now - said >= PROGRESS_EVERY_MS) {
      said = now;
      log(`  ${label}: ${run.phase} ${run.progress.done}${run.progress.total === null ? '' : ` / ${run.progress.total}`}`);
    }
    await sleep(RUN_POLL_MS);
  }
}

/**
 * While a run works: how long GET /healthz takes, asked every 200 ms. It touches no store, so a slow answer is an
 * event loop held by the run (a sign-in would wait as long); the progress polls are the reads of the store.
 */
function probeEventLoop(portico: Child, agent: http.Agent): { stop(): Promise<Percentiles> } {
  const healthz = new Histogram();
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      await request(agent, 'GET', `${portico.url}/healthz`).catch(() => {}); // a failed probe still took that long
      healthz.record(performance.now() - t0);
      await sleep(RUN_POLL_MS);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return healthz.summary();
    },
  };
}

interface MeasuredRun extends Settled {
  wallMs: number;
  porticoCpuS?: number;
  simulatorCpuS?: number;
  driverCpuMs: number;
  rssBefore?: number;
  rssPeak?: number;
  healthz: Percentiles;
}

/** One apply run ("Sync now"), with Portico's RSS sampled throughout and each process's CPU. */
async function measuredRun(world: SyncWorld, agent: http.Agent, label: string): Promise<MeasuredRun> {
  const { portico, sim } = world;
  const rssBefore = portico.rss();
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    const now = portico.rss();
    if (now !== undefined) rssPeak = Math.max(rssPeak ?? 0, now);
  }, RSS_SAMPLE_MS);
  const before = { portico: portico.cpuSeconds(), sim: sim.cpuSeconds(), driver: process.cpuUsage() };
  const t0 = performance.now();
  const probe = probeEventLoop(portico, agent);
  try {
    const queued = (await world.api('POST', `/identity-sources/${world.sourceId}/runs`, { mode: 'apply' })) as SyncRunView;
    const settled = await untilSettled(world, queued.id, label);
    const wallMs = performance.now() - t0;
    const after = { portico: portico.cpuSeconds(), sim: sim.cpuSeconds(), driver: process.cpuUsage(before.driver) };
    const delta = (a?: number, b?: number) => (a === undefined || b === undefined ? undefined : b - a);
    return {
      ...settled,
      wallMs,
      porticoCpuS: delta(before.portico, after.portico),
      simulatorCpuS: delta(before.sim, after.sim),
      driverCpuMs: (after.driver.user + after.driver.system) / 1000,
      rssBefore,
      rssPeak,
      healthz: await probe.stop(),
    };
  } finally {
    clearInterval(sampler);
    await probe.stop();
  }
}

/** People a run brought in or found as they are (departments, conflicts and skipped inactive people aside). */
const PERSON_KINDS = ['create', 'update', 'move', 'reenable', 'unchanged'];
const syncedPeople = (run: SyncRunView) => PERSON_KINDS.reduce((n, k) => n + (run.counts[k] ?? 0), 0);

/** A run as a table row: people synced per second of wall time, CPU per synced person. */
function syncRow(row: Pick<ScenarioRow, 'id' | 'name' | 'note'>, m: MeasuredRun): ScenarioRow {
  const people = syncedPeople(m.run);
  const failed = m.run.status !== 'succeeded';
  const perPerson = (v?: number, scale = 1000) => (v === undefined || !people ? undefined : (v * scale) / people);
  const result: JobResult = {
    count: people,
    elapsedMs: m.wallMs,
    rate: (people / m.wallMs) * 1000,
    // Conflicts are people the sync could not place; a run that did not succeed counts as one error more.
    errors: (m.run.counts.conflict ?? 0) + (failed ? 1 : 0),
    ...(failed ? { firstError: `run ${m.run.status}: ${m.run.error?.detail ?? m.run.phase}` } : {}),
  };
  return {
    ...row,
    unit: 'people/s',
    result,
    cpuMsPerOp: { portico: perPerson(m.porticoCpuS), simulator: perPerson(m.simulatorCpuS), driver: perPerson(m.driverCpuMs, 1) },
    measures: {
      wallMs: Math.round(m.wallMs),
      status: m.run.status,
      complete: m.run.complete,
      counts: m.run.counts,
      warnings: m.run.warnings.map((w) => w.code),
      porticoCpuS: m.porticoCpuS,
      simulatorCpuS: m.simulatorCpuS,
      rssBeforeMB: m.rssBefore === undefined ? undefined : Math.round(m.rssBefore / MB),
      rssPeakMB: m.rssPeak === undefined ? undefined : Math.round(m.rssPeak / MB),
      rssGrowthMB: m.rssBefore === undefined || m.rssPeak === undefined ? undefined : Math.round((m.rssPeak - m.rssBefore) / MB),
      phaseSeenAtMs: m.phaseSeenAtMs,
      slowestPollMs: Math.round(m.slowestPollMs),
      healthzMs: roundPercentiles(m.healthz),
    },
  };
}

/**
 * When the progress polls first saw each phase. A phase the polls never saw passed while Portico answered none of
 * them (see the row on answering others).
 */
function phases(m: MeasuredRun): string {
  const seen = Object.entries(m.phaseSeenAtMs).map(([phase, at]) => `${phase} ${seconds(at)}`);
  return `${seen.join(' → ')}${m.phaseSeenAtMs.done === undefined ? ` → finished ${seconds(m.wallMs)}` : ''}`;
}

/** How Portico answered others while the run worked. */
const responsiveness = (m: MeasuredRun) =>
  `GET /healthz p99 ${m.healthz.p99.toFixed(0)} ms, max ${m.healthz.max.toFixed(0)} ms; slowest progress poll (GET /sync-runs/{id}) ${seconds(m.slowestPollMs)}`;

const cpuPerPerson = (m: MeasuredRun) => {
  const people = syncedPeople(m.run);
  return m.porticoCpuS === undefined || !people ? '–' : `${((m.porticoCpuS * 1000) / people).toFixed(2)} ms`;
};

const rssGrowth = (m: MeasuredRun) => (m.rssBefore === undefined || m.rssPeak === undefined ? undefined : `${mb(m.rssPeak - m.rssBefore)} (${mb(m.rssBefore)} → ${mb(m.rssPeak)})`);

async function streamConnected(world: SyncWorld) {
  const deadline = performance.now() + STREAM_TIMEOUT_MS;
  for (;;) {
    const source = await world.api('GET', `/identity-sources/${world.sourceId}`);
    if (source.stream.state === 'connected') return;
    if (performance.now() > deadline) throw new Error(`the Stream connection is ${source.stream.state} (${source.stream.lastError ?? 'no error'})`);
    await sleep(100);
  }
}

interface PorticoUser {
  id: string;
  username: string;
  displayName: string;
}

/** Synced, active people (their username is their DingTalk userid), spread over the directory's pages. */
async function somePeople(world: SyncWorld, count: number): Promise<PorticoUser[]> {
  const pageSize = 100;
  const first = await world.api('GET', `/users?status=active&pageSize=${pageSize}`);
  const pages = Math.max(1, Math.ceil(first.total / pageSize));
  const picked: PorticoUser[] = [];
  for (let i = 0; picked.length < count && i < count; i++) {
    const page = 1 + Math.floor((i * pages) / count);
    const items = (await world.api('GET', `/users?status=active&pageSize=${pageSize}&page=${page}`)).items as PorticoUser[];
    const person = items[(i * 7) % items.length];
    if (person && !picked.some((p) => p.id === person.id)) picked.push(person);
  }
  return picked;
}

/** (6e): each change made in the simulator (which emits its event), then Portico's user looked at every 20 ms until it shows it. */
async function eventLatency(world: SyncWorld): Promise<ScenarioRow> {
  await world.simApi('PUT', `/test/apps/${SIM_APP.appKey}/events`, { transport: 'stream' });
  await streamConnected(world);
  const people = await somePeople(world, syncSettings.events);
  const fromCall = new Histogram();
  const fromAnswer = new Histogram();
  const simCall = new Histogram();
  let errors = 0;
  let firstError: string | undefined;
  const before = { portico: world.portico.cpuSeconds(), sim: world.sim.cpuSeconds(), driver: process.cpuUsage() };
  const t0 = performance.now();
  for (const [i, person] of people.entries()) {
    const name = `${person.displayName}·${i}`;
    const sent = performance.now();
    await world.simApi('PATCH', `/test/orgs/${SIM_APP.corpId}/users/${encodeURIComponent(person.username)}`, { name });
    const answered = performance.now();
    simCall.record(answered - sent);
    for (;;) {
      const user = (await world.api('GET', `/users/${person.id}`)) as PorticoUser;
      const now = performance.now();
      if (user.displayName === name) {
        fromCall.record(now - sent);
        fromAnswer.record(now - answered);
        break;
      }
      if (now - sent > EVENT_TIMEOUT_MS) {
        errors++;
        firstError ??= `${person.username}: still "${user.displayName}" after ${seconds(EVENT_TIMEOUT_MS)}`;
        break;
      }
      await sleep(EVENT_POLL_MS);
    }
    if ((i + 1) % 10 === 0) log(`  (6e) ${i + 1} / ${people.length} changes arrived`);
    await sleep(EVENT_GAP_MS);
  }
  const elapsedMs = performance.now() - t0;
  const summary = fromCall.summary();
  const driver = process.cpuUsage(before.driver);
  const perEvent = (a?: number, b?: number) => (a === undefined || b === undefined || !summary.count ? undefined : ((b - a) * 1000) / summary.count);
  return {
    id: '6e',
    name: `a change in DingTalk → the Portico user (Stream mode), ${people.length} people changed one at a time`,
    unit: 'events/s',
    note: `time from the simulator call; Portico polled every ${EVENT_POLL_MS} ms, CPU includes the polling`,
    result: { ...summary, concurrency: 1, elapsedMs, rate: (summary.count / elapsedMs) * 1000, errors, firstError },
    cpuMsPerOp: {
      portico: perEvent(before.portico, world.portico.cpuSeconds()),
      simulator: perEvent(before.sim, world.sim.cpuSeconds()),
      driver: summary.count ? (driver.user + driver.system) / 1000 / summary.count : undefined,
    },
    measures: { fromSimulatorAnswerMs: roundPercentiles(fromAnswer.summary()), simulatorCallMs: roundPercentiles(simCall.summary()), directoryPeople: syncSettings.people },
  };
}

interface PathStats {
  calls: number;
  throttled: number;
}

/** (6t): the run against the quota; the least it allows is the busiest API's accepted calls at 20 per second. */
async function throttledSync(world: SyncWorld, agent: http.Agent, derived: SyncBenchOutcome['derived']): Promise<ScenarioRow> {
  await world.simApi('PUT', '/test/throttle', { perApiPerSecond: DINGTALK_QPS });
  await world.simApi('DELETE', '/test/stats');
  try {
    const m = await measuredRun(world, agent, '(6t)');
    const { paths } = (await world.simApi('GET', '/test/stats')) as { paths: Record<string, PathStats> };
    const accepted = Object.entries(paths).map(([path, s]) => ({ path, accepted: s.calls - s.throttled, throttled: s.throttled }));
    const busiest = accepted.reduce((a, b) => (b.accepted > a.accepted ? b : a), { path: '', accepted: 0, throttled: 0 });
    const minimumMs = (busiest.accepted / DINGTALK_QPS) * 1000;
    const throttled = accepted.reduce((n, p) => n + p.throttled, 0);
    const ratio = minimumMs ? m.wallMs / minimumMs : undefined;
    derived['(6t) wall time ÷ least the quota allows (goal ≤ 1.2)'] = ratio === undefined
      ? undefined
      : `${ratio.toFixed(2)} (${seconds(m.wallMs)} ÷ ${seconds(minimumMs)}: ${busiest.accepted} calls of ${busiest.path} at ${DINGTALK_QPS}/s; calls throttled: ${throttled})`;
    derived['(6t) phases first seen by the progress polls'] = phases(m);
    derived['(6t) Portico answering others meanwhile'] = responsiveness(m);
    const row = syncRow(
      { id: '6t', name: `directory sync, ${syncSettings.throttledPeople} people in ${syncSettings.throttledDepartments} departments, DingTalk-like throttling`, note: `${DINGTALK_QPS} calls/s per API, Portico at ${DINGTALK_QPS}` },
      m,
    );
    row.measures = { ...row.measures, minimumMs: Math.round(minimumMs), ratio, throttled, calls: paths };
    return row;
  } finally {
    await world.simApi('DELETE', '/test/throttle');
  }
}

/** A Portico for `work`, stopped after it; when the work fails, what Portico last wrote (a crash says why there). */
async function withPortico(ctx: SyncBenchContext, settings: Record<string, string>, work: (portico: Child) => Promise<void>) {
  const portico = await ctx.startPortico(settings);
  try {
    await work(portico);
  } catch (error) {
    log(`Portico's last output:\n${portico.output()}`);
    throw error;
  } finally {
    await portico.stop();
  }
}

export async function directorySyncScenarios(ctx: SyncBenchContext): Promise<SyncBenchOutcome> {
  const rows: ScenarioRow[] = [];
  const derived: SyncBenchOutcome['derived'] = {};
  const large = ctx.wanted('6') || ctx.wanted('6e');
  if (!large && !ctx.wanted('6t')) return { rows, derived };
  const sim = await ctx.startSimulator();
  const simApi: SimApi = (method, path, body) => json(ctx.agent, method, sim.url + path, body);
  // Runs are taken up at the next tick of the sync worker (5 s by default).
  const porticoSettings = (qps: number) => ({ PORTICO_DINGTALK_DIRECTORY_QPS: String(qps), PORTICO_SYNC_TICK_MS: String(SYNC_TICK_MS) });
  try {
    if (large) {
      log(`running (6) directory sync of ${syncSettings.people} people in ${syncSettings.departments} departments…`);
      await generateOrg(simApi, syncSettings.people, syncSettings.departments);
      await withPortico(ctx, porticoSettings(syncSettings.qps), async (portico) => {
        const world = await identitySource(ctx.agent, portico, sim, simApi, 'stream');
        const created = await measuredRun(world, ctx.agent, '(6) first run');
        log(`  (6) first run ${created.run.status} in ${seconds(created.wallMs)}`);
        if (ctx.wanted('6')) {
          const unchanged = await measuredRun(world, ctx.agent, '(6) second run');
          log(`  (6) second run ${unchanged.run.status} in ${seconds(unchanged.wallMs)}`);
          const note = `throttling off, Portico at ${syncSettings.qps} calls/s per API`;
          rows.push(syncRow({ id: '6', name: `directory sync, ${syncSettings.people} people in ${syncSettings.departments} departments, empty Portico (all created)`, note }, created));
          rows.push(syncRow({ id: '6u', name: 'the same again, nothing changed (all unchanged)', note }, unchanged));
          derived['(6) wall time, all created / all unchanged'] = `${seconds(created.wallMs)} / ${seconds(unchanged.wallMs)}`;
          derived['(6) Portico CPU per synced person, all created / all unchanged (goal ≤ 0.2 ms)'] = `${cpuPerPerson(created)} / ${cpuPerPerson(unchanged)}`;
          derived['(6) phases first seen by the progress polls, all created'] = phases(created);
          derived['(6u) phases first seen by the progress polls, all unchanged'] = phases(unchanged);
          derived['(6) Portico answering others meanwhile, all created'] = responsiveness(created);
          derived['(6u) Portico answering others meanwhile, all unchanged'] = responsiveness(unchanged);
          derived['(6) Portico RSS growth, all created (goal ≤ 150 MB)'] = rssGrowth(created);
          derived['(6u) Portico RSS growth, all unchanged (goal ≤ 150 MB)'] = rssGrowth(unchanged);
        }
        if (ctx.wanted('6e')) {
          log(`running (6e) ${syncSettings.events} changes over Stream mode…`);
          rows.push(await eventLatency(world));
        }
      });
    }
    if (ctx.wanted('6t')) {
      log(`running (6t) throttled directory sync of ${syncSettings.throttledPeople} people in ${syncSettings.throttledDepartments} departments…`);
      await generateOrg(simApi, syncSettings.throttledPeople, syncSettings.throttledDepartments);
      await withPortico(ctx, porticoSettings(DINGTALK_QPS), async (portico) => {
        rows.push(await throttledSync(await identitySource(ctx.agent, portico, sim, simApi, 'none'), ctx.agent, derived));
      });
    }
  } finally {
    await sim.stop();
  }
  return { rows, derived };
}
