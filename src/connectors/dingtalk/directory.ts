// Directory pull (ref §1.2–1.7): departments one level at a time, users one department page at a time, politely (ref §1.10).
import { withAppToken, type AppTokenProvider } from './app-token.ts';
import { withBackoff } from './backoff.ts';
import type { ConnectorContext } from './context.ts';
import { DingTalkError, isDingTalkError } from './errors.ts';
import { badResponse, isObject, optBoolean, optNumber, optString, reqNumber, reqObject, reqString, requestIdOf, type JsonObject } from './guards.ts';
import type { RequestLimiter } from './limiter.ts';
import { toOrgUser, topapi } from './org.ts';
import type { Department, DepartmentDetails, DepartmentUserCursor, DepartmentUserPage, OrgUser } from './types.ts';

/** Largest page v2/user/list accepts (ref §1.5). */
export const MAX_USER_PAGE_SIZE = 100;

// The permission points each call needs (ref §1.2, §1.5, §1.7), named in a permission_denied error so the admin knows what to grant.
const DEPARTMENT_PERMISSION = 'qyapi_get_department_list';
const MEMBER_PERMISSION = 'qyapi_get_department_member'; // UNCONFIRMED for v2/user/list (ref §1.5, §6.1)
const COUNT_PERMISSION = 'qyapi_get_member';

export interface DirectoryContext {
  ctx: ConnectorContext;
  tokens: AppTokenProvider;
  limiter: RequestLimiter;
}

/** POST topapi/v2/department/listsub {dept_id, language}: the direct children, `result` a flat array (ref §1.2). */
export async function listSubDepartments(d: DirectoryContext, deptId: number): Promise<Department[]> {
  requireDeptId(deptId);
  const where = 'v2/department/listsub';
  const body = await directoryCall(d, '/topapi/v2/department/listsub', { dept_id: deptId, language: 'zh_CN' }, DEPARTMENT_PERMISSION);
  return reqArray(body, 'result', where).map((item) => toDepartment(reqItem(item, body, where), where));
}

/** POST topapi/v2/department/listsubid {dept_id}: the direct children's ids (ref §1.4). */
export async function listSubDepartmentIds(d: DirectoryContext, deptId: number): Promise<number[]> {
  requireDeptId(deptId);
  const where = 'v2/department/listsubid';
  const body = await directoryCall(d, '/topapi/v2/department/listsubid', { dept_id: deptId }, DEPARTMENT_PERMISSION);
  return reqArray(reqObject(body, 'result', where), 'dept_id_list', where).map((id) => {
    const n = optNumber(id);
    if (n === undefined) throw badResponse(`${where}: a department id is not a number`, requestIdOf(body));
    return n;
  });
}

/** POST topapi/v2/department/get {dept_id, language}: one department with its order and managers (ref §1.3). */
export async function getDepartment(d: DirectoryContext, deptId: number): Promise<DepartmentDetails> {
  requireDeptId(deptId);
  const where = 'v2/department/get';
  const body = await directoryCall(d, '/topapi/v2/department/get', { dept_id: deptId, language: 'zh_CN' }, DEPARTMENT_PERMISSION);
  const r = reqObject(body, 'result', where);
  const details: DepartmentDetails = {
    ...toDepartment(r, where),
    managerUserIds: Array.isArray(r.dept_manager_userid_list) ? r.dept_manager_userid_list.map(optString).filter((s) => s !== undefined) : [],
  };
  const order = optNumber(r.order);
  if (order !== undefined) details.order = order;
  return details;
}

/**
 * POST topapi/v2/user/list {dept_id, cursor, size, contain_access_limit, language}: one page of a department's DIRECT members (ref §1.5).
 * contain_access_limit is true: a complete sync must also see "访问受限" (restricted-visibility) employees, or they would look like
 * leavers and be disabled.
 */
export async function listDepartmentUsers(
  d: DirectoryContext, deptId: number, cursor: DepartmentUserCursor = 0, size: number = MAX_USER_PAGE_SIZE,
): Promise<DepartmentUserPage> {
  requireDeptId(deptId);
  if (!Number.isInteger(size) || size < 1 || size > MAX_USER_PAGE_SIZE) throw new TypeError(`size must be an integer from 1 to ${MAX_USER_PAGE_SIZE}`);
  if (typeof cursor !== 'number' && (typeof cursor !== 'string' || cursor === '')) throw new TypeError('cursor must be a number or a non-empty string');
  const where = 'v2/user/list';
  const body = await directoryCall(
    d, '/topapi/v2/user/list',
    { dept_id: deptId, cursor, size, contain_access_limit: true, language: 'zh_CN' },
    MEMBER_PERMISSION,
  );
  const r = reqObject(body, 'result', where);
  const hasMore = optBoolean(r.has_more);
  if (hasMore === undefined) throw badResponse(`${where}: missing or invalid "has_more"`, requestIdOf(body));
  // An empty department may come without "list"; anything else than an array is not DingTalk's answer.
  const list = r.list === undefined ? [] : reqArray(r, 'list', where);
  const users: OrgUser[] = list.map((item) => toOrgUser(reqItem(item, body, where), where));
  if (!hasMore) return { users, hasMore };
  // Opaque (ref §1.5): passed back exactly as it came, number or string.
  const next = typeof r.next_cursor === 'number' ? r.next_cursor : optString(r.next_cursor);
  if (next === undefined) throw badResponse(`${where}: has_more without "next_cursor"`, requestIdOf(body));
  return { users, hasMore, nextCursor: next };
}

