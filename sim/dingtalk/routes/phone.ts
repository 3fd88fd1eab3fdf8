// The simulated DingTalk app on a phone: GET /sim/phone/{id} is what the QR code encodes. Opening it
// "scans" the code; the forms confirm (as a chosen member of the app's org) or decline.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { anyObjectBody, avatarUrl, stringField, type SimContext } from '../context.ts';
import { sendHtml } from '../pages/layout.ts';
import { phoneMessagePage, phonePage } from '../pages/phone.ts';
import type { ConfirmResult, QrSession } from '../world.ts';

function closedSessionPage(reply: FastifyReply, s: QrSession | undefined): FastifyReply {
  if (!s) return sendHtml(reply, 404, phoneMessagePage('二维码无效 · Unknown QR code', '找不到此登录请求。This login request does not exist.', 'error'));
  if (s.status === 'expired') {
    return sendHtml(reply, 410, phoneMessagePage('二维码已失效 · QR code expired', '请在电脑上刷新二维码后重新扫描。Refresh the QR code on your computer and scan again.', 'error'));
  }
  return sendHtml(reply, 409, phoneMessagePage('二维码已使用 · QR code already used',
    `此登录请求已${s.status === 'confirmed' ? '确认' : '取消'}。This login was already ${s.status}.`, 'error'));
}

export function registerPhoneRoutes(app: FastifyInstance, ctx: SimContext): void {
  const render = (reply: FastifyReply, s: QrSession, base: string, status = 200, error?: string) => {
    const dtApp = ctx.world.apps.get(s.clientId);
    // The first 200 people: enough to pick from, even in a large generated org.
    const users = dtApp ? ctx.world.pickableUsers(dtApp).filter((u) => !s.corpId || u.corpId === s.corpId).slice(0, 200) : [];
    return sendHtml(reply, status, phonePage({
      sessionId: s.id,
      appName: dtApp?.name ?? s.clientId,
      orgName: dtApp ? ctx.world.orgs.get(dtApp.corpId)?.name : undefined,
      users: users.map((u) => ({ unionId: u.unionId, name: u.name, nick: u.nick, userId: u.userId, mobile: u.mobile, avatarUrl: avatarUrl(u, base) })),
      error,
    }));
  };

  app.get<{ Params: { id: string } }>('/sim/phone/:id', async (request, reply) => {
    const s = ctx.world.markScanned(request.params.id);
    if (!s || s.status !== 'scanned') return closedSessionPage(reply, s);
    return render(reply, s, ctx.baseUrl(request));
  });

  app.post<{ Params: { id: string } }>('/sim/phone/:id/confirm', async (request, reply) => {
    const unionId = stringField(anyObjectBody(request), 'unionId');
    const s = ctx.world.getSession(request.params.id);
    if (!s || (s.status !== 'pending' && s.status !== 'scanned')) return closedSessionPage(reply, s);
    if (!unionId) return render(reply, s, ctx.baseUrl(request), 400, '请选择一个用户 · Pick a user.');
    const r: ConfirmResult = ctx.world.confirmSession(s.id, unionId, ctx.baseUrl(request));
    if (!r.ok) return render(reply, s, ctx.baseUrl(request), 400, r.message);
    return sendHtml(reply, 200, phoneMessagePage('已确认登录 · Confirmed', '请返回电脑继续。Confirmed, return to your computer.', 'ok'));
  });

  app.post<{ Params: { id: string } }>('/sim/phone/:id/decline', async (request, reply) => {
    const r = ctx.world.declineSession(request.params.id);
    if (!r.ok) return closedSessionPage(reply, ctx.world.getSession(request.params.id));
    return sendHtml(reply, 200, phoneMessagePage('已取消登录 · Declined', '你已取消此次登录。You declined this login.', 'ok'));
  });
}
