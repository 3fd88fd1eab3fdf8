/** The browser-facing side: login pages, DingTalk QR login and binding, the User Center, static assets. */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import type { AppContext } from '../http/app.ts';
import { sendProblem, toProblem } from '../http/problem.ts';
import { PorticoError } from '../errors.ts';
import { createSmsSender } from '../sms/index.ts';
import { meteredSmsSender } from '../metrics/sms.ts';
import { createOtpService } from '../otp/codes.ts';
import { createSessions } from './session.ts';
import { createTransactions } from './transactions.ts';
import { createPendingBindings } from './pending.ts';
import { sharedOutbox } from './outbox.ts';
import type { LoginServices } from './context.ts';
import { renderLoginError } from './errors-page.ts';
import { pageRoutes } from './routes/page.ts';
import { passwordRoutes } from './routes/password.ts';
import { smsRoutes } from './routes/sms.ts';
import { dingtalkRoutes } from './routes/dingtalk.ts';
import { bindRoutes } from './routes/bind.ts';
import { devRoutes } from './routes/dev.ts';
import { userCenterRoutes } from '../usercenter/routes.ts';
import { USER_CENTER_CLIENT_ID } from '../store/migrations/001_initial.ts';

const ASSETS: Record<string, string> = {
  'portico.css': 'text/css; charset=utf-8',
  'dingtalk-frame.js': 'text/javascript; charset=utf-8',
  'countdown.js': 'text/javascript; charset=utf-8',
};

/** Login pages are never framed by others (RFC 9700 §4.16: clickjacking) and load nothing but Portico's own scripts. */
export const LOGIN_PAGE_CSP = "default-src 'self'; img-src * data:; frame-ancestors 'none'";

function createLoginServices(ctx: AppContext, logger: FastifyInstance['log']): LoginServices {
  const secureCookies = ctx.config.publicUrl.startsWith('https://');
  const outbox = ctx.config.sms.kind === 'console' ? sharedOutbox(ctx.shortLived) : undefined;
  const sender = meteredSmsSender(createSmsSender(ctx.config.sms, { logger, outbox }), ctx.metrics);
  return {
    ctx,
    sessions: createSessions(ctx.shortLived, secureCookies),
    transactions: createTransactions(ctx.shortLived, secureCookies),
    pending: createPendingBindings(ctx.shortLived, secureCookies),
    otp: createOtpService({ shortLived: ctx.shortLived, sender }),
    outbox,
    secureCookies,
  };
}

export async function loginPlugin(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const s = createLoginServices(ctx, app.log);
  // Browsers post forms: other bodies (JSON, text) are refused with 415 before any field is read.
  app.removeAllContentTypeParsers();
  await app.register(formbody, { bodyLimit: 16 * 1024 });

  const assets = Object.fromEntries(Object.keys(ASSETS).map((name) => [name, readFileSync(new URL(`./assets/${name}`, import.meta.url))]));
  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const body = assets[request.params.name];
    if (!body) throw new PorticoError('not_found', 'route.not_found', 'No such asset.');
    return reply.type(ASSETS[request.params.name]).header('cache-control', 'public, max-age=3600').send(body);
  });

  app.addHook('onSend', async (request, reply) => {
    if (!reply.hasHeader('content-security-policy') && String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('content-security-policy', LOGIN_PAGE_CSP);
    }
  });

  app.setErrorHandler((error, request, reply) => {
    if (request.url.startsWith('/api/')) return sendProblem(reply, toProblem(error, request));
    if (error instanceof PorticoError && error.code === 'session.required') return reply.redirect(`/login?app=${USER_CENTER_CLIENT_ID}`, 303);
    return renderLoginError(request, reply, error);
  });

  pageRoutes(app, s);
  passwordRoutes(app, s);
  smsRoutes(app, s);
  dingtalkRoutes(app, s);
  bindRoutes(app, s);
  userCenterRoutes(app, s);
  if (s.outbox && ctx.config.demo) devRoutes(app, s);
  app.get('/', async (_request, reply) => reply.redirect('/account', 302));
}
