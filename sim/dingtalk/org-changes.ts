// Changes an org admin makes in DingTalk (people join, change, leave, activate; departments are created,
// renamed, moved, removed), applied to the world in place (O(1)/O(dept) even for the large fixture) and
// each naming the contact event DingTalk would emit for it (ref §2.4).
import { createHash } from 'node:crypto';
import { ROOT_DEPT_ID } from './directory.ts';
import { OPTIONAL_USER_FIELDS, validateDept, validateUser, type SimDept, type SimUser } from './fixture.ts';
import type { Mutation, World } from './world.ts';

export type ContactEventType =
  | 'user_add_org' | 'user_modify_org' | 'user_leave_org' | 'user_active_org'
  | 'org_dept_create' | 'org_dept_modify' | 'org_dept_remove';

/** What changed, as the event carries it: ids only. */
export type OrgChange =
  | { eventType: 'user_add_org' | 'user_modify_org' | 'user_leave_org' | 'user_active_org'; corpId: string; userIds: string[] }
  | { eventType: 'org_dept_create' | 'org_dept_modify' | 'org_dept_remove'; corpId: string; deptIds: number[] };

const fail = (status: number, ...errors: string[]) => ({ ok: false as const, status, errors });

function unknownDepts(w: World, corpId: string, ids: readonly number[]): string[] {
  return ids.filter((d) => !w.directory.dept(corpId, d)).map((d) => `unknown department ${d}`);
}

/** A unionId for a person added without one: stable per (corpId, userId), shaped like DingTalk's. */
function derivedUnionId(corpId: string, userId: string): string {
  return createHash('sha256').update(`${corpId}\u0000${userId}`).digest('base64url').slice(0, 27) + 'iEiE';
}

export function addPerson(w: World, corpId: string, input: Record<string, unknown>): Mutation<{ user: SimUser; change: OrgChange }> {
  if (!w.orgs.has(corpId)) return fail(404, `unknown organisation ${corpId}`);
  if (input.corpId !== undefined && input.corpId !== corpId) return fail(400, 'user.corpId must match the organisation in the path');
  const userId = typeof input.userId === 'string' ? input.userId : undefined;
  const src = { ...input, corpId, ...(input.unionId === undefined && userId ? { unionId: derivedUnionId(corpId, userId) } : {}) };
  const r = validateUser(src, 'user', { defaults: true });
  if (!r.value) return fail(400, ...r.errors);
  const user = r.value as SimUser;
  const errors = unknownDepts(w, corpId, user.deptIdList);
  if (errors.length) return fail(400, ...errors);
  if (w.users.has(user.unionId)) return fail(409, `user ${user.unionId} already exists`);
  if (w.directory.unionIdOf(corpId, user.userId)) return fail(409, `userId ${user.userId} is already taken in ${corpId}`);
  w.users.set(user.unionId, user);
  w.directory.addUser(user);
  return { ok: true, value: { user, change: { eventType: 'user_add_org', corpId, userIds: [user.userId] } } };
}

/** Any field but the ids; JSON null removes an optional field. Setting active false → true is a modification here (activate is its own change). */
export function changePerson(w: World, corpId: string, userId: string, input: Record<string, unknown>): Mutation<{ user: SimUser; change: OrgChange }> {
  const existing = w.userByUserId(corpId, userId);
  if (!existing) return fail(404, `no user ${userId} in organisation ${corpId}`);
  const removed = Object.keys(input).filter((k) => input[k] === null && OPTIONAL_USER_FIELDS.has(k));
  const patch = Object.fromEntries(Object.entries(input).filter(([k]) => !removed.includes(k)));
  for (const k of ['userId', 'corpId']) {
    if (k in patch) return fail(400, `user.${k} cannot be changed`);
  }
  const r = validateUser(patch, 'user', { partial: true });
  if (!r.value) return fail(400, ...r.errors);
  const updated: SimUser = { ...existing, ...r.value };
  for (const k of removed) delete (updated as unknown as Record<string, unknown>)[k];
  const errors = unknownDepts(w, corpId, updated.deptIdList);
  if (errors.length) return fail(400, ...errors);
  w.users.set(updated.unionId, updated);
  w.directory.updateUser(existing, updated);
  return { ok: true, value: { user: updated, change: { eventType: 'user_modify_org', corpId, userIds: [userId] } } };
}

/** The person leaves: gone from every directory API (v2/user/get → 60121) and from department managers. */
export function removePerson(w: World, corpId: string, userId: string): Mutation<{ user: SimUser; change: OrgChange }> {
  const existing = w.userByUserId(corpId, userId);
  if (!existing) return fail(404, `no user ${userId} in organisation ${corpId}`);
  w.users.delete(existing.unionId);
  w.directory.removeUser(existing);
  for (const d of w.directory.allDepts()) {
    if (d.corpId === corpId && d.managerUserIds?.includes(userId)) {
      w.directory.putDept({ ...d, managerUserIds: d.managerUserIds.filter((m) => m !== userId) });
    }
  }
  return { ok: true, value: { user: existing, change: { eventType: 'user_leave_org', corpId, userIds: [userId] } } };
}

