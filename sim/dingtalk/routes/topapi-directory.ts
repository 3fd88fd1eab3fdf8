// The org pull APIs (ref §1.2–§1.7, §5): department tree, paged department members, user ids, head count.
// POST ?access_token=<app token>, JSON or form body, HTTP 200 with the oapi envelope. Answers are O(page).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { anyObjectBody, avatarUrl, type SimContext } from '../context.ts';
import { ROOT_DEPT_ID } from '../directory.ts';
import { oapiError, oapiJson } from '../errors.ts';
import type { SimApp } from '../fixture.ts';
import { deptDetails, deptListItem, deptVisibility, isLeader, orgView, profileFields } from '../org-view.ts';
import { topapiCaller } from './topapi-auth.ts';

const ORDER_FIELDS = new Set(['custom', 'entry_asc', 'entry_desc', 'modify_asc', 'modify_desc']);

/** An integer field sent as a JSON number or (form bodies) a digit string; null when absent, NaN when malformed. */
function intField(body: Record<string, unknown>, key: string): number | null {
  const v = body[key];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : Number.NaN;
  if (typeof v === 'string' && /^-?\d{1,15}$/.test(v)) return Number(v);
  return Number.NaN;
}

function boolField(body: Record<string, unknown>, key: string): boolean | null {
  const v = body[key];
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  return null;
}

const invalid = (request: FastifyRequest, reply: FastifyReply) => oapiError(request, reply, 400002, '无效的参数');
const noDept = (request: FastifyRequest, reply: FastifyReply) => oapiError(request, reply, 60003, '部门不存在');
const ok = (request: FastifyRequest, reply: FastifyReply, result: unknown) => oapiJson(request, reply, { errcode: 0, errmsg: 'ok', result });

export function registerTopapiDirectoryRoutes(app: FastifyInstance, ctx: SimContext): void {
  const dir = () => ctx.world.directory;

  /** dept_id from the body (default when given), checked ≥ 1 and known; undefined after replying with the error. */
  const deptParam = (request: FastifyRequest, reply: FastifyReply, dtApp: SimApp, fallback?: number): number | undefined => {
    const body = anyObjectBody(request);
    const deptId = intField(body, 'dept_id') ?? fallback ?? Number.NaN;
    const language = body.language;
    if (!Number.isInteger(deptId) || deptId < ROOT_DEPT_ID || (language !== undefined && language !== 'zh_CN' && language !== 'en_US')) {
      invalid(request, reply);
      return undefined;
    }
    if (!dir().dept(dtApp.corpId, deptId)) {
      noDept(request, reply);
      return undefined;
    }
    return deptId;
  };

  app.post('/topapi/v2/department/listsub', async (request, reply) => {
    const dtApp = topapiCaller(ctx, request, reply, 'departments');
    if (!dtApp) return reply;
    const deptId = deptParam(request, reply, dtApp, ROOT_DEPT_ID);
    if (deptId === undefined) return reply;
    const view = orgView(dtApp);
    // Scope-restricted (ref §1.1); an unknown or invisible department alike: 60003 (UNCONFIRMED for listsub).
    if (deptVisibility(dir(), view, dtApp.corpId, deptId) === 'outside') return noDept(request, reply);
    const children = dir().childIds(dtApp.corpId, deptId)
      .filter((id) => deptVisibility(dir(), view, dtApp.corpId, id) !== 'outside')
      .map((id) => deptListItem(dir().dept(dtApp.corpId, id)!));
    return ok(request, reply, children);
  });

  // Not restricted by the contact scope (S6).
  app.post('/topapi/v2/department/listsubid', async (request, reply) => {
    const dtApp = topapiCaller(ctx, request, reply, 'departments');
    if (!dtApp) return reply;
    const deptId = deptParam(request, reply, dtApp);
    if (deptId === undefined) return reply;
    return ok(request, reply, { dept_id_list: [...dir().childIds(dtApp.corpId, deptId)] });
  });

  app.post('/topapi/v2/department/get', async (request, reply) => {
    const dtApp = topapiCaller(ctx, request, reply, 'departments');
    if (!dtApp) return reply;
    const deptId = deptParam(request, reply, dtApp);
    if (deptId === undefined) return reply;
    if (deptVisibility(dir(), orgView(dtApp), dtApp.corpId, deptId) === 'outside') return noDept(request, reply);
    return ok(request, reply, deptDetails(dir().dept(dtApp.corpId, deptId)!));
  });

  app.post('/topapi/v2/user/list', async (request, reply) => {
    const dtApp = topapiCaller(ctx, request, reply, 'members');
    if (!dtApp) return reply;
    const body = anyObjectBody(request);
    const cursor = intField(body, 'cursor');
    const size = intField(body, 'size');
    const orderField = body.order_field ?? 'custom';
    if (cursor === null || size === null || !(cursor >= 0) || !(size >= 1 && size <= 100)
      || typeof orderField !== 'string' || !ORDER_FIELDS.has(orderField) || intField(body, 'dept_id') === null) {
      return invalid(request, reply);
    }
    const deptId = deptParam(request, reply, dtApp);
    if (deptId === undefined) return reply;
    const view = orgView(dtApp);
    const visibility = deptVisibility(dir(), view, dtApp.corpId, deptId);
    if (visibility === 'outside') return noDept(request, reply);
    // Above the scope: the department is shown so the walk can pass, its own members are not (see org-view.ts).
    const all = visibility === 'inside' ? dir().memberIds(dtApp.corpId, deptId) : [];
    // custom / entry / modify order are one stable order here (joining the department); *_desc reverses it.
    const descending = orderField.endsWith('_desc');
    const end = Math.max(0, all.length - cursor);
    const ids = descending ? all.slice(Math.max(0, end - size), end).reverse() : all.slice(cursor, cursor + size);
    const base = ctx.baseUrl(request);
    const list = ids.map((unionId) => {
      const u = ctx.world.users.get(unionId)!;
      return {
        // avatar is left out for people who kept DingTalk's default avatar (S6).
        ...profileFields(u, view, u.avatar ? avatarUrl(u, base) : undefined),
        dept_order: dir().deptOrder(u.corpId, deptId, u.unionId),
        leader: isLeader(dir(), u, deptId),
        extension: '{}',
      };
    });
    const hasMore = cursor + size < all.length;
    return ok(request, reply, { has_more: hasMore, ...(hasMore ? { next_cursor: cursor + size } : {}), list });
  });

  // Every direct member, no paging, not restricted by the contact scope (S7).
  app.post('/topapi/user/listid', async (request, reply) => {
    const dtApp = topapiCaller(ctx, request, reply, 'members');
    if (!dtApp) return reply;
    const deptId = deptParam(request, reply, dtApp);
    if (deptId === undefined) return reply;
    const userids = dir().memberIds(dtApp.corpId, deptId).map((id) => ctx.world.users.get(id)!.userId);
    return ok(request, reply, { userid_list: userids });
  });

  // qyapi_get_member; not restricted by the contact scope (S6).
  app.post('/topapi/user/count', async (request, reply) => {
    const dtApp = topapiCaller(ctx, request, reply, 'member');
    if (!dtApp) return reply;
    const onlyActive = boolField(anyObjectBody(request), 'only_active');
    if (onlyActive === null) return oapiError(request, reply, 400002, '参数为空');
    let count = 0;
    for (const id of dir().orgMemberIds(dtApp.corpId)) if (!onlyActive || ctx.world.users.get(id)?.active) count++;
    return ok(request, reply, { count });
  });
}
