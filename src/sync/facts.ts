/**
 * The facts the rules (./plan.ts) need about a batch of upstream people and departments, gathered
 * with a few queries per batch: the users linked to them, the users their match key finds, the
 * values other users already hold, and where their departments land.
 */
import type { Db, Tx } from '../store/database.ts';
import type { UserTable } from '../store/schema.ts';
import { ATTRIBUTE_COLUMNS } from '../directory/user-store.ts';
import type { UpstreamDepartment, UpstreamPerson } from './reader.ts';
import { isPendingUnit, matchValue, normalizedValues, pendingUnit, usernameFor, type PersonFacts, type PersonState, type UnitState } from './plan.ts';
import type { MatchKey } from './views.ts';

type Conn = Db | Tx;

const USER_COLUMNS = ['users.id', 'users.username', 'users.display_name', 'users.mobile', 'users.email', 'users.employee_number', 'users.external_id', 'users.status', 'users.org_unit_id'] as const;

type UserRowLike = Pick<UserTable, 'id' | 'username' | 'display_name' | 'mobile' | 'email' | 'employee_number' | 'external_id' | 'status' | 'org_unit_id'>;

const toState = (r: UserRowLike, memberships: string[], leftAt: string | null): PersonState => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  mobile: r.mobile,
  email: r.email,
  employeeNumber: r.employee_number,
  externalId: r.external_id,
  status: r.status as PersonState['status'],
  orgUnitId: r.org_unit_id,
  memberships,
  leftAt,
});

async function membershipsOf(conn: Conn, userIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!userIds.length) return out;
  const rows = await conn.selectFrom('user_org_memberships').select(['user_id', 'org_unit_id']).where('user_id', 'in', userIds).execute();
  for (const r of rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), r.org_unit_id]);
  for (const list of out.values()) list.sort();
  return out;
}

/** Where each department lands: an existing unit, or one the plan creates. */
export type UnitRefs = (departmentExternalId: string) => string;

export interface FactsInput {
  sourceId: string | null;
  matchKey: MatchKey;
  /** Match values more than one upstream person has (a full run knows them all). */
  duplicates: Set<string>;
  units: UnitRefs;
  /** Where people without a department land. */
  rootUnit: string;
}

export async function gatherPersonFacts(conn: Conn, people: UpstreamPerson[], input: FactsInput): Promise<Map<string, PersonFacts>> {
  const ids = people.map((p) => p.externalId);
  const linkedRows = input.sourceId && ids.length
    ? await conn
        .selectFrom('sync_user_links')
        .innerJoin('users', 'users.id', 'sync_user_links.user_id')
        .select([...USER_COLUMNS, 'sync_user_links.external_id as link_external_id', 'sync_user_links.left_at'])
        .where('sync_user_links.source_id', '=', input.sourceId)
        .where('sync_user_links.external_id', 'in', ids)
        .execute()
    : [];
  const linkedBy = new Map(linkedRows.map((r) => [r.link_external_id, r]));

  // Users the match key finds, for people not linked yet.
  const unlinked = people.filter((p) => !linkedBy.has(p.externalId));
  const keyOf = new Map(unlinked.map((p) => [p.externalId, matchValue(p, input.matchKey)]));
  const keyValues = [...new Set([...keyOf.values()].filter((v): v is string => v !== null))];
  const matchedRows = input.matchKey !== 'none' && keyValues.length
    ? await conn.selectFrom('users').select(USER_COLUMNS).where(ATTRIBUTE_COLUMNS[input.matchKey as keyof typeof ATTRIBUTE_COLUMNS], 'in', keyValues).execute()
    : [];
  const claims = input.sourceId && matchedRows.length
    ? await conn.selectFrom('sync_user_links').select(['user_id', 'external_id']).where('source_id', '=', input.sourceId).where('user_id', 'in', matchedRows.map((r) => r.id)).execute()
    : [];
  const claimedBy = new Map(claims.map((c) => [c.user_id, c.external_id]));
  const column = input.matchKey === 'none' ? null : ATTRIBUTE_COLUMNS[input.matchKey as keyof typeof ATTRIBUTE_COLUMNS];
  const matchesByValue = new Map<string, UserRowLike[]>();
  for (const r of matchedRows) {
    const v = column ? (r as unknown as Record<string, string | null>)[column] : null;
    if (v) matchesByValue.set(v, [...(matchesByValue.get(v) ?? []), r]);
  }

  // Values other users hold, for the unique attributes a change would write.
  const wanted = { username: new Set<string>(), mobile: new Set<string>(), email: new Set<string>() };
  for (const p of people) {
    const { values } = normalizedValues(p);
    const username = linkedBy.has(p.externalId) ? values.username : usernameFor(p, values);
    if (username) wanted.username.add(username);
    if (values.mobile) wanted.mobile.add(values.mobile);
    if (values.email) wanted.email.add(values.email);
  }
  const holders = { username: new Map<string, string>(), mobile: new Map<string, string>(), email: new Map<string, string>() };
  for (const attr of ['username', 'mobile', 'email'] as const) {
    const values = [...wanted[attr]];
    for (let i = 0; i < values.length; i += 500) {
      const rows = await conn.selectFrom('users').select(['id', attr]).where(attr, 'in', values.slice(i, i + 500)).execute();
      for (const r of rows) holders[attr].set((r as Record<string, string>)[attr], r.id);
    }
  }

  const userIds = [...linkedRows.map((r) => r.id), ...matchedRows.map((r) => r.id)];
  const memberships = await membershipsOf(conn, userIds);
  const out = new Map<string, PersonFacts>();
  for (const p of people) {
    const linkedRow = linkedBy.get(p.externalId);
    const linked = linkedRow ? toState(linkedRow, memberships.get(linkedRow.id) ?? [], linkedRow.left_at) : null;
    const key = keyOf.get(p.externalId) ?? null;
    const candidates = key ? (matchesByValue.get(key) ?? []) : [];
    const claimer = candidates.map((c) => claimedBy.get(c.id)).find((ext) => ext !== undefined && ext !== p.externalId) ?? null;
    const matches = candidates.filter((c) => !claimedBy.has(c.id)).map((c) => toState(c, memberships.get(c.id) ?? [], null));
    const targetId = linked?.id ?? (matches.length === 1 ? matches[0].id : null);
    const { values } = normalizedValues(p);
    const username = linked ? values.username : usernameFor(p, values);
    const heldByOther = (attr: 'username' | 'mobile' | 'email', value: string | null | undefined) => {
      const holder = value ? holders[attr].get(value) : undefined;
      return holder !== undefined && holder !== targetId;
    };
    out.set(p.externalId, {
      linked,
      matches,
      claimedBy: claimer,
      duplicateKey: key !== null && input.duplicates.has(key),
      taken: { username: heldByOther('username', username), mobile: heldByOther('mobile', values.mobile), email: heldByOther('email', values.email) },
      units: (p.departmentIds.length ? p.departmentIds : ['']).map((d) => (d === '' ? input.rootUnit : input.units(d))),
    });
  }
  return out;
}