export function activatePerson(w: World, corpId: string, userId: string): Mutation<{ user: SimUser; change: OrgChange }> {
  const existing = w.userByUserId(corpId, userId);
  if (!existing) return fail(404, `no user ${userId} in organisation ${corpId}`);
  if (existing.active) return fail(409, `user ${userId} is already active`);
  const updated = { ...existing, active: true };
  w.users.set(updated.unionId, updated);
  return { ok: true, value: { user: updated, change: { eventType: 'user_active_org', corpId, userIds: [userId] } } };
}

function managerErrors(w: World, corpId: string, ids: readonly string[] | undefined): string[] {
  return (ids ?? []).filter((u) => !w.directory.unionIdOf(corpId, u)).map((u) => `unknown manager userId ${u}`);
}

export function addDept(w: World, corpId: string, input: Record<string, unknown>): Mutation<{ department: SimDept; change: OrgChange }> {
  if (!w.orgs.has(corpId)) return fail(404, `unknown organisation ${corpId}`);
  if (input.corpId !== undefined && input.corpId !== corpId) return fail(400, 'department.corpId must match the organisation in the path');
  // Without a deptId the next free one (DingTalk's own ids are large and opaque; any unique integer will do).
  const deptId = input.deptId ?? Math.max(ROOT_DEPT_ID, ...w.directory.allDepts().filter((d) => d.corpId === corpId).map((d) => d.deptId)) + 1;
  // Without an order it goes last among its siblings, as a new department does in DingTalk's console.
  const siblings = typeof input.parentId === 'number' ? w.directory.childIds(corpId, input.parentId) : [];
  const order = input.order ?? Math.max(0, ...siblings.map((id) => w.directory.dept(corpId, id)?.order ?? 0)) + 1;
  const r = validateDept({ ...input, corpId, deptId, order });
  if (!r.value) return fail(400, ...r.errors);
  const dept = r.value as SimDept;
  if (w.directory.dept(corpId, dept.deptId)) return fail(409, `department ${dept.deptId} already exists`);
  const errors = [...unknownDepts(w, corpId, [dept.parentId]).map((e) => `parentId: ${e}`), ...managerErrors(w, corpId, dept.managerUserIds)];
  if (errors.length) return fail(400, ...errors);
  w.directory.putDept(dept);
  return { ok: true, value: { department: dept, change: { eventType: 'org_dept_create', corpId, deptIds: [dept.deptId] } } };
}

/** Rename, move (parentId), reorder, change managers. The root belongs to the org and is not changed here. */
export function changeDept(w: World, corpId: string, deptId: number, input: Record<string, unknown>): Mutation<{ department: SimDept; change: OrgChange }> {
  if (deptId === ROOT_DEPT_ID) return fail(400, 'the root department cannot be changed');
  const existing = w.directory.dept(corpId, deptId);
  if (!existing) return fail(404, `no department ${deptId} in organisation ${corpId}`);
  const r = validateDept(input, 'department', { partial: true });
  if (!r.value) return fail(400, ...r.errors);
  const updated: SimDept = { ...existing, ...r.value };
  const errors = [...unknownDepts(w, corpId, [updated.parentId]).map((e) => `parentId: ${e}`), ...managerErrors(w, corpId, r.value.managerUserIds)];
  if (!errors.length && w.directory.isWithin(corpId, updated.parentId, deptId)) errors.push('parentId: a department cannot move below itself');
  if (errors.length) return fail(400, ...errors);
  w.directory.putDept(updated);
  return { ok: true, value: { department: updated, change: { eventType: 'org_dept_modify', corpId, deptIds: [deptId] } } };
}

/** Like DingTalk's console: only an empty department (no sub-departments, no members) can be removed. */
export function removeDept(w: World, corpId: string, deptId: number): Mutation<{ department: SimDept; change: OrgChange }> {
  if (deptId === ROOT_DEPT_ID) return fail(400, 'the root department cannot be removed');
  const existing = w.directory.dept(corpId, deptId);
  if (!existing) return fail(404, `no department ${deptId} in organisation ${corpId}`);
  if (w.directory.childIds(corpId, deptId).length) return fail(409, `department ${deptId} still has sub-departments`);
  if (w.directory.memberIds(corpId, deptId).length) return fail(409, `department ${deptId} still has members`);
  w.directory.removeDept(existing);
  return { ok: true, value: { department: existing, change: { eventType: 'org_dept_remove', corpId, deptIds: [deptId] } } };
}
