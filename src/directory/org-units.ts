/** The tree of departments. Rules first, SQL below; every user belongs to exactly one unit. */
import { sql } from 'kysely';
import type { Db, Tx } from '../store/database.ts';
import { nowIso, uniqueViolation } from '../store/database.ts';
import { newId } from '../store/ids.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { ROOT_ORG_UNIT_ID } from '../store/well-known.ts';
import { countUsersInOrgUnit } from './user-store.ts';
import type { OrgUnit } from './views.ts';
import { prepareQuery } from '../store/prepared.ts';

export type { OrgUnit };

type Conn = Db | Tx;

interface OrgUnitRow {
  id: string;
  parent_id: string | null;
  name: string;
  created_at: string;
  updated_at: string;
}

const toOrgUnit = (r: OrgUnitRow): OrgUnit => ({
  id: r.id,
  parentId: r.parent_id,
  name: r.name,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export { ROOT_ORG_UNIT_ID };

export async function getOrgUnit(conn: Conn, id: string): Promise<OrgUnit> {
  const row = await conn.selectFrom('org_units').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('org_unit', id);
  return toOrgUnit(row);
}

/** How far up a unit's ancestors are followed: a guard only, as moves refuse cycles (updateOrgUnit). */
const MAX_DEPTH = 64;

// Asked when a token carries the org unit (src/oidc/accounts.ts): one query, prepared once.
const pathQuery = prepareQuery(['id'], (conn, v) =>
  conn
    .withRecursive('chain(id, parent_id, name, depth)', (db) =>
      db
        .selectFrom('org_units')
        .select(['id', 'parent_id', 'name', sql<number>`0`.as('depth')])
        .where('id', '=', v.id)
        .unionAll((up) =>
          up
            .selectFrom('org_units')
            .innerJoin('chain', 'chain.parent_id', 'org_units.id')
            .select(['org_units.id', 'org_units.parent_id', 'org_units.name', sql<number>`chain.depth + 1`.as('depth')])
            .where('chain.depth', '<', MAX_DEPTH),
        ),
    )
    .selectFrom('chain')
    .select('name')
    .orderBy('depth', 'desc'),
);

/** The names of the units from the root down to `id`, e.g. `["Demo Tech", "R&D", "Backend"]`; empty for an unknown id. */
export async function orgUnitPath(conn: Conn, id: string): Promise<string[]> {
  return (await pathQuery(conn, { id })).rows.map((r) => r.name);
}

/** Like getOrgUnit, but a missing unit is a bad reference in the request (400), not a missing resource. */
export async function assertOrgUnitExists(conn: Conn, id: string, field: string): Promise<void> {
  const row = await conn.selectFrom('org_units').select('id').where('id', '=', id).executeTakeFirst();
  if (!row) throw invalid('org_unit.unknown', `No org unit with id ${JSON.stringify(id)}.`, field);
}

export async function listOrgUnits(conn: Conn, parentId?: string): Promise<OrgUnit[]> {
  let query = conn.selectFrom('org_units').selectAll();
  if (parentId) query = query.where('parent_id', '=', parentId);
  const rows = await query.orderBy('name').execute();
  return rows.map(toOrgUnit);
}

function rethrowSiblingName(error: unknown): never {
  if (uniqueViolation(error)) throw conflict('org_unit.name_taken', 'A sibling unit already has this name.', '/name');
  throw error;
}

export async function createOrgUnit(tx: Tx, input: { name: string; parentId?: string }): Promise<OrgUnit> {
  const parentId = input.parentId ?? ROOT_ORG_UNIT_ID;
  await assertOrgUnitExists(tx, parentId, '/parentId');
  const now = nowIso();
  const row: OrgUnitRow = { id: newId('ou'), parent_id: parentId, name: input.name.trim(), created_at: now, updated_at: now };
  if (!row.name) throw invalid('org_unit.invalid_name', 'Name cannot be blank.', '/name');
  await tx.insertInto('org_units').values(row).execute().catch(rethrowSiblingName);
  return toOrgUnit(row);
}

/** Ids of `id` and everything below it. */
async function subtree(conn: Conn, id: string): Promise<Set<string>> {
  const rows = await conn.selectFrom('org_units').select(['id', 'parent_id']).execute();
  const children = new Map<string, string[]>();
  for (const r of rows) if (r.parent_id) children.set(r.parent_id, [...(children.get(r.parent_id) ?? []), r.id]);
  const out = new Set<string>();
  const stack = [id];
  while (stack.length) {
    const next = stack.pop()!;
    out.add(next);
    stack.push(...(children.get(next) ?? []));
  }
  return out;
}

export async function updateOrgUnit(tx: Tx, id: string, input: { name?: string; parentId?: string }): Promise<OrgUnit> {
  const current = await getOrgUnit(tx, id);
  const set: Partial<OrgUnitRow> = { updated_at: nowIso() };
  if (input.name !== undefined) {
    set.name = input.name.trim();
    if (!set.name) throw invalid('org_unit.invalid_name', 'Name cannot be blank.', '/name');
  }
  if (input.parentId !== undefined && input.parentId !== current.parentId) {
    if (id === ROOT_ORG_UNIT_ID) throw invalid('org_unit.root_immovable', 'The root unit cannot be moved.', '/parentId');
    await assertOrgUnitExists(tx, input.parentId, '/parentId');
    if ((await subtree(tx, id)).has(input.parentId)) {
      throw invalid('org_unit.cycle', 'A unit cannot move under itself or one of its descendants.', '/parentId');
    }
    set.parent_id = input.parentId;
  }
  await tx.updateTable('org_units').set(set).where('id', '=', id).execute().catch(rethrowSiblingName);
  return getOrgUnit(tx, id);
}

export async function deleteOrgUnit(tx: Tx, id: string): Promise<OrgUnit> {
  const unit = await getOrgUnit(tx, id);
  if (id === ROOT_ORG_UNIT_ID) throw conflict('org_unit.root_undeletable', 'The root unit cannot be deleted.');
  const child = await tx.selectFrom('org_units').select('id').where('parent_id', '=', id).executeTakeFirst();
  if (child) throw conflict('org_unit.not_empty', 'Move or delete the units below it first.');
  if ((await countUsersInOrgUnit(tx, id)) > 0) throw conflict('org_unit.not_empty', 'Move its users to another unit first.');
  const source = await tx
    .selectFrom('auth_sources')
    .select('name')
    .where('config', 'like', `%"notAssociatedOrgUnitId":"${id}"%`)
    .executeTakeFirst();
  if (source) throw conflict('org_unit.in_use', `The authentication source "${source.name}" creates new users in this unit.`);
  const directory = await tx.selectFrom('identity_sources').select('name').where('config', 'like', `%"orgUnitId":"${id}"%`).executeTakeFirst();
  if (directory) throw conflict('org_unit.in_use', `The identity source "${directory.name}" syncs its organisation into this unit.`);
  await tx.deleteFrom('org_units').where('id', '=', id).execute();
  return unit;
}
