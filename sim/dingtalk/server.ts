// createDingTalkSimulator: one Fastify server answering for login.dingtalk.com, api.dingtalk.com and
// oapi.dingtalk.com at once (their paths never collide), plus a simulated DingTalk client (workbench,
// JSAPI), over its own in-memory world.
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { RedirectMatch, SimContext } from './context.ts';
import { API_ERRORS, apiError, sendJson } from './errors.ts';
import type { SimFixture } from './fixture.ts';
import { validateFixture } from './fixture.ts';
import { registerAppTokenRoutes } from './routes/app-token.ts';
import { registerAssetRoutes } from './routes/assets.ts';
import { registerContactRoutes } from './routes/contact.ts';
import { registerJsapiRoutes } from './routes/jsapi.ts';
import { registerLegacyRoutes } from './routes/legacy.ts';
import { registerOAuth2AuthRoutes } from './routes/oauth2-auth.ts';
import { registerPhoneRoutes } from './routes/phone.ts';
import { registerQrSessionRoutes } from './routes/qr-session.ts';
import { registerTestApiRoutes } from './routes/test-api.ts';
import { registerTopapiRoutes } from './routes/topapi.ts';
import { registerTopapiDirectoryRoutes } from './routes/topapi-directory.ts';
import { registerTestDirectoryRoutes } from './routes/test-directory-api.ts';
import { registerTestEventsRoutes } from './routes/test-events-api.ts';
import { DEFAULT_EVENTS_CONFIG, type EventsConfig } from './events-config.ts';
import { EventHub } from './events.ts';
import { HttpPushSender } from './http-push.ts';
import { StreamServer } from './stream.ts';
import { Throttle } from './throttle.ts';
import { registerUserTokenRoutes } from './routes/user-token.ts';
import { registerWorkbenchRoutes } from './routes/workbench.ts';
import { apiRequestId, isOapiPath, oapiRequestId, sleep } from './util.ts';
import { World } from './world.ts';

export interface DingTalkSimulatorOptions {
  fixture: SimFixture;
  /** Absolute URL browsers and phones use to reach the simulator (QR codes encode it). Defaults to the listen URL. */
  publicUrl?: string;
  /** Life of authCodes / tmp_auth_codes / loginTmpCodes. Default 5 min (UNCONFIRMED for DingTalk). */
  authCodeTtlMs?: number;
  /** Life of user and app access tokens (expireIn). Default 7200 s. */
  tokenTtlSec?: number;
  /** Life of a QR login session. Default 180 s. */
  qrTtlMs?: number;
  /** redirect_uri check: the whole URL (default) or only host:port. */
  redirectMatch?: RedirectMatch;
  logger?: boolean;
  /** Clock for tests (ms since epoch). Default Date.now. */
  now?: () => number;
  /** Event delivery timing (ack timeout, ping interval, push retries…); see events-config.ts for the defaults. */
  events?: Partial<EventsConfig>;
}

export interface DingTalkSimulator {
  app: FastifyInstance;
  state: World;
  /** Starts listening; resolves to the base URL it listens on (e.g. http://127.0.0.1:3001). */
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
  /** The URL put in QR codes and links: publicUrl if given, else the listen URL once listening. */
  readonly url: string | undefined;
}

function trimSlash(u: string): string {
  return u.replace(/\/+$/, '');
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q >= 0 ? url.slice(0, q) : url;
}

