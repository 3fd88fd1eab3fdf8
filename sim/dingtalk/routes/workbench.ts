// The simulated DingTalk client's workbench (工作台): who is signed in to the client, and the organisation's
// micro-apps, each opening its 应用首页地址 (mobile) or PC端首页地址 (PC client) (ref §3.4).
import type { FastifyInstance } from 'fastify';
import { clientCookie, IN_DINGTALK_UA, isPcClient, signedInUser } from '../client-session.ts';
import { anyObjectBody, stringField, type SimContext } from '../context.ts';
import { sendHtml } from '../pages/layout.ts';
import { workbenchPage } from '../pages/workbench.ts';

export function registerWorkbenchRoutes(app: FastifyInstance, ctx: SimContext): void {
  const w = ctx.world;

  app.get('/workbench', async (request, reply) => {
    const ua = request.headers['user-agent'];
    const me = signedInUser(w, request);
    const pc = isPcClient(ua);
    const orgName = (corpId: string) => w.orgs.get(corpId)?.name ?? corpId;
    return sendHtml(reply, 200, workbenchPage({
      people: [...w.users.values()].filter((u) => u.active).map((u) => ({ unionId: u.unionId, label: `${u.name} · ${orgName(u.corpId)}` })),
      me: me && { unionId: me.unionId, name: me.name, orgName: orgName(me.corpId) },
      apps: me ? w.workbenchAppsOf(me.corpId).map((a) => ({ name: a.name, href: pc ? a.pcHomepage ?? a.homepage : a.homepage })) : [],
      inDingTalk: IN_DINGTALK_UA.test(ua ?? ''),
    }));
  });

  app.post('/workbench/sign-in', async (request, reply) => {
    const unionId = stringField(anyObjectBody(request), 'unionId');
    const user = unionId === undefined ? undefined : w.users.get(unionId);
    // An unknown or inactive person cannot sign in to DingTalk: the page stays signed out.
    reply.header('set-cookie', clientCookie(user?.active ? user.unionId : undefined));
    return reply.redirect('/workbench', 303);
  });

  app.post('/workbench/sign-out', async (_request, reply) => {
    reply.header('set-cookie', clientCookie(undefined));
    return reply.redirect('/workbench', 303);
  });
}
