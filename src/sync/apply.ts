/**
 * Applies planned changes: departments, then people, each in its own savepoint so that one that no
 * longer fits (a value another user took since the plan) is recorded as a problem and the rest go on.
 * Every change is an audit event whose actor is the identity source (or the admin's CSV import).
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../store/database.ts';
import { nowIso } from '../store/database.ts';
import { recordAudit, recordAudits, type Actor } from '../audit/audit.ts';
import { PorticoError } from '../errors.ts';
import { createOrgUnit, updateOrgUnit } from '../directory/org-units.ts';
import { insertUser, insertUsers, updateUser } from '../directory/user-store.ts';
import { createBinding, insertBindings } from '../directory/bindings.ts';
import type { UserInput } from '../directory/users.ts';
import { isPendingUnit, type PersonDelta, type PlannedChange } from './plan.ts';
import { toChange } from './runs.ts';

/** Changes per transaction: short enough not to hold SQLite's writer for long, big enough to amortize commits. */
export const APPLY_BATCH = 200;

export interface ApplyContext {
  sourceId: string | null;
  /** Login source whose bindings synced people get (their upstream subject). */
  bindSourceId: string | null;
  actor: Actor;
  /** Units created during this apply for pending references (`ext:<id>`), for sources without links (CSV). */
  created: Map<string, string>;
  /** After the commit: people the sync disabled are signed out of every application, as an admin's disabling does. */
  onDisabled(userIds: string[]): Promise<void>;
}

async function resolveUnit(tx: Tx, ctx: ApplyContext, ref: string): Promise<string> {
  if (!isPendingUnit(ref)) return ref;
  const made = ctx.created.get(ref);
  if (made) return made;
  if (ctx.sourceId) {
    const link = await tx.selectFrom('sync_unit_links').select('org_unit_id').where('source_id', '=', ctx.sourceId).where('external_id', '=', ref.slice(4)).executeTakeFirst();
    if (link) return link.org_unit_id;
  }
  throw new PorticoError('conflict', 'sync.unit_missing', `The department ${ref.slice(4)} was not created.`);
}

async function linkUnit(tx: Tx, ctx: ApplyContext, externalId: string, orgUnitId: string) {
  ctx.created.set(`ext:${externalId}`, orgUnitId);
  if (!ctx.sourceId) return;
  await tx
    .insertInto('sync_unit_links')
    .values({ source_id: ctx.sourceId, external_id: externalId, org_unit_id: orgUnitId })
    .onConflict((oc) => oc.columns(['source_id', 'external_id']).doUpdateSet({ org_unit_id: orgUnitId }))
    .execute();
}

async function setMemberships(tx: Tx, ctx: ApplyContext, userId: string, refs: string[]) {
  await tx.deleteFrom('user_org_memberships').where('user_id', '=', userId).execute();
  const ids = [...new Set(await Promise.all(refs.map((r) => resolveUnit(tx, ctx, r))))];
  if (ids.length) await tx.insertInto('user_org_memberships').values(ids.map((org_unit_id) => ({ user_id: userId, org_unit_id }))).execute();
}

async function linkUser(tx: Tx, ctx: ApplyContext, externalId: string, userId: string, subject: string | null | undefined) {
  if (ctx.sourceId) {
    await tx
      .insertInto('sync_user_links')
      .values({ source_id: ctx.sourceId, external_id: externalId, user_id: userId, left_at: null })
      .onConflict((oc) => oc.columns(['source_id', 'external_id']).doUpdateSet({ user_id: userId, left_at: null }))
      .execute();
  }
  if (ctx.bindSourceId && subject) await createBinding(tx, { sourceId: ctx.bindSourceId, userId, subject, externalUserId: externalId });
}

const fieldsOf = (delta: PersonDelta): UserInput => ({ ...(delta.fields as UserInput | undefined) });

