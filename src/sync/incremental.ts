/**
 * Events between full reconciles: each names ids only, so the source's type re-reads them and hands
 * the person or department here, where the same rules as a full run (./plan.ts) decide and the change
 * is applied at once. Applying is idempotent, so a duplicate or a late event is harmless; the event
 * log (sync_events) records each, and a duplicate by its id is not applied twice.
 */
import type { Db } from '../store/database.ts';
import { nowIso } from '../store/database.ts';
import { newId } from '../store/ids.ts';
import { paginate, type PageRequest } from '../store/paginate.ts';
import { applyInSavepoint, type ApplyContext } from './apply.ts';
import { gatherPersonFacts } from './facts.ts';
import { planDepartment, planLeaver, planPerson, type PlannedChange } from './plan.ts';
import type { UpstreamDepartment, UpstreamPerson } from './reader.ts';
import { sourceActor } from './engine.ts';
import type { LoadedSource } from './sources.ts';
import type { SyncEvent } from './views.ts';

export type EventOutcome = { status: 'applied' | 'ignored' | 'failed'; detail: string | null };

export interface IncomingEvent {
  /** Stream: DingTalk's eventId; HTTP push: a hash of the decrypted message (it carries no id). */
  dedupeKey: string;
  transport: 'stream' | 'http_push';
  eventType: string;
  ids: string[];
}

