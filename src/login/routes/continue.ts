/**
 * GET /login/continue?app=…: a sign-in that started at Portico (./external.ts, with no `return_to`)
 * continues in the application. The application's protocol says where (OpenID Connect: its initiate
 * login URI with `iss`, Core §4), and the application's own sign-in, started there, is answered at once
 * by the SSO session. An application that registered no such address gets a page saying the person is
 * signed in and where to open it; someone not signed in (an expired session, a shared link) signs in first.
 */
import type { FastifyInstance } from 'fastify';
import { html } from '../../pages/html.ts';
import { sendPage } from '../../pages/send.ts';
import { loginPageHref, resolveApplication, type LoginServices } from '../context.ts';
import { CONTINUE_PATH, continuationOf } from '../continuation.ts';
import { DEFAULT_RETURN_TO } from '../return-to.ts';
import { getApplicationRow } from '../../applications/applications.ts';
import { applicationProtocol } from '../../protocols/registry.ts';

export function continueRoutes(app: FastifyInstance, s: LoginServices) {
  app.get<{ Querystring: { app?: string } }>(CONTINUE_PATH, async (request, reply) => {
    const application = await resolveApplication(s, request.query.app);
    const here = continuationOf(application.id);
    if (here === DEFAULT_RETURN_TO) return reply.redirect(here, 303);
    if (!(await s.sessions.read(request))) return reply.redirect(loginPageHref(application.id, here), 303);
    const row = await getApplicationRow(s.ctx.store.db, application.id);
    const next = applicationProtocol(row.protocol).continueUrl(row, s.ctx.config.publicUrl);
    if (next) return reply.redirect(next, 303);
    return sendPage(
      request,
      reply,
      (t) => t('continue.title'),
      (t) => html`<h1 data-page="continue">${t('continue.title')}</h1>
<p class="sub">${t('continue.openApp', { app: application.name })}</p>
<a class="button block" href="${DEFAULT_RETURN_TO}">${t('continue.userCenter')}</a>`,
    );
  });
}
