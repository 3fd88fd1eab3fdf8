// Test API for contact events (/test/, JSON): an app's event subscription (HTTP push, saved only after a
// correct check_url reply, or Stream), its event log, chaos (drop, duplicate, reorder), delivery timing,
// and the Stream connections (list, disconnect).
import type { FastifyInstance } from 'fastify';
import { isAesKey } from '../callback-crypto.ts';
import type { SimContext } from '../context.ts';
import { sendJson } from '../errors.ts';
import type { EventsConfig } from '../events-config.ts';
import type { EventStatus, Subscription } from '../events.ts';
import { bad, optInt, optString, reqString, requireBody } from './test-api.ts';

const STATUSES: readonly EventStatus[] = ['dropped', 'held', 'pending', 'acked', 'parked'];
const CONFIG_KEYS = ['checkUrlTimeoutMs', 'pushTimeoutMs', 'streamAckTimeoutMs', 'streamPingIntervalMs', 'streamMaxMissedPings',
  'streamDisconnectDelayMs', 'streamTicketTtlMs'] as const;

export function registerTestEventsRoutes(app: FastifyInstance, ctx: SimContext): void {
  const hub = ctx.events;

  app.put<{ Params: { clientId: string } }>('/test/apps/:clientId/events', async (request, reply) => {
    const body = requireBody(request, reply);
    if (!body) return reply;
    const clientId = request.params.clientId;
    if (!ctx.world.apps.has(clientId)) return bad(reply, [`unknown app ${clientId}`], 404);
    const errors: string[] = [];
    const transport = reqString(body, 'transport', errors);
    let sub: Subscription | undefined;
    if (transport === 'stream') {
      for (const k of Object.keys(body)) if (k !== 'transport') errors.push(`${k} is not a known field for Stream`);
      sub = { transport: 'stream' };
    } else if (transport === 'http_push') {
      const url = reqString(body, 'url', errors);
      const token = reqString(body, 'token', errors);
      const aesKey = reqString(body, 'aesKey', errors);
      if (url && (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))) errors.push('url must be an absolute http(s) URL');
      if (aesKey && !isAesKey(aesKey)) errors.push('aesKey must be 43 characters from [a-zA-Z0-9]');
      for (const k of Object.keys(body)) if (!['transport', 'url', 'token', 'aesKey'].includes(k)) errors.push(`${k} is not a known field`);
      if (url && token && aesKey) sub = { transport: 'http_push', url, token, aesKey };
    } else if (transport) errors.push('transport must be "http_push" or "stream"');
    if (errors.length || !sub) return bad(reply, errors);
    if (sub.transport === 'http_push') {
      // Like the console: the URL is saved only when it answers check_url correctly within 1500 ms.
      const problem = await ctx.push.checkUrl(sub, clientId);
      if (problem) return bad(reply, [`check_url failed: ${problem}`]);
    }
    hub.subscriptions.set(clientId, sub);
    return sendJson(reply, 200, sub);
  });
  app.delete<{ Params: { clientId: string } }>('/test/apps/:clientId/events', async (request, reply) => {
    if (!hub.subscriptions.delete(request.params.clientId)) return bad(reply, [`app ${request.params.clientId} has no event subscription`], 404);
    return sendJson(reply, 200, { ok: true });
  });
  app.get<{ Params: { clientId: string }; Querystring: { status?: string } }>('/test/apps/:clientId/events', async (request, reply) => {
    const clientId = request.params.clientId;
    if (!ctx.world.apps.has(clientId)) return bad(reply, [`unknown app ${clientId}`], 404);
    const status = request.query.status;
    if (status !== undefined && !STATUSES.includes(status as EventStatus)) return bad(reply, [`status must be one of ${STATUSES.join(', ')}`]);
    const events = hub.log(clientId).filter((e) => !status || e.status === status);
    return sendJson(reply, 200, { subscription: hub.subscriptions.get(clientId) ?? null, events });
  });

  // ---- chaos -------------------------------------------------------------------------------------
  app.put('/test/events/chaos', async (request, reply) => {
    const body = requireBody(request, reply);
    if (!body) return reply;
    const errors: string[] = [];
    const drop = optInt(body, 'drop', 0, 1_000_000, errors) ?? 0;
    const duplicate = optInt(body, 'duplicate', 0, 1_000_000, errors) ?? 0;
    const reorder = optInt(body, 'reorder', 0, 1_000_000, errors) ?? 0;
    for (const k of Object.keys(body)) if (!['drop', 'duplicate', 'reorder'].includes(k)) errors.push(`${k} is not a known field`);
    if (errors.length) return bad(reply, errors);
    hub.chaos = { drop, duplicate, reorder };
    return sendJson(reply, 200, hub.chaos);
  });
  app.get('/test/events/chaos', async (_request, reply) => sendJson(reply, 200, hub.chaos));
  app.delete('/test/events/chaos', async (_request, reply) => {
    hub.chaos = { drop: 0, duplicate: 0, reorder: 0 };
    hub.releaseHeld();
    return sendJson(reply, 200, hub.chaos);
  });

  // ---- timing ------------------------------------------------------------------------------------
  app.get('/test/events/config', async (_request, reply) => sendJson(reply, 200, ctx.eventsConfig));
  app.patch('/test/events/config', async (request, reply) => {
    const body = requireBody(request, reply);
    if (!body) return reply;
    const errors: string[] = [];
    const patch: Partial<EventsConfig> = {};
    for (const k of CONFIG_KEYS) {
      const v = optInt(body, k, k === 'streamMaxMissedPings' ? 1 : 0, 3_600_000, errors);
      if (v !== undefined) patch[k] = v;
    }
    const delays = body.pushRetryDelaysMs;
    if (delays !== undefined) {
      if (Array.isArray(delays) && delays.length <= 20 && delays.every((d) => Number.isInteger(d) && d >= 0 && d <= 3_600_000)) {
        patch.pushRetryDelaysMs = delays as number[];
      } else errors.push('pushRetryDelaysMs must be an array of at most 20 integers (ms)');
    }
    for (const k of Object.keys(body)) if (!(CONFIG_KEYS as readonly string[]).includes(k) && k !== 'pushRetryDelaysMs') errors.push(`${k} is not a known field`);
    if (errors.length) return bad(reply, errors);
    Object.assign(ctx.eventsConfig, patch);
    return sendJson(reply, 200, ctx.eventsConfig);
  });

  // ---- Stream connections ------------------------------------------------------------------------
  app.get('/test/stream/connections', async (_request, reply) => sendJson(reply, 200, ctx.stream.connections()));
  app.post<{ Params: { id: string } }>('/test/stream/connections/:id/disconnect', async (request, reply) => {
    const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
    const errors: string[] = [];
    const reason = optString(body, 'reason', errors) ?? 'connection is expired';
    const delayMs = optInt(body, 'delayMs', 0, 600_000, errors);
    if (errors.length) return bad(reply, errors);
    if (!ctx.stream.disconnect(request.params.id, reason, delayMs)) return bad(reply, [`no open connection ${request.params.id}`], 404);
    return sendJson(reply, 200, { ok: true });
  });
}
