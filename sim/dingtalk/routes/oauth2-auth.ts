// login.dingtalk.com/oauth2/auth (and JustAuth's alias /oauth2/challenge.htm): the new flow's authorize
// endpoint (ref §2.1). Valid → a QR session and the hosted page; invalid → an HTML error page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkOAuth2Authorize } from '../authorize-params.ts';
import type { SimContext } from '../context.ts';
import { errorPage, sendHtml } from '../pages/layout.ts';
import { queryParam } from '../util.ts';
import { renderHostedLogin } from './qr-session.ts';

export function registerOAuth2AuthRoutes(app: FastifyInstance, ctx: SimContext): void {
  const authorize = async (request: FastifyRequest, reply: FastifyReply) => {
    const checked = checkOAuth2Authorize(ctx.world, request.query, ctx.redirectMatch);
    if (!checked.ok) {
      const compact = queryParam(request.query, 'iframe') === 'true';
      return sendHtml(reply, 400, errorPage('授权请求无效 · Invalid authorization request', checked.errors, compact));
    }
    const p = checked.value;
    const session = ctx.world.createSession({
      flow: 'oauth2',
      display: p.iframe ? 'iframe' : 'page',
      clientId: p.app.clientId,
      redirectUri: p.redirectUri,
      state: p.state,
      scopes: p.scopes,
      corpId: p.corpId,
    });
    return renderHostedLogin(ctx, request, reply, session);
  };
  app.get('/oauth2/auth', authorize);
  app.get('/oauth2/challenge.htm', authorize);
}
