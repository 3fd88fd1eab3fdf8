/**
 * Runs a sync run to its end: fetch (departments, then people, into staging), compare (the plan, as
 * changes), then, for an apply run that needs no confirmation, apply. Every phase reports progress on
 * the run's row, which is also its heartbeat: a run whose node died is taken over (./worker.ts) and
 * starts again from its phase (fetching again is harmless; applying skips what is applied).
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Db } from '../store/database.ts';
import type { SyncRunTable } from '../store/schema.ts';
import type { Actor } from '../audit/audit.ts';
import { recordAudit } from '../audit/audit.ts';
import { PorticoError } from '../errors.ts';
import { ROOT_ORG_UNIT_ID } from '../store/well-known.ts';
import type { DirectoryReader } from './reader.ts';
import { applyRunChanges, type ApplyContext } from './apply.ts';
import { diffRun } from './diff.ts';
import { matchValue, needsConfirmation } from './plan.ts';
import { clearStaging, countStagedPeople, stageDepartments, stagePeople } from './staging.ts';
import { findRun, toRun, updateRun, type RunOptions } from './runs.ts';
import type { LoadedSource } from './sources.ts';
import type { MatchKey, SyncCounts, SyncWarning } from './views.ts';

export interface EngineDeps {
  db: Db;
  /** The source behind a run, secrets opened (null for a CSV import). */
  loadSource(id: string): Promise<LoadedSource>;
  /** A reader over the source's organisation. */
  readerFor(source: LoadedSource): DirectoryReader;
  /** Called between batches: false when this node lost the run's lease (another node took it over). */
  stillHolding(): Promise<boolean>;
  /** People the run disabled, signed out everywhere after each batch commits. */
  onDisabled(userIds: string[]): Promise<void>;
}

/** A run given up because another node took it over: not a failure of the run. */
class LostLease extends Error {}

export const sourceActor = (source: { id: string; name: string }): Actor => ({ type: 'identity_source', id: source.id, name: source.name, ip: null, userAgent: null });

/** Progress is written at most this often: a bar that moves, without a write per person. */
const PROGRESS_INTERVAL_MS = 500;

