// Test API for directory sync (/test/, JSON): change the org the way an admin would (each change emits its
// contact event to the org's subscribed apps), swap in a generated large org, set an app's org permissions,
// and throttle the pull APIs with counters per path.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SimContext } from '../context.ts';
import { sendJson } from '../errors.ts';
import { validateFixture, FixtureError } from '../fixture.ts';
import { generateLargeOrg } from '../fixtures/large.ts';
import {
  activatePerson, addDept, addPerson, changeDept, changePerson, removeDept, removePerson, type OrgChange,
} from '../org-changes.ts';
import type { Mutation } from '../world.ts';
import { bad, optInt, reply201, requireBody } from './test-api.ts';

type Params = { corpId: string; userId: string; deptId: string };

export function registerTestDirectoryRoutes(app: FastifyInstance, ctx: SimContext): void {
  const w = ctx.world;

  /** Applies a change; on success emits its event and answers `{<key>: value, events: [{clientId, eventId, status}]}`. */
  const apply = <K extends string, T>(reply: FastifyReply, key: K, m: Mutation<Record<K, T> & { change: OrgChange }>, status: number) => {
    if (!m.ok) return bad(reply, m.errors, m.status);
    const events = ctx.events.emit(m.value.change).map((e) => ({ clientId: e.clientId, eventId: e.eventId, eventType: e.eventType, status: e.status }));
    return sendJson(reply, status, { [key]: m.value[key], events });
  };
  const deptIdOf = (raw: string) => (/^\d{1,15}$/.test(raw) ? Number(raw) : Number.NaN);

  app.post<{ Params: Params }>('/test/orgs/:corpId/users', async (request, reply) => {
    const body = requireBody(request, reply);
    return body ? apply(reply, 'user', addPerson(w, request.params.corpId, body), 201) : reply;
  });
  app.patch<{ Params: Params }>('/test/orgs/:corpId/users/:userId', async (request, reply) => {
    const body = requireBody(request, reply);
    return body ? apply(reply, 'user', changePerson(w, request.params.corpId, request.params.userId, body), 200) : reply;
  });
  app.delete<{ Params: Params }>('/test/orgs/:corpId/users/:userId', async (request, reply) =>
    apply(reply, 'user', removePerson(w, request.params.corpId, request.params.userId), 200));
  app.post<{ Params: Params }>('/test/orgs/:corpId/users/:userId/activate', async (request, reply) =>
    apply(reply, 'user', activatePerson(w, request.params.corpId, request.params.userId), 200));

  app.post<{ Params: Params }>('/test/orgs/:corpId/departments', async (request, reply) => {
    const body = requireBody(request, reply);
    return body ? apply(reply, 'department', addDept(w, request.params.corpId, body), 201) : reply;
  });
  app.patch<{ Params: Params }>('/test/orgs/:corpId/departments/:deptId', async (request, reply) => {
    const body = requireBody(request, reply);
    return body ? apply(reply, 'department', changeDept(w, request.params.corpId, deptIdOf(request.params.deptId), body), 200) : reply;
  });
  app.delete<{ Params: Params }>('/test/orgs/:corpId/departments/:deptId', async (request, reply) =>
    apply(reply, 'department', removeDept(w, request.params.corpId, deptIdOf(request.params.deptId)), 200));

  // Replaces the org's departments and people with a generated one (no events: as if DingTalk had always looked so).
  app.post<{ Params: Params }>('/test/orgs/:corpId/generate', async (request, reply) => {
    const body = requireBody(request, reply);
    if (!body) return reply;
    const errors: string[] = [];
    const people = optInt(body, 'people', 0, 500_000, errors) ?? 100_000;
    const departments = optInt(body, 'departments', 0, 50_000, errors) ?? 2_000;
    const seed = optInt(body, 'seed', 0, 2 ** 31 - 1, errors) ?? 1;
    for (const k of Object.keys(body)) if (!['people', 'departments', 'seed'].includes(k)) errors.push(`${k} is not a known field`);
    if (errors.length) return bad(reply, errors);
    const corpId = request.params.corpId;
    const generated = generateLargeOrg({ people, departments, seed, corpId, orgName: w.orgs.get(corpId)?.name });
    try {
      validateFixture(generated);
    } catch (err) {
      return bad(reply, err instanceof FixtureError ? err.errors : [String(err)], 500);
    }
    // Generated userids/unionIds never collide with hand-made ones of another org unless the seed repeats a run.
    return reply201(reply, w.replaceOrgDirectory(corpId, generated), 200);
  });

  // The app's console settings: grants and org permissions (same as PATCH /sim/api/apps/{clientId}).
  app.patch<{ Params: { clientId: string } }>('/test/apps/:clientId', async (request, reply) => {
    const body = requireBody(request, reply);
    return body ? reply201(reply, w.updateApp(request.params.clientId, body), 200) : reply;
  });

  // ---- throttling and call counters ------------------------------------------------------------
  app.put('/test/throttle', async (request, reply) => {
    const body = requireBody(request, reply);
    if (!body) return reply;
    const errors: string[] = [];
    const perApiPerSecond = optInt(body, 'perApiPerSecond', 1, 1_000_000, errors);
    const globalPerSecond = optInt(body, 'globalPerSecond', 1, 1_000_000, errors);
    for (const k of Object.keys(body)) if (!['perApiPerSecond', 'globalPerSecond'].includes(k)) errors.push(`${k} is not a known field`);
    if (errors.length) return bad(reply, errors);
    ctx.throttle.setConfig({ ...(perApiPerSecond ? { perApiPerSecond } : {}), ...(globalPerSecond ? { globalPerSecond } : {}) });
    return sendJson(reply, 200, ctx.throttle.config);
  });
  app.get('/test/throttle', async (_request, reply) => sendJson(reply, 200, ctx.throttle.config));
  app.delete('/test/throttle', async (_request, reply) => {
    ctx.throttle.setConfig({});
    return sendJson(reply, 200, ctx.throttle.config);
  });
  app.get('/test/stats', async (_request, reply) =>
    sendJson(reply, 200, { throttle: ctx.throttle.config, paths: Object.fromEntries(ctx.throttle.stats) }));
  app.delete('/test/stats', async (_request, reply) => {
    ctx.throttle.stats.clear();
    return sendJson(reply, 200, { ok: true });
  });
}