export function createDingTalkSimulator(options: DingTalkSimulatorOptions): DingTalkSimulator {
  const fixture = validateFixture(options.fixture);
  const world = new World(fixture, {
    now: options.now ?? Date.now,
    authCodeTtlMs: options.authCodeTtlMs ?? 5 * 60_000,
    tokenTtlSec: options.tokenTtlSec ?? 7200,
    qrTtlMs: options.qrTtlMs ?? 180_000,
    refreshTokenTtlSec: 30 * 24 * 3600,
  });
  const publicUrl = options.publicUrl ? trimSlash(options.publicUrl) : undefined;
  let listenUrl: string | undefined;

  const app = Fastify({
    logger: options.logger ?? false,
    // oapi bodies carry short request_ids ("zcqi5450rpit"), the new API UUID-like ones.
    genReqId: (req) => (isOapiPath(req.url ?? '') ? oapiRequestId() : apiRequestId()),
    // A test double should stop at once: idle keep-alive sockets (e.g. a client's spare connection
    // after a timeout) would otherwise hold close() for the keep-alive timeout.
    forceCloseConnections: true,
  });

  const throttle = new Throttle();
  const events = new EventHub(world);
  const eventsConfig: EventsConfig = { ...DEFAULT_EVENTS_CONFIG, ...options.events };
  const push = new HttpPushSender(events, world, eventsConfig);
  const stream = new StreamServer(world, events, eventsConfig);
  events.transports.http_push = push;
  events.transports.stream = stream;
  world.resetHooks.push(() => {
    throttle.reset();
    events.reset();
    stream.reset();
  });
  const ctx: SimContext = {
    world,
    throttle,
    events,
    eventsConfig,
    push,
    stream,
    redirectMatch: options.redirectMatch ?? 'exact',
    baseUrl: (request: FastifyRequest) => publicUrl ?? listenUrl ?? `${request.protocol}://${request.host}`,
  };

  // Bodies: keep whatever arrives and let each route decide (DingTalk answers "Missingbody" rather than 415).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(null, text); // not an object: routes treat it as a missing/invalid body
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, String(body)));

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-acs-request-id', request.id);
    reply.header('x-acs-trace-id', request.id.toLowerCase().replace(/-/g, '').slice(0, 32));
    reply.header('server', 'DingTalk/1.0.0');
    const path = pathOf(request.url);
    if (path.startsWith('/sim/api/') || path.startsWith('/test/')) return;
    const fault = world.takeFault(path);
    if (!fault) return;
    if (fault.delayMs > 0) await sleep(fault.delayMs);
    if (fault.status === undefined && fault.body === undefined) return; // latency only
    const status = fault.status ?? 200;
    let body = fault.body;
    if (body === undefined) {
      body = isOapiPath(path)
        ? { errcode: -1, errmsg: '系统繁忙', request_id: request.id }
        : { code: 'ServiceUnavailable', requestid: request.id, message: 'simulated fault (DingTalk simulator)' };
    }
    sendJson(reply, status, body);
    return reply;
  });

  app.setNotFoundHandler(async (request, reply) => {
    const path = pathOf(request.url);
    if (path.startsWith('/v1.0/') || path.startsWith('/v2.0/')) return apiError(request, reply, API_ERRORS.notFound);
    if (path.startsWith('/sim/') || path.startsWith('/test/')) return sendJson(reply, 404, { error: 'not_found', message: `no route ${request.method} ${path}` });
    // Other paths on DingTalk's hosts: errcode 404 "请求的URI地址不存在" (P1).
    return sendJson(reply, 404, { errcode: 404, errmsg: '请求的URI地址不存在', request_id: request.id });
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error(error);
    const path = pathOf(request.url);
    if (path.startsWith('/v1.0/')) {
      return status >= 500
        ? apiError(request, reply, API_ERRORS.unknownError)
        : apiError(request, reply, { status, code: 'InvalidParameter', message: error.message });
    }
    return sendJson(reply, status, { error: status >= 500 ? 'internal_error' : 'bad_request', message: error.message });
  });

  registerAssetRoutes(app, ctx);
  registerOAuth2AuthRoutes(app, ctx);
  registerQrSessionRoutes(app, ctx);
  registerPhoneRoutes(app, ctx);
  registerUserTokenRoutes(app, ctx);
  registerContactRoutes(app, ctx);
  registerAppTokenRoutes(app, ctx);
  registerTopapiRoutes(app, ctx);
  registerTopapiDirectoryRoutes(app, ctx);
  registerLegacyRoutes(app, ctx);
  registerWorkbenchRoutes(app, ctx);
  registerJsapiRoutes(app, ctx);
  registerTestApiRoutes(app, ctx);
  registerTestDirectoryRoutes(app, ctx);
  registerTestEventsRoutes(app, ctx);
  stream.registerRoutes(app, ctx);
  // Stream mode's WebSocket shares the port (ref §2.3: the endpoint connections/open returns).
  app.server.on('upgrade', (req, socket, head) => stream.handleUpgrade(req, socket, head));
  // Before the HTTP server closes: upgraded sockets would otherwise hold close() open.
  app.addHook('preClose', async () => {
    push.close();
    stream.close();
  });

  return {
    app,
    state: world,
    get url() {
      return publicUrl ?? listenUrl;
    },
    async listen(port = 0, host = '127.0.0.1') {
      await app.listen({ port, host });
      const addr = app.server.address() as AddressInfo;
      const h = addr.family === 'IPv6' || addr.address.includes(':') ? `[${addr.address}]` : addr.address;
      listenUrl = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : h}:${addr.port}`;
      return listenUrl;
    },
    async close() {
      await app.close();
    },
  };
}
