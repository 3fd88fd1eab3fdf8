// Org lookups with the app token (ref §5.3, §5.4): unionId → userid → employee record.
import { withAppToken, type AppTokenProvider } from './app-token.ts';
import type { ConnectorContext } from './context.ts';
import { optBoolean, optNumber, reqObject, reqString, requireNonEmpty, type JsonObject } from './guards.ts';
import { callDingTalk } from './http.ts';
import { assignIfPresent } from './profile.ts';
import type { OrgUser, UnionIdLookup } from './types.ts';

export async function getUserIdByUnionId(ctx: ConnectorContext, tokens: AppTokenProvider, unionId: string): Promise<UnionIdLookup> {
  requireNonEmpty({ unionId });
  // No /v2/ in this path (ref §5.3, P6).
  const body = await withAppToken(tokens, (token) => topapi(ctx, token, '/topapi/user/getbyunionid', { unionid: unionId }));
  const result = reqObject(body, 'result', 'getbyunionid');
  return {
    userId: reqString(result, 'userid', 'getbyunionid'),
    contactType: optNumber(result.contact_type) ?? 0, // may be a numeric string (ref §5.3)
  };
}

export async function getOrgUser(ctx: ConnectorContext, tokens: AppTokenProvider, userId: string): Promise<OrgUser> {
  requireNonEmpty({ userId });
  const body = await withAppToken(tokens, (token) =>
    topapi(ctx, token, '/topapi/v2/user/get', { userid: userId, language: 'zh_CN' }),
  );
  return toOrgUser(reqObject(body, 'result', 'v2/user/get'), 'v2/user/get');
}

/** v2/user/get's result or one v2/user/list item. Conditional fields depend on granted permissions (ref §1.5, §5.4): absent or empty → undefined. */
export function toOrgUser(r: JsonObject, where: string): OrgUser {
  const user: OrgUser = {
    userId: reqString(r, 'userid', where),
    unionId: reqString(r, 'unionid', where),
    name: reqString(r, 'name', where),
    deptIdList: Array.isArray(r.dept_id_list) ? r.dept_id_list.map(optNumber).filter((n): n is number => n !== undefined) : [],
  };
  assignIfPresent(user, 'avatar', r.avatar);
  assignIfPresent(user, 'mobile', r.mobile);
  assignIfPresent(user, 'stateCode', r.state_code);
  assignIfPresent(user, 'email', r.email);
  assignIfPresent(user, 'orgEmail', r.org_email);
  assignIfPresent(user, 'jobNumber', r.job_number);
  assignIfPresent(user, 'title', r.title);
  const active = optBoolean(r.active);
  if (active !== undefined) user.active = active;
  const leader = optBoolean(r.leader);
  if (leader !== undefined) user.leader = leader;
  const deptOrder = optNumber(r.dept_order);
  if (deptOrder !== undefined) user.deptOrder = deptOrder;
  return user;
}

/** An oapi topapi call with the app token in the query. Directory calls pass retryOnce false: they back off instead (backoff.ts). */
export function topapi(ctx: ConnectorContext, token: string, path: string, json: JsonObject, retryOnce = true): Promise<JsonObject> {
  return callDingTalk(ctx.http, {
    method: 'POST', // doc method (ref §1.1, §5.4); these are reads, so one retry on busy/5xx is safe
    base: ctx.endpoints.oapi,
    path,
    query: [['access_token', token]], // oapi takes the token in the query only (ref §1)
    json,
    family: 'legacy',
    retryOnce,
    sensitive: [token],
  });
}
