// QR login sessions as the browser sees them: rendering the hosted page for a new session, and the
// status endpoint the page polls (GET /sim/sessions/{id}).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimContext } from '../context.ts';
import { sendJson } from '../errors.ts';
import { hostedLoginPage } from '../pages/hosted-login.ts';
import { sendHtml } from '../pages/layout.ts';
import { qrPngDataUrl } from '../qr.ts';
import type { QrSession } from '../world.ts';

export async function renderHostedLogin(ctx: SimContext, request: FastifyRequest, reply: FastifyReply,
  session: QrSession): Promise<FastifyReply> {
  const base = ctx.baseUrl(request);
  const app = ctx.world.apps.get(session.clientId);
  const phoneUrl = `${base}/sim/phone/${encodeURIComponent(session.id)}`;
  const html = hostedLoginPage({
    sessionId: session.id,
    flow: session.flow,
    display: session.display,
    appName: app?.name ?? session.clientId,
    orgName: app ? ctx.world.orgs.get(app.corpId)?.name : undefined,
    qrDataUrl: await qrPngDataUrl(phoneUrl, session.display === 'iframe' ? 180 : 220),
    phoneUrl,
    statusUrl: `/sim/sessions/${encodeURIComponent(session.id)}`,
    refreshUrl: request.url,
    expiresInSec: Math.round((session.expiresAt - session.createdAt) / 1000),
  });
  return sendHtml(reply, 200, html);
}

/** The public view of a session (what the hosted page needs). */
export function sessionStatus(s: QrSession): Record<string, unknown> {
  return {
    id: s.id,
    status: s.status,
    flow: s.flow,
    display: s.display,
    expiresAt: new Date(s.expiresAt).toISOString(),
    ...(s.status === 'confirmed' || s.status === 'declined' ? { redirectUrl: s.redirectUrl } : {}),
    ...(s.status === 'confirmed' && s.loginTmpCode ? { loginTmpCode: s.loginTmpCode } : {}),
    ...(s.status === 'declined' ? { error: 'access_denied' } : {}),
  };
}

export function registerQrSessionRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get<{ Params: { id: string } }>('/sim/sessions/:id', async (request, reply) => {
    const s = ctx.world.getSession(request.params.id);
    if (!s) return sendJson(reply, 404, { error: 'not_found', message: 'unknown QR login session' });
    reply.header('cache-control', 'no-store');
    return sendJson(reply, 200, sessionStatus(s));
  });
}