/** Applies one change; returns the user or unit it touched. */
async function applyOne(tx: Tx, ctx: ApplyContext, change: PlannedChange): Promise<string | null> {
  const after = (change.after ?? {}) as Record<string, unknown>;
  switch (change.kind) {
    case 'create_unit': {
      const parentId = await resolveUnit(tx, ctx, after.parent as string);
      const unit = await createOrgUnit(tx, { name: after.name as string, parentId });
      await linkUnit(tx, ctx, change.externalId, unit.id);
      await recordAudit(tx, ctx.actor, { category: 'admin', action: 'org_unit.create', target: { type: 'org_unit', id: unit.id }, after: unit });
      return unit.id;
    }
    case 'update_unit': {
      const id = change.orgUnitId!;
      if (after.link) {
        await linkUnit(tx, ctx, change.externalId, id);
        return id;
      }
      const input: { name?: string; parentId?: string } = {};
      if (after.name !== undefined) input.name = after.name as string;
      if (after.parent !== undefined) input.parentId = await resolveUnit(tx, ctx, after.parent as string);
      const unit = await updateOrgUnit(tx, id, input);
      await recordAudit(tx, ctx.actor, { category: 'admin', action: 'org_unit.update', target: { type: 'org_unit', id }, before: change.before, after: unit });
      return id;
    }
    case 'create': {
      const delta = after as PersonDelta;
      const fields = fieldsOf(delta);
      const orgUnitId = await resolveUnit(tx, ctx, delta.unit!);
      const user = await insertUser(tx, { ...fields, username: fields.username!, displayName: fields.displayName!, orgUnitId, status: delta.status }, null);
      if (delta.memberships) await setMemberships(tx, ctx, user.id, delta.memberships);
      await linkUser(tx, ctx, change.externalId, user.id, delta.subject);
      await recordAudit(tx, ctx.actor, { category: 'admin', action: 'user.create', target: { type: 'user', id: user.id }, after: user });
      return user.id;
    }
    case 'update':
    case 'move':
    case 'reenable':
    case 'disable': {
      const userId = change.userId!;
      const delta = after as PersonDelta;
      const fields = fieldsOf(delta);
      if (delta.unit) fields.orgUnitId = await resolveUnit(tx, ctx, delta.unit);
      if (delta.status) fields.status = delta.status;
      const user = await updateUser(tx, userId, fields);
      if (delta.memberships) await setMemberships(tx, ctx, userId, delta.memberships);
      if (delta.link) await linkUser(tx, ctx, change.externalId, userId, delta.subject);
      if (ctx.sourceId && (change.kind === 'disable' || change.kind === 'reenable')) {
        await tx
          .updateTable('sync_user_links')
          .set({ left_at: change.kind === 'disable' ? nowIso() : null })
          .where('source_id', '=', ctx.sourceId)
          .where('external_id', '=', change.externalId)
          .execute();
      }
      await recordAudit(tx, ctx.actor, { category: 'admin', action: 'user.update', reason: `sync.${change.kind}`, target: { type: 'user', id: userId }, before: change.before, after: user });
      return userId;
    }
    case 'conflict':
      return null;
  }
}

export type ApplyOutcome = { ok: true; id: string | null } | { ok: false; problem: { code: string; detail: string } };

/** Runs `work` in a savepoint: a Portico error rolls back only what it did, and is returned. */
async function inSavepoint<T>(tx: Tx, work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; problem: { code: string; detail: string } }> {
  await sql`savepoint sync_change`.execute(tx);
  try {
    const value = await work();
    await sql`release savepoint sync_change`.execute(tx);
    return { ok: true, value };
  } catch (error) {
    try {
      await sql`rollback to savepoint sync_change`.execute(tx);
      await sql`release savepoint sync_change`.execute(tx);
    } catch {
      // The savepoint is gone with the whole transaction (SQLite rolls it back itself on a full disk):
      // what failed first is what to report, not "no such savepoint".
      throw error;
    }
    if (error instanceof PorticoError) return { ok: false, problem: { code: error.code, detail: error.message } };
    throw error;
  }
}

/** Applies one change in a savepoint: a failure is rolled back alone and returned as the change's problem. */
export async function applyInSavepoint(tx: Tx, ctx: ApplyContext, change: PlannedChange): Promise<ApplyOutcome> {
  const outcome = await inSavepoint(tx, () => applyOne(tx, ctx, change));
  return outcome.ok ? { ok: true, id: outcome.value } : outcome;
}

/**
 * New people in bulk: a statement per table for the whole group rather than ten per person (the plan
 * checked their values are free). Returns the new users' ids in order; throws when any of them no
 * longer fits, for the caller to apply the group one change at a time.
 */