/** Logs an event; false when the same event was logged before (then it is logged as a duplicate and not applied). */
export async function logEvent(db: Db, sourceId: string, event: IncomingEvent): Promise<{ id: string; fresh: boolean }> {
  const id = newId('evt');
  const row = { id, source_id: sourceId, received_at: nowIso(), transport: event.transport, event_type: event.eventType, ids: JSON.stringify(event.ids), status: 'received', detail: null };
  const inserted = await db.insertInto('sync_events').values({ ...row, dedupe_key: event.dedupeKey }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return { id, fresh: true };
  await db.insertInto('sync_events').values({ ...row, dedupe_key: `${event.dedupeKey}#${id}`, status: 'duplicate', detail: 'Already received; not applied again.' }).execute();
  return { id, fresh: false };
}

export async function finishEvent(db: Db, id: string, outcome: EventOutcome): Promise<void> {
  await db.updateTable('sync_events').set({ status: outcome.status, detail: outcome.detail?.slice(0, 500) ?? null }).where('id', '=', id).execute();
}

export async function listEvents(db: Db, sourceId: string, page: PageRequest) {
  const query = db.selectFrom('sync_events').selectAll().where('source_id', '=', sourceId).orderBy('received_at', 'desc').orderBy('id', 'desc');
  return paginate(query, page, (r): SyncEvent => ({
    id: r.id,
    sourceId: r.source_id,
    receivedAt: r.received_at,
    transport: r.transport as SyncEvent['transport'],
    eventType: r.event_type,
    ids: JSON.parse(r.ids),
    status: r.status as SyncEvent['status'],
    detail: r.detail,
  }));
}

/** Events change nothing until the admin has applied a first full sync (seen its dry run). */
export async function hasAppliedRun(db: Db, sourceId: string): Promise<boolean> {
  const row = await db.selectFrom('sync_runs').select('id').where('source_id', '=', sourceId).where('status', '=', 'succeeded').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** What applying an event's change needs beyond the store: signing out the people it disables. */
export interface EventDeps {
  db: Db;
  onDisabled(userIds: string[]): Promise<void>;
}

async function applyNow(deps: EventDeps, source: LoadedSource, change: PlannedChange): Promise<EventOutcome> {
  const ctx: ApplyContext = { sourceId: source.row.id, bindSourceId: source.config.bindSourceId, actor: sourceActor(source.row), created: new Map(), onDisabled: deps.onDisabled };
  const outcome = await deps.db.transaction().execute((tx) => applyInSavepoint(tx, ctx, change));
  if (outcome.ok && change.kind === 'disable') await deps.onDisabled([change.userId!]);
  return outcome.ok ? { status: 'applied', detail: `${change.kind}: ${change.name}` } : { status: 'failed', detail: `${outcome.problem.code}: ${outcome.problem.detail}` };
}

async function linkedUnit(db: Db, sourceId: string, externalId: string) {
  return db
    .selectFrom('sync_unit_links')
    .innerJoin('org_units', 'org_units.id', 'sync_unit_links.org_unit_id')
    .select(['org_units.id', 'org_units.name', 'org_units.parent_id as parentId'])
    .where('sync_unit_links.source_id', '=', sourceId)
    .where('sync_unit_links.external_id', '=', externalId)
    .executeTakeFirst();
}

/**
 * Brings departments in, parents first (`chain` ends with the department itself; the first is known
 * to Portico or the root). Returns the unit the last one landed in.
 */
export async function applyDepartments(deps: EventDeps, source: LoadedSource, chain: UpstreamDepartment[]): Promise<EventOutcome> {
  const { db } = deps;
  const sourceId = source.row.id;
  let outcome: EventOutcome = { status: 'ignored', detail: 'Nothing to change.' };
  for (const dep of chain) {
    if (dep.parentExternalId === null) continue;
    const parent = await linkedUnit(db, sourceId, dep.parentExternalId);
    const parentRef = parent?.id ?? source.config.orgUnitId;
    const linked = await linkedUnit(db, sourceId, dep.externalId);
    const sibling = linked
      ? null
      : await db.selectFrom('org_units').select(['id', 'name', 'parent_id as parentId']).where('parent_id', '=', parentRef).where('name', '=', dep.name).executeTakeFirst();
    const change = planDepartment(dep, parentRef, linked ?? null, sibling ?? null);
    if (change) outcome = await applyNow(deps, source, change);
  }
  return outcome;
}

/** One person re-read after an event: created, changed, moved or re-enabled as a full run would. */
export async function applyPerson(deps: EventDeps, source: LoadedSource, person: UpstreamPerson): Promise<EventOutcome> {
  const { db } = deps;
  const sourceId = source.row.id;
  const links = person.departmentIds.length
    ? await db.selectFrom('sync_unit_links').select(['external_id', 'org_unit_id']).where('source_id', '=', sourceId).where('external_id', 'in', person.departmentIds).execute()
    : [];
  const unitOf = new Map(links.map((l) => [l.external_id, l.org_unit_id]));
  const root = source.config.orgUnitId;
  const facts = await gatherPersonFacts(db, [person], {
    sourceId,
    matchKey: source.config.matchKey,
    duplicates: new Set(),
    // A department still unknown here (its own event not yet in) lands at the root until the reconcile.
    units: (d) => unitOf.get(d) ?? root,
    rootUnit: root,
  });
  const planned = planPerson(person, facts.get(person.externalId)!, { matchKey: source.config.matchKey, inactive: source.config.inactive });
  if (planned === 'unchanged') return { status: 'applied', detail: 'Already up to date.' };
  if (planned === 'skipped') return { status: 'ignored', detail: 'Not activated in DingTalk yet.' };
  if (planned.kind === 'conflict') return { status: 'failed', detail: `${planned.problem!.code}: ${planned.problem!.detail}` };
  return applyNow(deps, source, planned);
}

/** A person who left: disabled, never deleted (re-enabled if they return). */
export async function applyLeaver(deps: EventDeps, source: LoadedSource, externalId: string): Promise<EventOutcome> {
  const { db } = deps;
  const row = await db
    .selectFrom('sync_user_links')
    .innerJoin('users', 'users.id', 'sync_user_links.user_id')
    .select(['users.id', 'users.display_name', 'users.status', 'users.org_unit_id'])
    .where('sync_user_links.source_id', '=', source.row.id)
    .where('sync_user_links.external_id', '=', externalId)
    .executeTakeFirst();
  if (!row) return { status: 'ignored', detail: `${externalId} is not linked to a user.` };
  const change = planLeaver({ id: row.id, displayName: row.display_name, status: row.status, orgUnitId: row.org_unit_id }, externalId);
  return change ? applyNow(deps, source, change) : { status: 'applied', detail: 'Already disabled.' };
}
