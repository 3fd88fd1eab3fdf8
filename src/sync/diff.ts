/**
 * Compares what a run staged with Portico and stores the answer as the run's changes: departments
 * first (parents before children), then people batch by batch, then (only when the fetch was
 * complete, and only for a standing source) the linked users the upstream no longer lists.
 */
import type { Db } from '../store/database.ts';
import { gatherPersonFacts, resolveUnits, unitLandscape } from './facts.ts';
import { planDepartment, planLeaver, planPerson, type PersonPolicy, type PlannedChange } from './plan.ts';
import { duplicateMatchValues, stagedDepartments, stagedPeople } from './staging.ts';
import { emptyCounts } from './runs.ts';
import type { SyncCounts } from './views.ts';

export interface DiffInput {
  runId: string;
  sourceId: string | null;
  rootUnit: string;
  policy: PersonPolicy;
  /** Leavers are looked for only when every page was fetched. */
  complete: boolean;
  /** Changes already stored before the comparison (a CSV file's unreadable rows), kept. */
  keepFirst: number;
  onProgress(done: number): Promise<void>;
}

export interface DiffResult {
  counts: SyncCounts;
  /** Active users linked to the source before the run: the base of the disable threshold. */
  linkedActive: number;
}

class ChangeWriter {
  private pending: PlannedChange[] = [];
  readonly counts = emptyCounts();
  private readonly db: Db;
  private readonly runId: string;
  private seq: number;
  constructor(db: Db, runId: string, firstSeq: number) {
    this.db = db;
    this.runId = runId;
    this.seq = firstSeq;
    this.counts.conflict = firstSeq;
  }

  async add(change: PlannedChange) {
    this.counts[change.kind]++;
    this.pending.push(change);
    if (this.pending.length >= 200) await this.flush();
  }

  async flush() {
    if (!this.pending.length) return;
    const rows = this.pending.map((c) => ({
      run_id: this.runId,
      seq: ++this.seq,
      kind: c.kind,
      external_id: c.externalId,
      user_id: c.userId,
      org_unit_id: c.orgUnitId,
      name: c.name,
      before: c.before ? JSON.stringify(c.before) : null,
      after: c.after ? JSON.stringify(c.after) : null,
      problem: c.problem ? JSON.stringify(c.problem) : null,
      applied: 0,
    }));
    this.pending = [];
    await this.db.insertInto('sync_changes').values(rows).execute();
  }
}

export async function diffRun(db: Db, input: DiffInput): Promise<DiffResult> {
  await db.deleteFrom('sync_changes').where('run_id', '=', input.runId).where('seq', '>', input.keepFirst).execute();
  const writer = new ChangeWriter(db, input.runId, input.keepFirst);

  const departments = await stagedDepartments(db, input.runId);
  const landscape = await unitLandscape(db, input.sourceId);
  const resolved = resolveUnits(departments, input.rootUnit, landscape);
  for (const d of departments) {
    if (d.parentExternalId === null) continue;
    const parentRef = resolved.parentRefOf.get(d.externalId)!;
    const linked = landscape.linked(d.externalId);
    const change = planDepartment(d, parentRef, linked, linked ? null : landscape.sibling(parentRef, d.name));
    if (change) await writer.add(change);
  }

  const duplicates = await duplicateMatchValues(db, input.runId);
  let done = 0;
  for await (const batch of stagedPeople(db, input.runId)) {
    const facts = await gatherPersonFacts(db, batch, { sourceId: input.sourceId, matchKey: input.policy.matchKey, duplicates, units: resolved.units, rootUnit: input.rootUnit });
    for (const person of batch) {
      const planned = planPerson(person, facts.get(person.externalId)!, input.policy);
      if (typeof planned === 'string') writer.counts[planned]++;
      else await writer.add(planned);
    }
    done += batch.length;
    await input.onProgress(done);
  }

  let linkedActive = 0;
  if (input.sourceId) {
    const row = await db
      .selectFrom('sync_user_links')
      .innerJoin('users', 'users.id', 'sync_user_links.user_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('sync_user_links.source_id', '=', input.sourceId)
      .where('users.status', '=', 'active')
      .executeTakeFirstOrThrow();
    linkedActive = Number(row.n);
    if (input.complete) {
      const gone = await db
        .selectFrom('sync_user_links')
        .innerJoin('users', 'users.id', 'sync_user_links.user_id')
        .leftJoin('sync_staged_people', (join) =>
          join.onRef('sync_staged_people.external_id', '=', 'sync_user_links.external_id').on('sync_staged_people.run_id', '=', input.runId),
        )
        .select(['sync_user_links.external_id', 'users.id', 'users.display_name', 'users.status', 'users.org_unit_id'])
        .where('sync_user_links.source_id', '=', input.sourceId)
        .where('sync_staged_people.external_id', 'is', null)
        .where('users.status', '=', 'active')
        .execute();
      for (const g of gone) {
        const change = planLeaver({ id: g.id, displayName: g.display_name, status: g.status, orgUnitId: g.org_unit_id }, g.external_id);
        if (change) await writer.add(change);
      }
    }
  }
  await writer.flush();
  return { counts: writer.counts, linkedActive };
}
