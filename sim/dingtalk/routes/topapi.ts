// oapi.dingtalk.com/topapi/* (ref §5.3, §5.4, §6): org lookups with the app token. HTTP 200 always.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { anyObjectBody, avatarUrl, stringField, type SimContext } from '../context.ts';
import { OAPI, oapiError, oapiJson, topapiWrapped } from '../errors.ts';
import type { SimApp, SimUser } from '../fixture.ts';
import { queryParam } from '../util.ts';

export function registerTopapiRoutes(app: FastifyInstance, ctx: SimContext): void {
  /** The app behind ?access_token=, or undefined after replying with the wrapped 88 error. */
  const authorize = (request: FastifyRequest, reply: FastifyReply, needsMember: boolean): SimApp | undefined => {
    const token = queryParam(request.query, 'access_token');
    if (!token) {
      topapiWrapped(request, reply, OAPI.tokenBlank.sub, OAPI.tokenBlank.msg);
      return undefined;
    }
    // User tokens cannot call org APIs (P1 notes, P6): they are unknown here, hence 40014.
    const t = ctx.world.lookupAppToken(token);
    const dtApp = t && ctx.world.apps.get(t.clientId);
    if (!dtApp) {
      topapiWrapped(request, reply, OAPI.tokenInvalid.sub, OAPI.tokenInvalid.msg);
      return undefined;
    }
    if (needsMember && !dtApp.grants.qyapiGetMember) {
      topapiWrapped(request, reply, OAPI.noPermission.sub, OAPI.noPermission.msg);
      return undefined;
    }
    return dtApp;
  };
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
    const user = ctx.world.userByUserId(dtApp.corpId, userid);
    if (!user) return oapiError(request, reply, 60121, '找不到该用户');
    return oapiJson(request, reply, { errcode: 0, errmsg: 'ok', result: userDetails(user, avatarUrl(user, ctx.baseUrl(request))) });
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

/** topapi/v2/user/get `result` (ref §5.4 field list, snake_case). */
function userDetails(u: SimUser, avatar: string): Record<string, unknown> {
  return {
    userid: u.userId,
    unionid: u.unionId,
    name: u.name,
    avatar,
    state_code: u.stateCode,
    mobile: u.mobile,
    hide_mobile: false,
    telephone: '',
    job_number: u.jobNumber ?? '',
    title: u.title ?? '',
    ...(u.email ? { email: u.email } : {}),
    ...(u.orgEmail ? { org_email: u.orgEmail } : {}),
    work_place: '',
    remark: '',
    dept_id_list: u.deptIdList,
    dept_order_list: u.deptIdList.map((d, i) => ({ dept_id: d, order: 176322897889314512 + i })),
    active: u.active,
    real_authed: true,
    senior: false,
    admin: false,
    boss: false,
    leader_in_dept: u.deptIdList.map((d) => ({ dept_id: d, leader: false })),
    role_list: [],
    exclusive_account: false,
    union_emp_ext: {},
  };
}
