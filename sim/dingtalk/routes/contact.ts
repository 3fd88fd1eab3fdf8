// api.dingtalk.com/v1.0/contact/users/{me|unionId} (ref §2.4): the authorizing user's profile.
import type { FastifyInstance } from 'fastify';
import { avatarUrl, type SimContext } from '../context.ts';
import { API_ERRORS, apiError, sendJson } from '../errors.ts';

export function registerContactRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get<{ Params: { unionId: string } }>('/v1.0/contact/users/:unionId', async (request, reply) => {
    // Header only: a query-string token or Authorization: Bearer counts as missing (P1 probe).
    const header = request.headers['x-acs-dingtalk-access-token'];
    const token = typeof header === 'string' ? header.trim() : '';
    if (!token) return apiError(request, reply, API_ERRORS.missingToken);
    // Only user tokens work here; an app token is treated as invalid (UNCONFIRMED what DingTalk answers).
    const t = ctx.world.lookupUserToken(token);
    const dtApp = t && ctx.world.apps.get(t.clientId);
    const user = t && ctx.world.users.get(t.unionId);
    if (!t || !dtApp || !user) return apiError(request, reply, API_ERRORS.invalidToken);
    if (!dtApp.grants.contactUserRead) {
      return apiError(request, reply, API_ERRORS.permissionDenied, { accessdenieddetail: { requiredScopes: ['Contact.User.Read'] } });
    }
    // "me" is the authorizing user; a user token reading someone else is refused (UNCONFIRMED: code reused from the scope error).
    const target = request.params.unionId;
    if (target !== 'me' && target !== user.unionId) {
      return apiError(request, reply, API_ERRORS.permissionDenied, { accessdenieddetail: { requiredScopes: ['Contact.User.Read'] } });
    }
    const body: Record<string, unknown> = {
      nick: user.nick,
      avatarUrl: avatarUrl(user, ctx.baseUrl(request)),
      ...(dtApp.grants.contactUserMobile ? { mobile: user.mobile } : {}),
      openId: ctx.world.openIdFor(user, dtApp.clientId),
      unionId: user.unionId,
      // Returned only when the user configured one (D12); omitted otherwise.
      ...(user.email ? { email: user.email } : {}),
      ...(dtApp.grants.contactUserMobile ? { stateCode: user.stateCode } : {}),
    };
    return sendJson(reply, 200, body);
  });
}