/** POST topapi/user/count {only_active}: people in the organisation, all or only those who activated DingTalk (ref §1.7). */
export async function countUsers(d: DirectoryContext, onlyActive: boolean): Promise<number> {
  const body = await directoryCall(d, '/topapi/user/count', { only_active: onlyActive }, COUNT_PERMISSION);
  return reqNumber(reqObject(body, 'result', 'user/count'), 'count', 'user/count');
}

/**
 * The tree under `rootDeptId`, breadth-first: the root first (department/get: listsub never returns the node asked about), then each
 * level, every parent before its children. Up to the limiter's concurrency of listsub calls run at once; only ids are kept between
 * levels. A department seen twice (a cycle, or a child listed under two parents) is yielded once.
 */
export async function* walkDepartments(d: DirectoryContext, rootDeptId: number): AsyncGenerator<Department> {
  const root = await getDepartment(d, rootDeptId);
  yield { deptId: root.deptId, name: root.name, parentId: root.parentId };
  const seen = new Set<number>([root.deptId]);
  let level = [root.deptId];
  while (level.length > 0) {
    const next: number[] = [];
    for (let i = 0; i < level.length; i += d.limiter.concurrency) {
      const batch = level.slice(i, i + d.limiter.concurrency);
      for (const children of await Promise.all(batch.map((id) => listSubDepartments(d, id)))) {
        for (const dept of children) {
          if (seen.has(dept.deptId)) {
            d.ctx.http.logger?.warn({ deptId: dept.deptId, parentId: dept.parentId }, 'dingtalk department seen twice');
            continue;
          }
          seen.add(dept.deptId);
          next.push(dept.deptId);
          yield dept;
        }
      }
    }
    level = next;
  }
}

/** A department's direct members, one page (≤ 100) at a time; empty pages are skipped. */
export async function* pageDepartmentUsers(d: DirectoryContext, deptId: number): AsyncGenerator<OrgUser[]> {
  let cursor: DepartmentUserCursor = 0;
  for (;;) {
    const page = await listDepartmentUsers(d, deptId, cursor);
    if (page.users.length > 0) yield page.users;
    if (!page.hasMore || page.nextCursor === undefined) return;
    // A cursor that does not move would loop forever.
    if (page.nextCursor === cursor) throw badResponse('v2/user/list: next_cursor did not advance');
    cursor = page.nextCursor;
  }
}

/** Backoff around the app token around the limiter around one request: a retry waits for a slot and a rate window again. */
async function directoryCall(d: DirectoryContext, path: string, json: JsonObject, permission: string): Promise<JsonObject> {
  try {
    return await withBackoff(d.ctx, path, () =>
      withAppToken(d.tokens, (token) => d.limiter.run(path, () => topapi(d.ctx, token, path, json, false))));
  } catch (e) {
    if (!isDingTalkError(e, 'dingtalk.permission_denied')) throw e;
    throw new DingTalkError(e.code, {
      message: `${e.message} (grant ${permission})`,
      upstreamCode: e.upstreamCode,
      upstreamMessage: e.upstreamMessage,
      requestId: e.requestId,
      httpStatus: e.httpStatus,
      requiredScopes: [permission],
    });
  }
}

function toDepartment(r: JsonObject, where: string): Department {
  const parent = optNumber(r.parent_id);
  return {
    deptId: reqNumber(r, 'dept_id', where),
    name: reqString(r, 'name', where),
    // UNCONFIRMED (ref §1.3): the root's parent_id is not documented; missing or 0 means "no parent".
    parentId: parent === undefined || parent === 0 ? null : parent,
  };
}

function reqArray(o: JsonObject, key: string, where: string): unknown[] {
  const v = o[key];
  if (!Array.isArray(v)) throw badResponse(`${where}: missing or invalid "${key}"`, requestIdOf(o));
  return v;
}

function reqItem(item: unknown, body: JsonObject, where: string): JsonObject {
  if (!isObject(item)) throw badResponse(`${where}: an item is not an object`, requestIdOf(body));
  return item;
}

function requireDeptId(deptId: number): void {
  if (!Number.isSafeInteger(deptId) || deptId < 1) throw new TypeError('deptId must be a positive integer');
}
