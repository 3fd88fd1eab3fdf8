/** Fastify composition: logging, validation, errors, security headers, and the route groups. */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import { coercingAjv, strictAjv } from '../validation.ts';
import { fail } from '../errors.ts';
import { sendProblem, toProblem } from '../http/problem.ts';
import { requestId } from '../http/request-id.ts';
import { healthRoutes } from '../http/health.ts';
import { adminApi } from '../admin/api.ts';
import { createLoginServices, loginPlugin } from '../login/plugin.ts';
import { userCenterPlugin } from '../usercenter/routes.ts';
import { renderErrorPage } from '../pages/error-page.ts';
import { pagesPlugin } from '../pages/plugin.ts';
import { consolePlugin } from '../http/console.ts';
import { oidcPlugin } from '../oidc/plugin.ts';
import { casPlugin } from '../cas/routes.ts';
import { samlPlugin } from '../saml/routes.ts';
import type { AppContext } from '../context.ts';
import { installMetrics } from '../metrics/http.ts';
import { securityHeaders } from '../http/security-headers.ts';
import { refuseNul } from '../http/nul-guard.ts';
import { createSyncService, syncPlugin } from '../sync/service.ts';
import { createRetentionJob } from '../audit/retention.ts';


/**
 * A URL the router cannot even read (bad percent-encoding, an overlong path parameter): a 400 like
 * any other bad request, the friendly page for people and problem+json for programs, not Fastify's
 * own JSON. No hook has run yet, so the cookies (the page's language) are read here.
 */
function unroutable(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
  request.cookies = app.parseCookie(request.headers.cookie ?? '');
  const error = fail('request.bad_url', 'The address is not valid.');
  const browserPath = /^\/(login|account)\b/.test(request.url) || /text\/html/.test(request.headers.accept ?? '');
  const forPeople = !request.url.startsWith('/api/') && browserPath;
  if (!forPeople) return sendProblem(reply, toProblem(error, request));
  return renderErrorPage(request, reply, error);
}

/** 1 MiB is far above any admin payload and bounds what a client can make us parse. */
const BODY_LIMIT_BYTES = 1024 * 1024;

export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    logger: {
      level: ctx.config.logLevel,
      // Query strings can carry authorization codes and state: log the path only, never headers.
      serializers: {
        req: (req) => ({ method: req.method, path: req.url.split('?')[0], remoteAddress: req.ip }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
      redact: { paths: ['req.headers', '*.password', '*.appSecret', '*.clientSecret', '*.token'], remove: true },
    },
    genReqId: requestId,
    requestIdHeader: false,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: ctx.config.trustProxy,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: (_error, request, reply) => unroutable(app, request, reply),
  });

  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'querystring' ? coercingAjv : strictAjv).compile(schema));
  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error, request);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      toProblem(fail('route.not_found', `No route ${request.method} ${request.url.split('?')[0]}.`), request),
    ),
  );

  const headers = securityHeaders(ctx.config.publicUrl);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.headers(headers);
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    // Draining: each connection closes after its current answer, so shutdown need not wait for keep-alive.
    if (ctx.lifecycle.draining) reply.header('connection', 'close');
  });

  installMetrics(app, ctx.metrics, ctx.config.metricsToken);
  await app.register(cookie);
  app.addHook('preValidation', refuseNul);
  await app.register(healthRoutes, { lifecycle: ctx.lifecycle });
  const login = createLoginServices(ctx, app.log);
  const sync = createSyncService(ctx, login.sessions, app.log);
  const retention = createRetentionJob({ db: ctx.store.db, policy: ctx.config.retention, everyMs: ctx.config.retention.everyMs, log: app.log });
  app.addHook('onReady', async () => retention.start());
  app.addHook('onClose', async () => retention.stop());
  await app.register(adminApi, { ctx, sessions: login.sessions, sync, prefix: '/api/admin/v1' });
  await app.register(syncPlugin, { ctx, sync });
  await app.register(pagesPlugin);
  await app.register(loginPlugin, { login });
  await app.register(userCenterPlugin, { login });
  await app.register(oidcPlugin, { login });
  await app.register(casPlugin, { login });
  await app.register(samlPlugin, { login });
  await app.register(consolePlugin, {});
  return app;
}