async function applyCreates(tx: Tx, ctx: ApplyContext, changes: PlannedChange[]): Promise<string[]> {
  const deltas = changes.map((c) => c.after as PersonDelta);
  const fields = await Promise.all(deltas.map(async (d) => ({ ...fieldsOf(d), orgUnitId: await resolveUnit(tx, ctx, d.unit!), status: d.status })));
  const users = await insertUsers(tx, fields as Parameters<typeof insertUsers>[1]);
  const memberships = (
    await Promise.all(deltas.map(async (d, i) => [...new Set(await Promise.all((d.memberships ?? []).map((r) => resolveUnit(tx, ctx, r))))].map((org_unit_id) => ({ user_id: users[i].id, org_unit_id }))))
  ).flat();
  for (let i = 0; i < memberships.length; i += 200) await tx.insertInto('user_org_memberships').values(memberships.slice(i, i + 200)).execute();
  if (ctx.sourceId) {
    const links = changes.map((c, i) => ({ source_id: ctx.sourceId!, external_id: c.externalId, user_id: users[i].id, left_at: null }));
    for (let i = 0; i < links.length; i += 200) await tx.insertInto('sync_user_links').values(links.slice(i, i + 200)).execute();
  }
  const bindSourceId = ctx.bindSourceId;
  if (bindSourceId) {
    await insertBindings(tx, changes.flatMap((c, i) => (deltas[i].subject ? [{ sourceId: bindSourceId, userId: users[i].id, subject: deltas[i].subject!, externalUserId: c.externalId }] : [])));
  }
  await recordAudits(tx, ctx.actor, users.map((user) => ({ category: 'admin', action: 'user.create', target: { type: 'user', id: user.id }, after: user })));
  return users.map((u) => u.id);
}

/** Marks a group of creates applied, each with its new user's id, in a statement per 200. */
async function markAppliedBulk(tx: Tx, runId: string, applied: { seq: number; userId: string }[]) {
  for (let i = 0; i < applied.length; i += 200) {
    const chunk = applied.slice(i, i + 200);
    const userIds = sql.join(chunk.map((a) => sql`when ${a.seq} then ${a.userId}`), sql` `);
    await tx
      .updateTable('sync_changes')
      .set({ applied: 1, user_id: sql<string>`case seq ${userIds} end` })
      .where('run_id', '=', runId)
      .where('seq', 'in', chunk.map((a) => a.seq))
      .execute();
  }
}

/** Marks changes applied, with what each made (a created user's or unit's id). */
async function markApplied(tx: Tx, runId: string, applied: { seq: number; userId?: string | null; orgUnitId?: string | null }[]) {
  for (const a of applied) {
    const set = { applied: 1, ...(a.userId ? { user_id: a.userId } : {}), ...(a.orgUnitId ? { org_unit_id: a.orgUnitId } : {}) };
    await tx.updateTable('sync_changes').set(set).where('run_id', '=', runId).where('seq', '=', a.seq).execute();
  }
}

/** Applies a run's stored changes not applied yet, in order; returns how many failed. */
export async function applyRunChanges(db: Db, runId: string, ctx: ApplyContext, onProgress: (done: number) => Promise<void>): Promise<number> {
  let after = 0;
  let done = 0;
  let failed = 0;
  for (;;) {
    const rows = await db
      .selectFrom('sync_changes')
      .selectAll()
      .where('run_id', '=', runId)
      .where('seq', '>', after)
      .where('applied', '=', 0)
      .where('kind', '!=', 'conflict')
      .orderBy('seq')
      .limit(APPLY_BATCH)
      .execute();
    if (!rows.length) return failed;
    const disabled: string[] = [];
    await db.transaction().execute(async (tx) => {
      const changes = rows.map(toChange);
      // The batch's creates together when they all fit (the common case: a first sync), else one by one.
      const creates = changes.filter((c) => c.kind === 'create');
      const bulk = creates.length > 1 ? await inSavepoint(tx, () => applyCreates(tx, ctx, creates)) : undefined;
      if (bulk?.ok) await markAppliedBulk(tx, runId, creates.map((c, i) => ({ seq: c.seq, userId: bulk.value[i] })));
      for (const change of changes) {
        if (bulk?.ok && change.kind === 'create') continue;
        const outcome = await applyInSavepoint(tx, ctx, change);
        if (!outcome.ok) {
          failed++;
          await tx.updateTable('sync_changes').set({ problem: JSON.stringify(outcome.problem) }).where('run_id', '=', runId).where('seq', '=', change.seq).execute();
          continue;
        }
        if (change.kind === 'disable') disabled.push(change.userId!);
        await markApplied(tx, runId, [{ seq: change.seq, userId: change.kind === 'create' ? outcome.id : undefined, orgUnitId: change.kind === 'create_unit' ? outcome.id : undefined }]);
      }
    });
    if (disabled.length) await ctx.onDisabled(disabled);
    done += rows.length;
    after = rows[rows.length - 1].seq;
    await onProgress(done);
  }
}