function progressWriter(deps: Pick<EngineDeps, 'db' | 'stillHolding'>, runId: string) {
  let last = 0;
  return async (done: number, total?: number | null, force = false) => {
    // Once a batch, let the node answer requests: SQLite's driver is synchronous, so a run that never
    // waits on I/O would hold the event loop (health checks, progress polls, the stream's pings) for minutes.
    await yieldToEventLoop();
    const now = Date.now();
    if (!force && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    if (!(await deps.stillHolding())) throw new LostLease();
    await updateRun(deps.db, runId, { progress: { done, total } });
  };
}

/** Reads everything the reader has into the run's staging; a CSV import does this while its request waits. */
export async function stageReader(deps: Pick<EngineDeps, 'db' | 'stillHolding'>, run: SyncRunTable, reader: DirectoryReader, matchKey: MatchKey): Promise<{ complete: boolean; warnings: SyncWarning[] }> {
  const progress = progressWriter(deps, run.id);
  await clearStaging(deps.db, run.id);
  const expected = (await reader.expectedPeople?.().catch(() => null)) ?? null;
  await updateRun(deps.db, run.id, { phase: 'people', progress: { done: 0, total: expected } });
  // Departments and people are read side by side: a source may page a department's members as soon as
  // the walk finds it (./dingtalk/reader.ts). The progress shown is the people's.
  let departments = 0;
  let people = 0;
  const stagingDepartments = (async () => {
    let batch = [];
    for await (const d of reader.departments()) {
      batch.push(d);
      if (batch.length >= 200) {
        await stageDepartments(deps.db, run.id, batch, departments);
        departments += batch.length;
        batch = [];
      }
    }
    await stageDepartments(deps.db, run.id, batch, departments);
  })();
  const stagingPeople = (async () => {
    for await (const page of reader.people()) {
      people += await stagePeople(deps.db, run.id, page, (p) => matchValue(p, matchKey));
      await progress(people, expected);
    }
  })();
  // Both finish before anything is compared (or the run fails), so nothing writes to staging after it.
  const failed = (await Promise.allSettled([stagingDepartments, stagingPeople])).find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  const issues = reader.fetchIssues?.() ?? [];
  const warnings = [...issues, ...(reader.warnings?.() ?? [])];
  if (expected !== null && people < expected && !issues.length) {
    warnings.push({ code: 'sync.scope_restricted', detail: `DingTalk counts ${expected} people but the app may see ${people}: set the app's contacts permission scope (通讯录权限范围) to all employees.` });
  }
  return { complete: issues.length === 0, warnings };
}

/** Where people land and how they are matched: the source's configuration, or a CSV import's options. */
function settingsOf(run: SyncRunTable, source: LoadedSource | null) {
  if (source) {
    const c = source.config;
    return { rootUnit: c.orgUnitId, policy: { matchKey: c.matchKey, inactive: c.inactive }, threshold: c.disableThresholdPercent, bindSourceId: c.bindSourceId };
  }
  const o = JSON.parse(run.options) as RunOptions;
  // A file's disabled rows are people Portico should hold, disabled; a file without departments moves nobody.
  const policy = { matchKey: (o.matchKey ?? 'username') as MatchKey, inactive: 'create_disabled' as const, keepUnits: o.keepUnits === true };
  return { rootUnit: o.orgUnitId ?? ROOT_ORG_UNIT_ID, policy, threshold: 100, bindSourceId: null };
}

export async function executeRun(deps: EngineDeps, runId: string, requestedBy: Actor | null = null): Promise<void> {
  let run = await findRun(deps.db, runId);
  if (run.status !== 'queued' && run.status !== 'running') return;
  await updateRun(deps.db, runId, { status: 'running' });
  const source = run.source_id ? await deps.loadSource(run.source_id) : null;
  const settings = settingsOf(run, source);
  const actor = source ? sourceActor({ id: source.row.id, name: source.row.name }) : requestedBy ?? sourceActor({ id: run.id, name: run.label ?? 'CSV import' });
  try {
    let warnings = toRun(run).warnings;
    let complete = run.complete === 1;
    let counts: SyncCounts = toRun(run).counts;
    if (run.phase === 'departments' || run.phase === 'people') {
      // A CSV import whose request died while reading the file: the file is gone with it.
      if (!source) throw new PorticoError('conflict', 'sync.import_incomplete', 'The file was not read completely: import it again.');
      const fetched = await stageReader(deps, run, deps.readerFor(source), settings.policy.matchKey);
      ({ warnings, complete } = fetched);
      await updateRun(deps.db, runId, { complete, warnings, phase: 'diff' });
      run = await findRun(deps.db, runId);
    }
    if (run.phase === 'diff') {
      const total = await countStagedPeople(deps.db, runId);
      const progress = progressWriter(deps, runId);
      await updateRun(deps.db, runId, { progress: { done: 0, total } });
      const result = await diffRun(deps.db, {
        runId,
        sourceId: run.source_id,
        rootUnit: settings.rootUnit,
        policy: settings.policy,
        complete: complete && run.source_id !== null,
        keepFirst: (JSON.parse(run.options) as RunOptions).problemCount ?? 0,
        onProgress: (done) => progress(done, total),
      });
      counts = result.counts;
      if (!complete && run.source_id) warnings = [...warnings, { code: 'sync.fetch_incomplete', detail: 'Some of the organisation could not be fetched: nobody is disabled by this run.' }];
      await clearStaging(deps.db, runId);
      const confirm = needsConfirmation(counts.disable, result.linkedActive, settings.threshold);
      const waiting = confirm ? 'awaiting_confirmation' : run.mode === 'dry_run' ? 'planned' : null;
      await updateRun(deps.db, runId, { counts, warnings, phase: waiting ? 'diff' : 'apply', progress: { done: total, total }, ...(waiting ? { status: waiting } : {}) });
      if (waiting) return;
      run = await findRun(deps.db, runId);
    }
    if (run.phase === 'apply') {
      const total = Object.entries(counts).filter(([k]) => k !== 'conflict' && k !== 'unchanged' && k !== 'skipped').reduce((n, [, v]) => n + v, 0);
      const progress = progressWriter(deps, runId);
      await updateRun(deps.db, runId, { progress: { done: 0, total } });
      const ctx: ApplyContext = { sourceId: run.source_id, bindSourceId: settings.bindSourceId, actor, created: new Map(), onDisabled: deps.onDisabled };
      const failed = await applyRunChanges(deps.db, runId, ctx, (done) => progress(done, total));
      if (failed) warnings = [...warnings, { code: 'sync.changes_failed', detail: `${failed} changes could not be applied; the run's changes say why.` }];
      await updateRun(deps.db, runId, { status: 'succeeded', phase: 'done', warnings, progress: { done: total, total }, finished: true });
      await recordAudit(deps.db, actor, { category: 'admin', action: 'sync.run', target: { type: 'sync_run', id: runId }, after: { counts, complete, failed } });
    }
  } catch (error) {
    // Taken over, or this node is shutting down: the run is another node's (or the restarted node's) to finish.
    if (error instanceof LostLease || !(await deps.stillHolding())) return;
    const code = (error as { code?: string }).code ?? 'sync.failed';
    await clearStaging(deps.db, runId).catch(() => {});
    await updateRun(deps.db, runId, { status: 'failed', error: { code, detail: error instanceof Error ? error.message : String(error) }, finished: true });
    await recordAudit(deps.db, actor, { category: 'admin', action: 'sync.run', outcome: 'failure', reason: code, target: { type: 'sync_run', id: runId } }).catch(() => {});
  }
}
