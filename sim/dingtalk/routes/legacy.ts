// Legacy flow (ref §3.2, §4): oapi /connect/qrconnect and /connect/oauth2/sns_authorize (QR page, then
// with &loginTmpCode= a 302 to redirect_uri?code=<tmp_auth_code>&state=), the legacy DDLogin frame
// login.dingtalk.com/login/qrcode.htm?goto=…, and POST /sns/getuserinfo_bycode (HMAC signature).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkLegacyAuthorize } from '../authorize-params.ts';
import { anyObjectBody, stringField, type SimContext } from '../context.ts';
import { oapiError, oapiJson } from '../errors.ts';
import { errorPage, sendHtml } from '../pages/layout.ts';
import { verifyLegacySignature } from '../signature.ts';
import { appendQuery, queryParam } from '../util.ts';
import { renderHostedLogin } from './qr-session.ts';

/** Timestamp tolerance: none documented for this API (UNCONFIRMED); ±1 h as for the robot webhook. */
export const LEGACY_TIMESTAMP_TOLERANCE_MS = 60 * 60 * 1000;

export function registerLegacyRoutes(app: FastifyInstance, ctx: SimContext): void {
  const invalid = (reply: FastifyReply, errors: string[], compact = false) =>
    sendHtml(reply, 400, errorPage('授权请求无效 · Invalid authorization request', errors, compact));

  const qrPage = async (request: FastifyRequest, reply: FastifyReply, query: unknown, display: 'page' | 'iframe') => {
    const checked = checkLegacyAuthorize(ctx.world, query, ctx.redirectMatch);
    if (!checked.ok) return invalid(reply, checked.errors, display === 'iframe');
    const p = checked.value;
    const session = ctx.world.createSession({
      flow: 'legacy', display, clientId: p.app.clientId, redirectUri: p.redirectUri, state: p.state, scopes: [p.scope],
    });
    return renderHostedLogin(ctx, request, reply, session);
  };

  app.get('/connect/qrconnect', async (request, reply) => qrPage(request, reply, request.query, 'page'));

  app.get('/connect/oauth2/sns_authorize', async (request, reply) => {
    const loginTmpCode = queryParam(request.query, 'loginTmpCode');
    // Without loginTmpCode DingTalk shows its account/password page (snsapi_login) or logs in silently inside
    // the client (snsapi_auth); the simulator shows the QR page for both.
    if (!loginTmpCode) return qrPage(request, reply, request.query, 'page');
    const checked = checkLegacyAuthorize(ctx.world, request.query, ctx.redirectMatch);
    if (!checked.ok) return invalid(reply, checked.errors);
    const p = checked.value;
    const ltc = ctx.world.consumeLoginTmpCode(loginTmpCode, p.app.clientId);
    if (!ltc) return invalid(reply, ['loginTmpCode 无效或已使用 (unknown, used or expired loginTmpCode)']);
    const code = ctx.world.issueTmpAuthCode(p.app.clientId, ltc.unionId);
    return reply.redirect(appendQuery(p.redirectUri, [['code', code.code], ['state', p.state]]), 302);
  });

  // Legacy DDLogin iframe: goto = the whole (encoded) sns_authorize URL (ref §3.2).
  app.get('/login/qrcode.htm', async (request, reply) => {
    const goto = queryParam(request.query, 'goto');
    let gotoUrl: URL | undefined;
    try {
      gotoUrl = goto ? new URL(goto) : undefined;
    } catch {
      gotoUrl = undefined;
    }
    if (!gotoUrl) return invalid(reply, ['缺少或无效的 goto 参数 (missing or invalid goto)'], true);
    return qrPage(request, reply, Object.fromEntries(gotoUrl.searchParams), 'iframe');
  });

  app.post('/sns/getuserinfo_bycode', async (request, reply) => {
    const accessKey = queryParam(request.query, 'accessKey');
    const timestamp = queryParam(request.query, 'timestamp');
    const signature = queryParam(request.query, 'signature');
    if (!accessKey) return oapiError(request, reply, 40035, '缺少参数 accessKey');
    if (!timestamp) return oapiError(request, reply, 40035, '缺少参数 timestamp');
    if (!signature) return oapiError(request, reply, 40035, '缺少参数 signature');
    const dtApp = ctx.world.apps.get(accessKey);
    // Unknown accessKey: code UNCONFIRMED; the gettoken one for a bad appKey is the closest known.
    if (!dtApp) return oapiError(request, reply, 40096, '不合法的appKey或appSecret');
    // Signature/timestamp error codes are UNCONFIRMED (ref §4.2): 853002 stale timestamp, 853001 bad signature.
    const ts = Number(timestamp);
    if (!/^\d{10,16}$/.test(timestamp) || Math.abs(ctx.world.now() - ts) > LEGACY_TIMESTAMP_TOLERANCE_MS) {
      return oapiError(request, reply, 853002, 'timestamp已过期或不合法');
    }
    if (!verifyLegacySignature(dtApp.clientSecret, timestamp, signature)) return oapiError(request, reply, 853001, '签名校验失败');
    const code = stringField(anyObjectBody(request), 'tmp_auth_code');
    if (!code) return oapiError(request, reply, 40035, '缺少参数 tmp_auth_code');
    const c = ctx.world.consumeCode(ctx.world.tmpAuthCodes, code, dtApp.clientId);
    const user = c && ctx.world.users.get(c.unionId);
    if (!user) return oapiError(request, reply, 40078, '不存在的临时授权码');
    return oapiJson(request, reply, {
      errcode: 0,
      errmsg: 'ok',
      user_info: { nick: user.nick, unionid: user.unionId, openid: ctx.world.openIdFor(user, dtApp.clientId), main_org_auth_high_level: true },
    });
  });
}
