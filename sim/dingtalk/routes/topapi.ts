// oapi.dingtalk.com/topapi/* (ref §5.3, §5.4, §6): org lookups with the app token. HTTP 200 always.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { anyObjectBody, avatarUrl, stringField, type SimContext } from '../context.ts';
import { oapiError, oapiJson } from '../errors.ts';
import type { SimApp, SimUser } from '../fixture.ts';
import { isLeader, orgView, profileFields, userVisible } from '../org-view.ts';
import type { Directory } from '../directory.ts';
import { topapiCaller } from './topapi-auth.ts';

export function registerTopapiRoutes(app: FastifyInstance, ctx: SimContext): void {
  const authorize = (request: FastifyRequest, reply: FastifyReply, needsMember: boolean): SimApp | undefined =>
    topapiCaller(ctx, request, reply, needsMember ? 'member' : 'none');
  // Missing required parameter: 40035 缺少参数 (ref §5.5; the exact text per API is UNCONFIRMED).
  const missing = (request: FastifyRequest, reply: FastifyReply, name: string) => oapiError(request, reply, 40035, `缺少参数 ${name}`);

  app.post('/topapi/user/getbyunionid', async (request, reply) => {
    const dtApp = authorize(request, reply, true);
    if (!dtApp) return reply;
    const unionid = stringField(anyObjectBody(request), 'unionid');
    if (!unionid) return missing(request, reply, 'unionid');
    const user = ctx.world.users.get(unionid);
    if (!user || user.corpId !== dtApp.corpId) return oapiError(request, reply, 60121, '未找到对应员工');
    return oapiJson(request, reply, { errcode: 0, errmsg: 'ok', result: { contact_type: 0, userid: user.userId } });
  });

  app.post('/topapi/v2/user/get', async (request, reply) => {
    const dtApp = authorize(request, reply, true);
    if (!dtApp) return reply;
    const body = anyObjectBody(request);
    const userid = stringField(body, 'userid');
    if (!userid) return missing(request, reply, 'userid');
    const language = stringField(body, 'language');
    if (language && language !== 'zh_CN' && language !== 'en_US') return oapiError(request, reply, 400002, '无效的参数');
    // Someone who left is gone from the directory (ref §2.4: 60121 UNCONFIRMED); outside the app's contact
    // scope is treated the same (UNCONFIRMED).
    const user = ctx.world.userByUserId(dtApp.corpId, userid);
    const view = orgView(dtApp);
    if (!user || !userVisible(ctx.world.directory, view, user)) return oapiError(request, reply, 60121, '找不到该用户');
    return oapiJson(request, reply, { errcode: 0, errmsg: 'ok', result: userDetails(ctx.world.directory, user, view, avatarUrl(user, ctx.baseUrl(request))) });
  });

  app.post('/topapi/v2/user/getuserinfo', async (request, reply) => {
    const dtApp = authorize(request, reply, false); // qyapi_base is enough (D9)
    if (!dtApp) return reply;
    const code = stringField(anyObjectBody(request), 'code');
    if (!code) return missing(request, reply, 'code');
    // Used, expired, unknown or another organisation's code: 40078 (ref §3.3; UNCONFIRMED, see consumeInAppCode).
    const c = ctx.world.consumeInAppCode(code, dtApp.corpId);
    const user = c && ctx.world.users.get(c.unionId);
    if (!user) return oapiError(request, reply, 40078, '不存在的临时授权码');
    return oapiJson(request, reply, {
      errcode: 0, errmsg: 'ok',
      result: { userid: user.userId, unionid: user.unionId, associated_unionid: '', device_id: `simdevice${user.userId}`, sys: false, sys_level: 0, name: user.name },
    });
  });

  // Anything else under /topapi: errcode 22 (P1; P6 saw "不合法ApiName" for topapi/v2/user/getbyunionid).
  app.all('/topapi/*', async (request, reply) => oapiError(request, reply, 22, '不合法ApiName'));
}

/** topapi/v2/user/get `result` (ref §5.4 field list, snake_case): per-department leader and order from the tree. */
function userDetails(dir: Directory, u: SimUser, view: ReturnType<typeof orgView>, avatar: string): Record<string, unknown> {
  return {
    ...profileFields(u, view, avatar),
    dept_order_list: u.deptIdList.map((d) => ({ dept_id: d, order: dir.deptOrder(u.corpId, d, u.unionId) })),
    real_authed: true,
    senior: false,
    leader_in_dept: u.deptIdList.map((d) => ({ dept_id: d, leader: isLeader(dir, u, d) })),
    role_list: [],
    union_emp_ext: {},
  };
}
