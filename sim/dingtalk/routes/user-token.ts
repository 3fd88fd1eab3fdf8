// api.dingtalk.com/v1.0/oauth2/userAccessToken (ref §2.3): authCode or refreshToken → user token.
import type { FastifyInstance } from 'fastify';
import { jsonBody, stringField, type SimContext } from '../context.ts';
import { API_ERRORS, apiError, apiMissingParam, sendJson } from '../errors.ts';

export function registerUserTokenRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.post('/v1.0/oauth2/userAccessToken', async (request, reply) => {
    const body = jsonBody(request);
    if (!body) return apiError(request, reply, API_ERRORS.missingBody);
    const clientId = stringField(body, 'clientId');
    const clientSecret = stringField(body, 'clientSecret');
    if (!clientId) return apiMissingParam(request, reply, 'clientId');
    if (!clientSecret) return apiMissingParam(request, reply, 'clientSecret');
    const dtApp = ctx.world.apps.get(clientId);
    if (!dtApp || dtApp.clientSecret !== clientSecret) return apiError(request, reply, API_ERRORS.invalidClient);

    const grantType = stringField(body, 'grantType');
    if (!grantType) return apiMissingParam(request, reply, 'grantType');
    if (grantType === 'authorization_code') {
      const code = stringField(body, 'code');
      if (!code) return apiMissingParam(request, reply, 'code');
      const c = ctx.world.consumeCode(ctx.world.authCodes, code, clientId);
      if (!c || !ctx.world.users.has(c.unionId)) return apiError(request, reply, API_ERRORS.authCodeNotFound);
      return sendJson(reply, 200, ctx.world.issueUserToken(clientId, c.unionId, c.corpId));
    }
    if (grantType === 'refresh_token') {
      const refreshToken = stringField(body, 'refreshToken');
      if (!refreshToken) return apiMissingParam(request, reply, 'refreshToken');
      const t = ctx.world.refreshUserToken(clientId, refreshToken);
      if (!t) return apiError(request, reply, API_ERRORS.refreshTokenNotFound);
      return sendJson(reply, 200, t);
    }
    // Code and message for an unknown grantType are UNCONFIRMED.
    return apiError(request, reply, { status: 400, code: 'invalidParameter.grantType.invalid', message: 'grantType不合法，仅支持 authorization_code 或 refresh_token' });
  });
}