/** The org units and this source's links to them, for planning departments. */
export async function unitLandscape(conn: Conn, sourceId: string | null) {
  const units = await conn.selectFrom('org_units').select(['id', 'name', 'parent_id']).execute();
  const byId = new Map<string, UnitState>(units.map((u) => [u.id, { id: u.id, name: u.name, parentId: u.parent_id }]));
  const links = sourceId
    ? await conn.selectFrom('sync_unit_links').select(['external_id', 'org_unit_id']).where('source_id', '=', sourceId).execute()
    : [];
  const linkedUnit = new Map(links.filter((l) => byId.has(l.org_unit_id)).map((l) => [l.external_id, byId.get(l.org_unit_id)!]));
  const linkedIds = new Set(links.map((l) => l.org_unit_id));
  const childNamed = (parentId: string, name: string) =>
    units.find((u) => u.parent_id === parentId && u.name === name && !linkedIds.has(u.id)) ?? null;
  return {
    linked: (externalId: string) => linkedUnit.get(externalId) ?? null,
    sibling: (parentRef: string, name: string): UnitState | null => {
      if (isPendingUnit(parentRef)) return null;
      const u = childNamed(parentRef, name);
      return u ? { id: u.id, name: u.name, parentId: u.parent_id } : null;
    },
  };
}

/** Resolves departments to unit references in fetch order (parents first); departments outside the fetched tree land at the root. */
export function resolveUnits(departments: UpstreamDepartment[], rootUnit: string, landscape: Awaited<ReturnType<typeof unitLandscape>>) {
  const refOf = new Map<string, string>();
  const parentRefOf = new Map<string, string>();
  for (const d of departments) {
    if (d.parentExternalId === null) {
      refOf.set(d.externalId, rootUnit);
      continue;
    }
    const parentRef = refOf.get(d.parentExternalId) ?? rootUnit;
    parentRefOf.set(d.externalId, parentRef);
    const linked = landscape.linked(d.externalId);
    refOf.set(d.externalId, linked?.id ?? landscape.sibling(parentRef, d.name)?.id ?? pendingUnit(d.externalId));
  }
  return { refOf, parentRefOf, units: (externalId: string) => refOf.get(externalId) ?? rootUnit };
}
