/** A sync run's row: created, advanced phase by phase with its progress, finished; and how the API shows it. */
import type { Db, Tx } from '../store/database.ts';
import { nowIso } from '../store/database.ts';
import type { SyncChangeTable, SyncRunTable } from '../store/schema.ts';
import { newId } from '../store/ids.ts';
import { paginate, type PageRequest } from '../store/paginate.ts';
import { fail } from '../errors.ts';
import { CHANGE_KINDS, type SyncChange, type SyncCounts, type SyncOrigin, type SyncPhase, type SyncRun, type SyncRunMode, type SyncRunStatus, type SyncRunTrigger, type SyncWarning } from './views.ts';

type Conn = Db | Tx;

/** Statuses of a run that some node is, or should be, working on. */
export const ACTIVE_STATUSES: SyncRunStatus[] = ['queued', 'running'];

export const emptyCounts = (): SyncCounts =>
  Object.fromEntries([...CHANGE_KINDS, 'unchanged', 'skipped'].map((k) => [k, 0])) as SyncCounts;

/** What a run was asked to do, beyond its columns (a CSV import's match key and landing unit). */
export interface RunOptions {
  matchKey?: string;
  orgUnitId?: string;
  /** A CSV import's unreadable rows, stored as its first changes when the file was read. */
  problemCount?: number;
  /** A CSV file without a department column: people keep their units. */
  keepUnits?: boolean;
}

export interface NewRun {
  sourceId: string | null;
  origin: SyncOrigin;
  mode: SyncRunMode;
  trigger: SyncRunTrigger;
  requestedBy: string | null;
  label?: string | null;
  options?: RunOptions;
  /** `running`: the caller works on it at once, under the run's lease (a CSV import reading its file). */
  status?: 'queued' | 'running';
}

export function toRun(r: SyncRunTable): SyncRun {
  return {
    id: r.id,
    sourceId: r.source_id,
    origin: r.origin as SyncOrigin,
    mode: r.mode as SyncRunMode,
    trigger: r.trigger as SyncRunTrigger,
    status: r.status as SyncRunStatus,
    phase: r.phase as SyncPhase,
    progress: { done: r.progress_done, total: r.progress_total },
    counts: { ...emptyCounts(), ...JSON.parse(r.counts) },
    complete: r.complete === 1,
    warnings: JSON.parse(r.warnings) as SyncWarning[],
    error: r.error ? JSON.parse(r.error) : null,
    label: r.label,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    requestedBy: r.requested_by,
  };
}

/** A new run, queued; one source has at most one queued or running run (409 otherwise). */
export async function createRun(tx: Tx, input: NewRun): Promise<SyncRunTable> {
  if (input.sourceId) {
    const busy = await tx
      .selectFrom('sync_runs')
      .select('id')
      .where('source_id', '=', input.sourceId)
      .where('status', 'in', ACTIVE_STATUSES)
      .executeTakeFirst();
    if (busy) throw fail('sync.run_in_progress', `Run ${busy.id} of this source is still in progress.`, { detail: { runId: busy.id } });
    // A newer plan replaces any older one waiting to be applied.
    await tx
      .updateTable('sync_runs')
      .set({ status: 'superseded', finished_at: nowIso() })
      .where('source_id', '=', input.sourceId)
      .where('status', 'in', ['planned', 'awaiting_confirmation'])
      .execute();
  }
  const row: SyncRunTable = {
    id: newId('run'),
    source_id: input.sourceId,
    origin: input.origin,
    mode: input.mode,
    trigger: input.trigger,
    status: input.status ?? 'queued',
    phase: 'departments',
    progress_done: 0,
    progress_total: null,
    counts: JSON.stringify(emptyCounts()),
    complete: 1,
    warnings: '[]',
    error: null,
    label: input.label ?? null,
    requested_by: input.requestedBy,
    options: JSON.stringify(input.options ?? {}),
    started_at: nowIso(),
    finished_at: null,
    heartbeat_at: null,
  };
  await tx.insertInto('sync_runs').values(row).execute();
  return row;
}

export async function findRun(conn: Conn, id: string): Promise<SyncRunTable> {
  const row = await conn.selectFrom('sync_runs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw fail('sync.run_not_found', `No sync run with id ${JSON.stringify(id)}.`);
  return row;
}

export type RunPatch = Partial<{
  status: SyncRunStatus;
  phase: SyncPhase;
  progress: { done: number; total?: number | null };
  counts: SyncCounts;
  complete: boolean;
  warnings: SyncWarning[];
  error: { code: string; detail: string } | null;
  finished: boolean;
}>;

/** Writes what changed, and the heartbeat that tells other nodes this run is alive. */
export async function updateRun(conn: Conn, id: string, patch: RunPatch): Promise<void> {
  const set: Partial<SyncRunTable> = { heartbeat_at: nowIso() };
  if (patch.status) set.status = patch.status;
  if (patch.phase) set.phase = patch.phase;
  if (patch.progress) {
    set.progress_done = patch.progress.done;
    if (patch.progress.total !== undefined) set.progress_total = patch.progress.total;
  }
  if (patch.counts) set.counts = JSON.stringify(patch.counts);
  if (patch.complete !== undefined) set.complete = patch.complete ? 1 : 0;
  if (patch.warnings) set.warnings = JSON.stringify(patch.warnings);
  if (patch.error !== undefined) set.error = patch.error ? JSON.stringify(patch.error) : null;
  if (patch.finished) set.finished_at = nowIso();
  await conn.updateTable('sync_runs').set(set).where('id', '=', id).execute();
}

export async function listRuns(conn: Conn, sourceId: string, page: PageRequest) {
  const query = conn.selectFrom('sync_runs').selectAll().where('source_id', '=', sourceId).orderBy('started_at', 'desc').orderBy('id', 'desc');
  return paginate(query, page, toRun);
}

export async function lastRun(conn: Conn, sourceId: string): Promise<SyncRun | null> {
  const row = await conn.selectFrom('sync_runs').selectAll().where('source_id', '=', sourceId).orderBy('started_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? toRun(row) : null;
}

export const toChange = (r: SyncChangeTable): SyncChange => ({
  seq: r.seq,
  kind: r.kind as SyncChange['kind'],
  externalId: r.external_id,
  userId: r.user_id,
  orgUnitId: r.org_unit_id,
  name: r.name,
  before: r.before ? JSON.parse(r.before) : null,
  after: r.after ? JSON.parse(r.after) : null,
  problem: r.problem ? JSON.parse(r.problem) : null,
  applied: r.applied === 1,
});

export async function listChanges(conn: Conn, runId: string, kind: string | undefined, page: PageRequest) {
  let query = conn.selectFrom('sync_changes').selectAll().where('run_id', '=', runId);
  if (kind) query = query.where('kind', '=', kind);
  return paginate(query.orderBy('seq'), page, toChange);
}
