// The simulator's own JSON API under /sim/api/ (and /test/ for the DingTalk client) for tests and demos: inspect and change the world,
// drive QR sessions without a browser, skip the QR page, inject faults, move the clock, reset.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkLegacyAuthorize, checkOAuth2Authorize } from '../authorize-params.ts';
import { jsonBody, type SimContext } from '../context.ts';
import { sendJson } from '../errors.ts';
import { appendQuery } from '../util.ts';
import type { Mutation } from '../world.ts';
import { sessionStatus } from './qr-session.ts';

export function bad(reply: FastifyReply, errors: string[], status = 400): FastifyReply {
  return sendJson(reply, status, { error: status === 404 ? 'not_found' : status === 409 ? 'conflict' : 'invalid_request', message: errors.join('; '), errors });
}

export function requireBody(request: FastifyRequest, reply: FastifyReply): Record<string, unknown> | undefined {
  const body = jsonBody(request);
  if (!body) bad(reply, ['the body must be a JSON object (Content-Type: application/json)']);
  return body;
}

export function reply201<T>(reply: FastifyReply, m: Mutation<T>, status = 201): FastifyReply {
  return m.ok ? sendJson(reply, status, m.value) : bad(reply, m.errors, m.status);
}

export function optString(body: Record<string, unknown>, key: string, errors: string[]): string | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v === '') {
    errors.push(`${key} must be a non-empty string`);
    return undefined;
  }
  return v;
}

export function reqString(body: Record<string, unknown>, key: string, errors: string[]): string | undefined {
  if (body[key] === undefined) {
    errors.push(`${key} is required`);
    return undefined;
  }
  return optString(body, key, errors);
}

export function optInt(body: Record<string, unknown>, key: string, min: number, max: number, errors: string[]): number | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (!Number.isInteger(v) || (v as number) < min || (v as number) > max) {
    errors.push(`${key} must be an integer between ${min} and ${max}`);
    return undefined;
  }
  return v as number;
}

/** An absolute http(s) URL (a homepage the client opens), else an error. */
function httpUrl(value: string | undefined, key: string, errors: string[]): string | undefined {
  if (value === undefined) return undefined;
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    errors.push(`${key} must be an absolute http(s) URL`);
    return undefined;
  }
  return value;
}

