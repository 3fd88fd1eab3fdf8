// App (corp) access tokens: new POST /v1.0/oauth2/accessToken (ref §5.1), the unified
// POST /v1.0/oauth2/{corpId}/token, and legacy GET /gettoken (ref §5.2). One token per app, shared
// by both families (Casdoor uses the new token on oapi; UNCONFIRMED in the docs).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { jsonBody, stringField, type SimContext } from '../context.ts';
import { API_ERRORS, apiError, apiMissingParam, oapiError, oapiJson, sendJson } from '../errors.ts';
import { queryParam } from '../util.ts';

export function registerAppTokenRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.post('/v1.0/oauth2/accessToken', async (request, reply) => {
    const body = jsonBody(request);
    if (!body) return apiError(request, reply, API_ERRORS.missingBody);
    const appKey = stringField(body, 'appKey');
    const appSecret = stringField(body, 'appSecret');
    if (!appKey) return apiMissingParam(request, reply, 'appKey');
    if (!appSecret) return apiMissingParam(request, reply, 'appSecret');
    const dtApp = ctx.world.apps.get(appKey);
    if (!dtApp || dtApp.clientSecret !== appSecret) return apiError(request, reply, API_ERRORS.invalidClient);
    return sendJson(reply, 200, ctx.world.issueAppToken(dtApp.clientId));
  });

  app.post<{ Params: { corpId: string } }>('/v1.0/oauth2/:corpId/token', async (request, reply) => {
    const body = jsonBody(request);
    if (!body) return apiError(request, reply, API_ERRORS.missingBody);
    const clientId = stringField(body, 'client_id');
    const clientSecret = stringField(body, 'client_secret');
    if (!clientId) return apiMissingParam(request, reply, 'client_id');
    if (!clientSecret) return apiMissingParam(request, reply, 'client_secret');
    if (stringField(body, 'grant_type') !== 'client_credentials') return apiMissingParam(request, reply, 'grant_type');
    // A fake corpId gave 500 unknownError in the probe (P1).
    if (!ctx.world.orgs.has(request.params.corpId)) return apiError(request, reply, API_ERRORS.unknownError);
    const dtApp = ctx.world.apps.get(clientId);
    if (!dtApp || dtApp.clientSecret !== clientSecret || dtApp.corpId !== request.params.corpId) {
      return apiError(request, reply, API_ERRORS.invalidClient);
    }
    const t = ctx.world.issueAppToken(dtApp.clientId);
    return sendJson(reply, 200, { access_token: t.accessToken, expires_in: t.expireIn });
  });

  // Parameters go in the query string only; a form body (curl -d) gets 40035 (P1 probe).
  const gettoken = async (request: FastifyRequest, reply: FastifyReply) => {
    const appkey = queryParam(request.query, 'appkey');
    const appsecret = queryParam(request.query, 'appsecret');
    if (!appkey || !appsecret) return oapiError(request, reply, 40035, '缺少参数 corpid or appkey');
    const dtApp = ctx.world.apps.get(appkey);
    if (!dtApp || dtApp.clientSecret !== appsecret) return oapiError(request, reply, 40096, '不合法的appKey或appSecret');
    const t = ctx.world.issueAppToken(dtApp.clientId);
    return oapiJson(request, reply, { errcode: 0, access_token: t.accessToken, errmsg: 'ok', expires_in: t.expireIn });
  };
  app.get('/gettoken', gettoken);
  app.post('/gettoken', gettoken);
}
