// DingTalk's two error shapes, and JSON responses with DingTalk's content type.
//   api.dingtalk.com (new):  HTTP 4xx/5xx, {"code": "...", "message": "...", "requestid": "..."}  (ref §2.5)
//   oapi.dingtalk.com (old): HTTP 200,     {"errcode": n, "errmsg": "...", "request_id": "..."} (ref §5.5)
import type { FastifyReply, FastifyRequest } from 'fastify';

export const JSON_CONTENT_TYPE = 'application/json;charset=utf-8';

export function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).header('content-type', JSON_CONTENT_TYPE).send(JSON.stringify(body));
}

/** New-API errors seen on api.dingtalk.com (ref §2.5). */
export const API_ERRORS = {
  missingToken: { status: 400, code: 'AuthenticationFailed.MissingParameter', message: '缺少参数：x-acs-dingtalk-access-token' },
  invalidToken: { status: 400, code: 'InvalidAuthentication', message: '不合法的access_token' },
  invalidClient: { status: 400, code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret' },
  // HTTP status UNCONFIRMED ("4xx, probably 400"; ref §2.5); message text UNCONFIRMED.
  authCodeNotFound: { status: 400, code: 'invalidParameter.authCode.notFound', message: '不存在的临时授权码' },
  // Error for a bad/used/expired refreshToken is UNCONFIRMED (ref §9); modelled on the authCode one.
  refreshTokenNotFound: { status: 400, code: 'invalidParameter.refreshToken.notFound', message: '不存在的refreshToken' },
  // P4: the SDK shows the code as "Missingbody" (that exact casing), message "body is mandatory for this action".
  missingBody: { status: 400, code: 'Missingbody', message: 'body is mandatory for this action' },
  notFound: { status: 404, code: 'InvalidAction.NotFound', message: 'Specified api is not found, please check your url and method.' },
  permissionDenied: { status: 403, code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied', message: '没有调用该接口的权限，接口权限申请参考：https://open.dingtalk.com/document/orgapp-server/add-api-permission' },
  unknownError: { status: 500, code: 'unknownError', message: '未知错误' },
} as const;

export type ApiErrorDef = { status: number; code: string; message: string };

export function apiError(request: FastifyRequest, reply: FastifyReply, def: ApiErrorDef, extra: Record<string, unknown> = {}): FastifyReply {
  return sendJson(reply, def.status, { code: def.code, requestid: request.id, message: def.message, ...extra });
}

/**
 * A required body field is missing. The gateway's pattern for the body is "Missingbody" / "body is mandatory
 * for this action" (P4); the same pattern for a field ("Missing<field>") is UNCONFIRMED but the most likely.
 */
export function apiMissingParam(request: FastifyRequest, reply: FastifyReply, name: string): FastifyReply {
  return apiError(request, reply, { status: 400, code: `Missing${name}`, message: `${name} is mandatory for this action` });
}

/** Legacy success or plain error: always HTTP 200 (P1). */
export function oapiJson(request: FastifyRequest, reply: FastifyReply, body: Record<string, unknown>): FastifyReply {
  return sendJson(reply, 200, { ...body, request_id: request.id });
}

export function oapiError(request: FastifyRequest, reply: FastifyReply, errcode: number, errmsg: string): FastifyReply {
  return oapiJson(request, reply, { errcode, errmsg });
}

/** topapi wraps auth and permission failures in errcode 88 with a sub_code (P1 probe, W4). */
export function topapiWrapped(request: FastifyRequest, reply: FastifyReply, subCode: string, subMsg: string): FastifyReply {
  return oapiJson(request, reply, {
    errcode: 88,
    sub_code: subCode,
    sub_msg: subMsg,
    errmsg: `ding talk error[subcode=${subCode},submsg=${subMsg}]`,
  });
}

/** Legacy (oapi) error codes used by the simulator (ref §5.5, §4.2). */
export const OAPI = {
  tokenBlank: { sub: '40000', msg: 'access_token is blank' },
  tokenInvalid: { sub: '40014', msg: '不合法的access_token' },
} as const;

/** 88/60011 names the missing permission (qyapi_get_member, qyapi_get_department_list, …); the sub_msg wording is UNCONFIRMED. */
export function noPermission(permissionCode: string): { sub: string; msg: string } {
  return { sub: '60011', msg: `应用尚未开通所需的权限：[${permissionCode}]` };
}