export function registerTestApiRoutes(app: FastifyInstance, ctx: SimContext): void {
  const w = ctx.world;

  app.get('/sim/api/world', async (_request, reply) => sendJson(reply, 200, w.snapshot()));

  app.post('/sim/api/orgs', async (request, reply) => {
    const body = requireBody(request, reply);
    return body ? reply201(reply, w.addOrg(body)) : reply;
  });
  app.post('/sim/api/users', async (request, reply) => {
    const body = requireBody(request, reply);
    return body ? reply201(reply, w.addUser(body)) : reply;
  });
  app.patch<{ Params: { unionId: string } }>('/sim/api/users/:unionId', async (request, reply) => {
    const body = requireBody(request, reply);
    return body ? reply201(reply, w.updateUser(request.params.unionId, body), 200) : reply;
  });
  app.post('/sim/api/apps', async (request, reply) => {
    const body = requireBody(request, reply);
    return body ? reply201(reply, w.addApp(body)) : reply;
  });
  app.patch<{ Params: { clientId: string } }>('/sim/api/apps/:clientId', async (request, reply) => {
    const body = requireBody(request, reply);
    return body ? reply201(reply, w.updateApp(request.params.clientId, body), 200) : reply;
  });

  // ---- QR sessions --------------------------------------------------------------------------
  app.get<{ Params: { id: string } }>('/sim/api/sessions/:id', async (request, reply) => {
    const s = w.getSession(request.params.id);
    return s ? sendJson(reply, 200, { ...s, ...sessionStatus(s) }) : bad(reply, ['unknown session'], 404);
  });
  app.post<{ Params: { id: string } }>('/sim/api/sessions/:id/scan', async (request, reply) => {
    const s = w.markScanned(request.params.id);
    if (!s) return bad(reply, ['unknown session'], 404);
    return s.status === 'scanned' ? sendJson(reply, 200, sessionStatus(s)) : bad(reply, [`session is ${s.status}`], 409);
  });
  app.post<{ Params: { id: string } }>('/sim/api/sessions/:id/confirm', async (request, reply) => {
    const body = requireBody(request, reply);
    if (!body) return reply;
    const errors: string[] = [];
    const unionId = reqString(body, 'unionId', errors);
    if (!unionId) return bad(reply, errors);
    const r = w.confirmSession(request.params.id, unionId, ctx.baseUrl(request));
    if (!r.ok) return bad(reply, [r.message], r.reason === 'not_found' ? 404 : r.reason === 'expired' || r.reason === 'finished' ? 409 : 400);
    return sendJson(reply, 200, { ...sessionStatus(r.session), code: r.session.code });
  });
  app.post<{ Params: { id: string } }>('/sim/api/sessions/:id/decline', async (request, reply) => {
    const r = w.declineSession(request.params.id);
    if (!r.ok) return bad(reply, [r.message], r.reason === 'not_found' ? 404 : 409);
    return sendJson(reply, 200, sessionStatus(r.session));
  });

  // ---- shortcuts: codes without the QR page --------------------------------------------------
  app.post('/sim/api/authorize', async (request, reply) => {
    const body = requireBody(request, reply);
    if (!body) return reply;
    const errors: string[] = [];
    const clientId = reqString(body, 'clientId', errors);
    const redirectUri = reqString(body, 'redirectUri', errors);
    const unionId = reqString(body, 'unionId', errors);
    const state = optString(body, 'state', errors);
    const flow = optString(body, 'flow', errors) ?? 'oauth2';
    if (flow !== 'oauth2' && flow !== 'legacy') errors.push('flow must be "oauth2" or "legacy"');
    const scope = optString(body, 'scope', errors) ?? (flow === 'legacy' ? 'snsapi_login' : 'openid');
    if (errors.length || !clientId || !redirectUri || !unionId) return bad(reply, errors);
    const base = ctx.baseUrl(request);
    if (flow === 'legacy') {
      const checked = checkLegacyAuthorize(w, { appid: clientId, redirect_uri: redirectUri, response_type: 'code', scope, state }, ctx.redirectMatch);
      if (!checked.ok) return bad(reply, checked.errors);
      const session = w.createSession({ flow: 'legacy', display: 'page', clientId, redirectUri, state, scopes: [checked.value.scope] });
      const r = w.confirmSession(session.id, unionId, base);
      if (!r.ok) return bad(reply, [r.message]);
      const ltc = w.consumeLoginTmpCode(r.session.loginTmpCode ?? '', clientId);
      if (!ltc) return bad(reply, ['internal: loginTmpCode vanished'], 500);
      const code = w.issueTmpAuthCode(clientId, unionId);
      const redirectUrl = appendQuery(redirectUri, [['code', code.code], ['state', state]]);
      return sendJson(reply, 200, { code: code.code, redirectUrl, sessionId: session.id });
    }
    const checked = checkOAuth2Authorize(w, { client_id: clientId, redirect_uri: redirectUri, response_type: 'code', scope, state }, ctx.redirectMatch);
    if (!checked.ok) return bad(reply, checked.errors);
    const session = w.createSession({ flow: 'oauth2', display: 'page', clientId, redirectUri, state, scopes: checked.value.scopes });
    const r = w.confirmSession(session.id, unionId, base);
    if (!r.ok) return bad(reply, [r.message]);
    return sendJson(reply, 200, { code: r.session.code, redirectUrl: r.session.redirectUrl, sessionId: session.id });
  });

  // ---- the DingTalk client (workbench, JSAPI): under /test/, the paths Portico's tests and demo mode use --------
  app.post('/test/inapp-codes', async (request, reply) => {
    const body = requireBody(request, reply);
    if (!body) return reply;
    const errors: string[] = [];
    const userid = reqString(body, 'userid', errors);
    const corpId = optString(body, 'corpId', errors) ?? w.defaultCorpId();
    if (!userid) return bad(reply, errors);
    const user = w.userByUserId(corpId, userid);
    if (!user) return bad(reply, [`no user ${userid} in organisation ${corpId}`]);
    if (!user.active) return bad(reply, [`user ${userid} is not active`]);
    return sendJson(reply, 200, { code: w.issueInAppCode(corpId, user.unionId).code });
  });

  app.post('/test/workbench/apps', async (request, reply) => {
    const body = requireBody(request, reply);
    if (!body) return reply;
    const errors: string[] = [];
    const corpId = optString(body, 'corpId', errors) ?? w.defaultCorpId();
    const name = reqString(body, 'name', errors);
    const homepage = httpUrl(reqString(body, 'homepage', errors), 'homepage', errors);
    const pcHomepage = httpUrl(optString(body, 'pcHomepage', errors), 'pcHomepage', errors);
    if (!w.orgs.has(corpId)) errors.push(`unknown organisation ${corpId}`);
    for (const k of Object.keys(body)) {
      if (!['corpId', 'name', 'homepage', 'pcHomepage'].includes(k)) errors.push(`${k} is not a known field`);
    }
    if (errors.length || !name || !homepage) return bad(reply, errors);
    const added = w.addWorkbenchApp({ corpId, name, homepage, ...(pcHomepage ? { pcHomepage } : {}) });
    return sendJson(reply, 201, { id: added.id });
  });
  app.get('/test/workbench/apps', async (_request, reply) => sendJson(reply, 200, [...w.workbenchApps.values()]));
  app.delete<{ Params: { id: string } }>('/test/workbench/apps/:id', async (request, reply) => {
    if (!w.workbenchApps.delete(request.params.id)) return bad(reply, [`unknown workbench app ${request.params.id}`], 404);
    return sendJson(reply, 200, { ok: true });
  });

  // ---- faults, clock, reset ------------------------------------------------------------------
  app.post('/sim/api/faults', async (request, reply) => {
    const body = requireBody(request, reply);
    if (!body) return reply;
    const errors: string[] = [];
    const pathPrefix = reqString(body, 'pathPrefix', errors);
    if (pathPrefix && !pathPrefix.startsWith('/')) errors.push('pathPrefix must start with "/"');
    if (pathPrefix && (pathPrefix.startsWith('/sim/api') || pathPrefix.startsWith('/test/'))) errors.push('pathPrefix must not target the test API');
    const status = optInt(body, 'status', 100, 599, errors);
    const delayMs = optInt(body, 'delayMs', 0, 60_000, errors) ?? 0;
    const times = optInt(body, 'times', 1, 100_000, errors) ?? 1;
    if (status === undefined && body.body === undefined && delayMs === 0) errors.push('give at least one of status, body, delayMs');
    for (const k of Object.keys(body)) {
      if (!['pathPrefix', 'status', 'body', 'delayMs', 'times'].includes(k)) errors.push(`${k} is not a known field`);
    }
    if (errors.length || !pathPrefix) return bad(reply, errors);
    const fault = w.addFault({ pathPrefix, status, body: body.body, delayMs, remaining: times });
    return sendJson(reply, 201, fault);
  });
  app.get('/sim/api/faults', async (_request, reply) => sendJson(reply, 200, w.faults));
  app.delete('/sim/api/faults', async (_request, reply) => {
    w.faults = [];
    return sendJson(reply, 200, { ok: true });
  });

  app.post('/sim/api/clock', async (request, reply) => {
    const body = requireBody(request, reply);
    if (!body) return reply;
    const errors: string[] = [];
    const advanceMs = optInt(body, 'advanceMs', 0, 400 * 24 * 3600 * 1000, errors);
    if (advanceMs === undefined && !errors.length) errors.push('advanceMs is required');
    if (errors.length || advanceMs === undefined) return bad(reply, errors);
    w.clockOffsetMs += advanceMs;
    return sendJson(reply, 200, { now: new Date(w.now()).toISOString(), offsetMs: w.clockOffsetMs });
  });

  app.post('/sim/api/reset', async (_request, reply) => {
    w.reset();
    return sendJson(reply, 200, { ok: true });
  });
}
