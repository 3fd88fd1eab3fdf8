/**
 * The sync's rules, as plain functions: what one upstream person or department means for Portico,
 * given what Portico has. The engine (./diff.ts) gathers the facts in batches and stores the answers
 * as a run's changes; events (./incremental.ts) ask the same questions for one person.
 *
 * Unit references: an existing org unit's id, or `ext:<externalId>` for a department this plan
 * creates (resolved when applied, after the departments).
 */
import { createHash } from 'node:crypto';
import { PorticoError } from '../errors.ts';
import { normalizeUserFields, USERNAME_PATTERN, type User, type UserInput } from '../directory/users.ts';
import type { UpstreamDepartment, UpstreamPerson } from './reader.ts';
import type { ChangeKind, InactivePolicy, MatchKey, SyncChange, SyncedAttribute } from './views.ts';

/** A Portico user as the rules see them: the synced attributes, status and units. */
export type PersonState = Pick<User, 'id' | 'username' | 'displayName' | 'mobile' | 'email' | 'employeeNumber' | 'externalId' | 'status' | 'orgUnitId'> & {
  /** Further departments (user_org_memberships), sorted. */
  memberships: string[];
  /** The sync disabled this user as a leaver (and so may re-enable them). */
  leftAt: string | null;
};

/** What applying a person's change writes: only what differs. */
export interface PersonDelta {
  fields?: Partial<Record<SyncedAttribute, string | null>>;
  unit?: string;
  memberships?: string[];
  status?: 'active' | 'disabled';
  /** Link an existing user to the upstream person. */
  link?: true;
  /** The key a login source binds (DingTalk unionId). */
  subject?: string | null;
}

/** A change as planned: what a run stores (numbered, then marked applied) and an event applies at once. */
export type PlannedChange = Omit<SyncChange, 'seq' | 'applied'>;

export interface PersonFacts {
  /** The user linked to this upstream person by this source, if any. */
  linked: PersonState | null;
  /** Users whose match-key attribute has the person's value and who are not linked to another upstream person. */
  matches: PersonState[];
  /** A user with the value exists but is linked to another upstream person of this source. */
  claimedBy: string | null;
  /** Another upstream person in this run has the same match value. */
  duplicateKey: boolean;
  /** Values (username, mobile, email) already held by some other user: creating or changing to them would collide. */
  taken: Partial<Record<'username' | 'mobile' | 'email', boolean>>;
  /** Where the person's departments land (unit references), main first. */
  units: string[];
}

export interface PersonPolicy {
  matchKey: MatchKey;
  inactive: InactivePolicy;
  /** The source says nothing of departments (a CSV file without them): existing users keep theirs. */
  keepUnits?: boolean;
}

const UNIQUE_ATTRIBUTES = ['username', 'mobile', 'email'] as const;

const FIELD_TO_STATE: Record<SyncedAttribute, keyof PersonState> = {
  displayName: 'displayName',
  mobile: 'mobile',
  email: 'email',
  employeeNumber: 'employeeNumber',
  username: 'username',
  externalId: 'externalId',
};

type Normalized = { values: Partial<Record<SyncedAttribute, string | null>>; problem?: { code: string; detail: string } };

/**
 * Staging, the facts and the plan each ask for a person's normalized values: worked out once per
 * person object (a batch's people are read from the store once, so none is ever changed afterwards).
 */
const normalizedOnce = new WeakMap<UpstreamPerson, Normalized>();

/** The person's values as Portico stores them; a value Portico cannot store is a problem, named by field. */
export function normalizedValues(person: UpstreamPerson): Normalized {
  let out = normalizedOnce.get(person);
  if (out) return out;
  try {
    const input = normalizeUserFields(person.values as UserInput);
    const values: Partial<Record<SyncedAttribute, string | null>> = {};
    for (const key of Object.keys(person.values) as SyncedAttribute[]) values[key] = (input[key] as string | null | undefined) ?? null;
    out = { values };
  } catch (error) {
    if (!(error instanceof PorticoError)) throw error;
    out = { values: {}, problem: { code: error.code, detail: error.message } };
  }
  normalizedOnce.set(person, out);
  return out;
}

/** The value a person is matched with, normalized like the stored attribute (null: nothing to match by). */
export function matchValue(person: UpstreamPerson, key: MatchKey): string | null {
  if (key === 'none') return null;
  const { values } = normalizedValues(person);
  return values[key] ?? null;
}

