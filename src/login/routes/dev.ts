/** Demo mode only: the codes the console SMS sender "sent", for a developer without a phone gateway. */
import type { FastifyInstance } from 'fastify';
import type { LoginServices } from '../context.ts';
import { sendPage } from '../../pages/send.ts';
import { html } from '../../pages/html.ts';

export function devRoutes(app: FastifyInstance, s: LoginServices) {
  app.get('/dev/sms', async (request, reply) => {
    const entries = await s.outbox!.recent(20);
    return sendPage(
      request,
      reply,
      () => 'SMS outbox (development)',
      () => html`<h1>SMS outbox</h1><p class="sub">Development only: codes sent by the console SMS sender in the last 10 minutes.</p>
<ul class="list">${entries.map((e) => html`<li><div class="grow"><strong>${e.phone}</strong> · ${e.purpose}<div class="muted">${e.sentAt}</div></div><code data-code>${e.code}</code></li>`)}</ul>`,
    );
  });
}
