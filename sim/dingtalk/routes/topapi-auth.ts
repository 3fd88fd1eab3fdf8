// Who is calling a topapi route: the app behind ?access_token=, after DingTalk's throttling and the
// permission the route needs. On refusal the reply is already sent (HTTP 200, errcode) and undefined returned.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SimContext } from '../context.ts';
import { OAPI, noPermission, oapiJson, topapiWrapped } from '../errors.ts';
import type { SimApp } from '../fixture.ts';
import { orgView } from '../org-view.ts';
import { queryParam } from '../util.ts';

/** none: qyapi_base is enough; member: qyapi_get_member (grant); departments / members: the org permissions. */
export type TopapiPermission = 'none' | 'member' | 'departments' | 'members';

const PERMISSION_CODES = {
  member: 'qyapi_get_member',
  departments: 'qyapi_get_department_list',
  members: 'qyapi_get_department_member',
} as const;

function granted(app: SimApp, permission: TopapiPermission): boolean {
  if (permission === 'none') return true;
  if (permission === 'member') return app.grants.qyapiGetMember;
  return orgView(app)[permission];
}

export function topapiCaller(ctx: SimContext, request: FastifyRequest, reply: FastifyReply, permission: TopapiPermission): SimApp | undefined {
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
  const path = request.url.split('?')[0];
  const throttled = ctx.throttle.check(dtApp.clientId, path, ctx.world.now());
  if (throttled) {
    oapiJson(request, reply, { ...throttled });
    return undefined;
  }
  if (permission !== 'none' && !granted(dtApp, permission)) {
    const p = noPermission(PERMISSION_CODES[permission]);
    topapiWrapped(request, reply, p.sub, p.msg);
    return undefined;
  }
  return dtApp;
}