/** A username for a person Portico creates: the mapped one, else the upstream id made to fit the pattern. */
export function usernameFor(person: UpstreamPerson, values: Partial<Record<SyncedAttribute, string | null>>): string {
  if (values.username) return values.username;
  const base = person.externalId.toLowerCase().replace(/[^a-z0-9._@-]/g, '').replace(/^[^a-z0-9]+/, '').slice(0, 48);
  // An id with nothing usable (all Chinese, say) still gets a stable, unique name.
  return new RegExp(USERNAME_PATTERN).test(base) ? base : `u${createHash('sha256').update(person.externalId).digest('hex').slice(0, 12)}`;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The change one upstream person makes; or that Portico already agrees, or that the person is not brought in (inactive). */
export function planPerson(person: UpstreamPerson, facts: PersonFacts, policy: PersonPolicy): PlannedChange | 'unchanged' | 'skipped' {
  const name = person.values.displayName ?? person.externalId;
  const base = { externalId: person.externalId, name, orgUnitId: null, problem: null };
  const conflict = (code: string, detail: string, userId: string | null = null): PlannedChange => ({
    ...base, kind: 'conflict', userId, before: null, after: null, problem: { code, detail },
  });
  const { values, problem } = normalizedValues(person);
  if (problem) return conflict(problem.code, `${person.origin ? person.origin + ': ' : ''}${problem.detail}`);
  const [mainUnit, ...others] = facts.units;
  const memberships = [...new Set(others)].filter((u) => u !== mainUnit).sort();

  let target = facts.linked;
  let link = false;
  if (!target) {
    if (facts.duplicateKey) return conflict('sync.key_used_twice', `Another person has the same ${policy.matchKey}; neither is matched until one changes.`);
    if (facts.claimedBy) return conflict('sync.key_claimed', `The user with this ${policy.matchKey} is already linked to ${facts.claimedBy}.`, null);
    if (facts.matches.length > 1) return conflict('sync.ambiguous_match', `${facts.matches.length} users have this ${policy.matchKey}.`);
    target = facts.matches[0] ?? null;
    link = target !== null;
  }

  if (!target) {
    if (!person.active && policy.inactive === 'skip') return 'skipped';
    const username = usernameFor(person, values);
    const fields = { ...values, username, displayName: values.displayName ?? person.externalId };
    for (const attr of UNIQUE_ATTRIBUTES) {
      if (fields[attr] && facts.taken[attr]) return conflict('sync.value_taken', `Another user already has the ${attr} ${fields[attr]}.`);
    }
    const status = person.active || policy.inactive === 'create_active' ? 'active' : 'disabled';
    const after: PersonDelta = { fields, unit: mainUnit, status, subject: person.subject };
    if (memberships.length) after.memberships = memberships;
    return { ...base, kind: 'create', userId: null, orgUnitId: mainUnit, before: null, after: after as Record<string, unknown> };
  }

  const before: Record<string, unknown> = {};
  const delta: PersonDelta = {};
  for (const [key, value] of Object.entries(values) as [SyncedAttribute, string | null][]) {
    if (key === 'username' && value === null) continue; // a username cannot be cleared
    const current = target[FIELD_TO_STATE[key]] as string | null;
    if (value === current || (key === 'displayName' && !value)) continue;
    if (value && (key === 'username' || key === 'mobile' || key === 'email') && facts.taken[key]) {
      return conflict('sync.value_taken', `Another user already has the ${key} ${value}.`, target.id);
    }
    (delta.fields ??= {})[key] = value;
    before[key] = current;
  }
  let kind: ChangeKind = 'update';
  if (!policy.keepUnits && mainUnit && mainUnit !== target.orgUnitId) {
    delta.unit = mainUnit;
    before.orgUnitId = target.orgUnitId;
    kind = 'move';
  }
  if (!policy.keepUnits && !sameSet(memberships, target.memberships)) {
    delta.memberships = memberships;
    before.memberships = target.memberships;
  }
  const returning = target.leftAt !== null && target.status === 'disabled' && (person.active || policy.inactive === 'create_active');
  if (returning) {
    delta.status = 'active';
    before.status = target.status;
    kind = 'reenable';
  }
  if (link) {
    delta.link = true;
    if (person.subject) delta.subject = person.subject;
  }
  if (Object.keys(delta).length === 0) return 'unchanged';
  return { ...base, kind, userId: target.id, orgUnitId: delta.unit ?? target.orgUnitId, before, after: delta as Record<string, unknown> };
}

/** A linked user the complete upstream no longer lists: disabled, never deleted. */
export function planLeaver(user: { id: string; displayName: string; status: string; orgUnitId: string }, externalId: string): PlannedChange | null {
  if (user.status !== 'active') return null;
  return {
    kind: 'disable', externalId, userId: user.id, orgUnitId: user.orgUnitId, name: user.displayName,
    before: { status: user.status }, after: { status: 'disabled' } satisfies PersonDelta as Record<string, unknown>, problem: null,
  };
}

export interface UnitState {
  id: string;
  name: string;
  parentId: string | null;
}

/**
 * The change one upstream department makes. `linked` is the unit this source links it to; `sibling`
 * an unlinked unit of the same name under the same parent, which is adopted rather than duplicated
 * (sibling names are unique in Portico's tree).
 */
export function planDepartment(dep: UpstreamDepartment, parentRef: string, linked: UnitState | null, sibling: UnitState | null): PlannedChange | null {
  const base = { externalId: dep.externalId, name: dep.name, userId: null, problem: null };
  if (linked) {
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    if (linked.name !== dep.name) [before.name, after.name] = [linked.name, dep.name];
    if (linked.parentId !== parentRef) [before.parent, after.parent] = [linked.parentId, parentRef];
    if (!Object.keys(after).length) return null;
    return { ...base, kind: 'update_unit', orgUnitId: linked.id, before, after };
  }
  if (sibling) return { ...base, kind: 'update_unit', orgUnitId: sibling.id, before: null, after: { link: true } };
  return { ...base, kind: 'create_unit', orgUnitId: null, before: null, after: { name: dep.name, parent: parentRef } };
}

/** `ext:<id>`: a unit this plan creates for an upstream department. */
export const pendingUnit = (externalId: string) => `ext:${externalId}`;
export const isPendingUnit = (ref: string) => ref.startsWith('ext:');

/**
 * A run that would disable more than the threshold's share of the users this source links stops
 * and asks (a misconfigured scope or root department looks exactly like everyone leaving).
 */
export function needsConfirmation(disables: number, linkedActive: number, thresholdPercent: number): boolean {
  return disables > 0 && disables * 100 > thresholdPercent * Math.max(linkedActive, 1);
}
