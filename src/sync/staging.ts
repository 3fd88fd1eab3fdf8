/**
 * What a run fetched, held in the store between fetching and comparing: departments in fetch order
 * (parents first), people merged by upstream id (a person listed once per department is one person
 * with all their departments). Written and read in batches, so a run's memory does not grow with the
 * organisation.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Db } from '../store/database.ts';
import type { UpstreamDepartment, UpstreamPerson } from './reader.ts';

/** Rows per statement: well under SQLite's and PostgreSQL's bound-parameter limits. */
export const STAGE_BATCH = 200;

export async function stageDepartments(db: Db, runId: string, departments: UpstreamDepartment[], firstPosition: number): Promise<void> {
  const seen = new Set<string>();
  const rows = departments
    .filter((d) => !seen.has(d.externalId) && seen.add(d.externalId))
    .map((d, i) => ({ run_id: runId, external_id: d.externalId, parent_external_id: d.parentExternalId, name: d.name, position: firstPosition + i }));
  for (let i = 0; i < rows.length; i += STAGE_BATCH) {
    await db.insertInto('sync_staged_departments').values(rows.slice(i, i + STAGE_BATCH)).onConflict((oc) => oc.doNothing()).execute();
  }
}

export async function stagedDepartments(db: Db, runId: string): Promise<UpstreamDepartment[]> {
  const rows = await db.selectFrom('sync_staged_departments').selectAll().where('run_id', '=', runId).orderBy('position').execute();
  return rows.map((r) => ({ externalId: r.external_id, parentExternalId: r.parent_external_id, name: r.name }));
}

const mergeDepartments = (a: string[], b: string[]) => [...new Set([...a, ...b])];

/** Adds a page of people, merging those already staged; returns how many were new. */
export async function stagePeople(db: Db, runId: string, page: UpstreamPerson[], matchValueOf: (p: UpstreamPerson) => string | null): Promise<number> {
  const byId = new Map<string, UpstreamPerson>();
  for (const p of page) {
    const earlier = byId.get(p.externalId);
    byId.set(p.externalId, earlier ? { ...earlier, departmentIds: mergeDepartments(earlier.departmentIds, p.departmentIds) } : p);
  }
  const ids = [...byId.keys()];
  let added = 0;
  for (let i = 0; i < ids.length; i += STAGE_BATCH) {
    const chunk = ids.slice(i, i + STAGE_BATCH);
    const existing = await db.selectFrom('sync_staged_people').select(['external_id', 'data']).where('run_id', '=', runId).where('external_id', 'in', chunk).execute();
    const known = new Map(existing.map((r) => [r.external_id, JSON.parse(r.data) as UpstreamPerson]));
    for (const [id, earlier] of known) {
      const merged = { ...byId.get(id)!, departmentIds: mergeDepartments(earlier.departmentIds, byId.get(id)!.departmentIds) };
      await db.updateTable('sync_staged_people').set({ data: JSON.stringify(merged) }).where('run_id', '=', runId).where('external_id', '=', id).execute();
    }
    const fresh = chunk.filter((id) => !known.has(id)).map((id) => byId.get(id)!);
    if (fresh.length) {
      await db
        .insertInto('sync_staged_people')
        .values(fresh.map((p) => ({ run_id: runId, external_id: p.externalId, match_value: matchValueOf(p), data: JSON.stringify(p) })))
        .execute();
    }
    added += fresh.length;
  }
  return added;
}

/** Staged people in batches, by upstream id (keyset pagination). */
export async function* stagedPeople(db: Db, runId: string, batch = STAGE_BATCH): AsyncGenerator<UpstreamPerson[]> {
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('sync_staged_people')
      .select(['external_id', 'data'])
      .where('run_id', '=', runId)
      .where('external_id', '>', after)
      .orderBy('external_id')
      .limit(batch)
      .execute();
    if (!rows.length) return;
    yield rows.map((r) => JSON.parse(r.data) as UpstreamPerson);
    after = rows[rows.length - 1].external_id;
  }
}

/** Match values that more than one staged person has: none of them is matched by it. */
export async function duplicateMatchValues(db: Db, runId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('sync_staged_people')
    .select('match_value')
    .where('run_id', '=', runId)
    .where('match_value', 'is not', null)
    .groupBy('match_value')
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
  return new Set(rows.map((r) => r.match_value!));
}

export async function countStagedPeople(db: Db, runId: string): Promise<number> {
  const row = await db.selectFrom('sync_staged_people').select((eb) => eb.fn.countAll<number>().as('n')).where('run_id', '=', runId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Rows deleted per statement: a run's staging may hold an organisation, and one delete of it all would hold SQLite's writer. */
const CLEAR_BATCH = 5000;

export async function clearStaging(db: Db, runId: string): Promise<void> {
  for (const table of ['sync_staged_people', 'sync_staged_departments'] as const) {
    for (;;) {
      const chunk = db.selectFrom(table).select('external_id').where('run_id', '=', runId).limit(CLEAR_BATCH);
      const deleted = await db.deleteFrom(table).where('run_id', '=', runId).where('external_id', 'in', chunk).executeTakeFirst();
      if (Number(deleted.numDeletedRows) < CLEAR_BATCH) break;
      await yieldToEventLoop();
    }
  }
}
