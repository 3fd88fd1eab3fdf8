/**
 * Applies planned changes: departments, then people, each in its own savepoint so that one that no
 * longer fits (a value another user took since the plan) is recorded as a problem and the rest go on.
 * Every change is an audit event whose actor is the identity source (or the admin's CSV import).
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../store/database.ts';
import { nowIso } from '../store/database.ts';
import { recordAudit, type Actor } from '../audit/audit.ts';
import { PorticoError } from '../errors.ts';
import { createOrgUnit, updateOrgUnit } from '../directory/org-units.ts';
import { insertUser, updateUser } from '../directory/user-store.ts';
import { createBinding } from '../directory/bindings.ts';
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

/** Applies one change in a savepoint: a failure is rolled back alone and returned as the change's problem. */
export async function applyInSavepoint(tx: Tx, ctx: ApplyContext, change: PlannedChange): Promise<ApplyOutcome> {
  await sql`savepoint sync_change`.execute(tx);
  try {
    const id = await applyOne(tx, ctx, change);
    await sql`release savepoint sync_change`.execute(tx);
    return { ok: true, id };
  } catch (error) {
    await sql`rollback to savepoint sync_change`.execute(tx);
    await sql`release savepoint sync_change`.execute(tx);
    if (error instanceof PorticoError) return { ok: false, problem: { code: error.code, detail: error.message } };
    throw error;
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
      for (const row of rows) {
        const outcome = await applyInSavepoint(tx, ctx, toChange(row));
        if (outcome.ok && row.kind === 'disable') disabled.push(row.user_id!);
        const set = outcome.ok
          ? { applied: 1, ...(row.kind === 'create' || row.kind === 'create_unit' ? (row.kind === 'create' ? { user_id: outcome.id } : { org_unit_id: outcome.id }) : {}) }
          : { problem: JSON.stringify(outcome.problem) };
        if (!outcome.ok) failed++;
        await tx.updateTable('sync_changes').set(set).where('run_id', '=', runId).where('seq', '=', row.seq).execute();
      }
    });
    if (disabled.length) await ctx.onDisabled(disabled);
    done += rows.length;
    after = rows[rows.length - 1].seq;
    await onProgress(done);
  }
}
