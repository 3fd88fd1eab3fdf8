import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { RouteDeps } from './deps.ts';
import { IdParams, PageQuery, pageOf } from '../schemas.ts';
import { ChangeQuery, ConnectionChecks, IdentitySourceCreate, IdentitySourcePatch, IdentitySourceSchema, RunApply, RunCreate, SyncChangeSchema, SyncEventSchema, SyncRunSchema, UserDirectorySchema } from '../sync-schemas.ts';
import { audited } from '../audited.ts';
import { actorOf } from '../auth.ts';
import { sourcePolicyOf } from '../../identity/registry.ts';
import { fail } from '../../errors.ts';
import { nowIso } from '../../store/database.ts';
import {
  createIdentitySource, deleteIdentitySource, getIdentitySourceRow, listIdentitySourceRows, loadIdentitySource, toIdentitySourceView, updateIdentitySource,
} from '../../sync/sources.ts';
import { createRun, findRun, listChanges, listRuns, toRun } from '../../sync/runs.ts';
import { listEvents } from '../../sync/incremental.ts';
import { testIdentitySource } from '../../sync/dingtalk/source.ts';
import { userDirectory } from '../../sync/user-directory.ts';

const tags = ['identity sources'];
/** A plan older than this may no longer fit the directory: run the dry run again. */
const PLAN_TTL_MS = 24 * 60 * 60 * 1000;

export async function identitySourceRoutes(app: FastifyInstance, { ctx, sync }: RouteDeps) {
  const kick = () => sync.worker.kick();
  const { store, secretBox: box } = ctx;
  const rules = sourcePolicyOf(ctx.config);
  const view = (row: Parameters<typeof toIdentitySourceView>[2]) => toIdentitySourceView(store.db, box, row, ctx.config.publicUrl);

  app.get(
    '/identity-sources',
    { config: { permission: 'users:read' }, schema: { tags, summary: 'Identity sources: where the organisation’s people come from', response: { 200: Type.Object({ items: Type.Array(IdentitySourceSchema) }) } } },
    async () => ({ items: await Promise.all((await listIdentitySourceRows(store.db)).map(view)) }),
  );

  app.post<{ Body: Static<typeof IdentitySourceCreate> }>(
    '/identity-sources',
    { config: { permission: 'users:write' }, schema: { tags, summary: 'Add an identity source (nothing is synced until a run is applied)', body: IdentitySourceCreate, response: { 201: IdentitySourceSchema } } },
    async (request, reply) => {
      const row = await audited(store, request, async (tx) => {
        const created = await createIdentitySource(tx, box, request.body, rules);
        return { result: created, action: 'identity_source.create', target: { type: 'identity_source', id: created.id }, after: { name: created.name, config: JSON.parse(created.config) } };
      });
      kick();
      return reply.status(201).send(await view(row));
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/identity-sources/:id',
    { config: { permission: 'users:read' }, schema: { tags, summary: 'An identity source and its status', params: IdParams, response: { 200: IdentitySourceSchema } } },
    async (request) => view(await getIdentitySourceRow(store.db, request.params.id)),
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof IdentitySourcePatch> }>(
    '/identity-sources/:id',
    { config: { permission: 'users:write' }, schema: { tags, summary: 'Change an identity source (secrets are write-only)', params: IdParams, body: IdentitySourcePatch, response: { 200: IdentitySourceSchema } } },
    async (request) => {
      const row = await audited(store, request, async (tx) => {
        const before = await getIdentitySourceRow(tx, request.params.id);
        const after = await updateIdentitySource(tx, box, request.params.id, request.body, rules);
        return {
          result: after,
          action: 'identity_source.update',
          target: { type: 'identity_source', id: after.id },
          before: { name: before.name, enabled: before.enabled === 1, config: JSON.parse(before.config) },
          after: { name: after.name, enabled: after.enabled === 1, config: JSON.parse(after.config), secretsChanged: Object.keys(request.body.secrets ?? {}) },
        };
      });
      kick();
      return view(row);
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/identity-sources/:id',
    { config: { permission: 'users:write' }, schema: { tags, summary: 'Remove an identity source; the people it brought stay', params: IdParams } },
    async (request, reply) => {
      await audited(store, request, async (tx) => {
        const row = await deleteIdentitySource(tx, request.params.id);
        return { result: row.id, action: 'identity_source.delete', target: { type: 'identity_source', id: row.id }, before: { name: row.name } };
      });
      kick();
      return reply.status(204).send();
    },
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    '/identity-sources/:id/test',
    { config: { permission: 'users:write' }, schema: { tags, summary: 'Test connection: credentials, contact permissions, field permissions, permission scope', params: IdParams, response: { 200: ConnectionChecks } } },
    async (request) => testIdentitySource(await loadIdentitySource(store.db, box, request.params.id), { ...sync.env, signal: request.signal }),
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof RunCreate> }>(
    '/identity-sources/:id/runs',
    { config: { permission: 'users:write' }, schema: { tags, summary: 'Dry run (plan only) or Sync now (plan and apply)', params: IdParams, body: RunCreate, response: { 202: SyncRunSchema } } },
    async (request, reply) => {
      const source = await getIdentitySourceRow(store.db, request.params.id);
      if (source.enabled !== 1) throw fail('identity_source.disabled', 'Enable the identity source first.');
      const actor = actorOf(request);
      const run = await audited(store, request, async (tx) => {
        const created = await createRun(tx, { sourceId: source.id, origin: 'dingtalk', mode: request.body.mode, trigger: 'manual', requestedBy: actor.name });
        return { result: created, action: 'sync.run_requested', target: { type: 'sync_run', id: created.id }, after: { source: source.name, mode: request.body.mode } };
      });
      kick();
      return reply.status(202).send(toRun(run));
    },
  );

  app.get<{ Params: Static<typeof IdParams>; Querystring: { page?: number; pageSize?: number } }>(
    '/identity-sources/:id/runs',
    { config: { permission: 'users:read' }, schema: { tags, summary: 'Run history, newest first', params: IdParams, querystring: Type.Object(PageQuery), response: { 200: pageOf(SyncRunSchema) } } },
    async (request) => {
      await getIdentitySourceRow(store.db, request.params.id);
      return listRuns(store.db, request.params.id, request.query);
    },
  );

  app.get<{ Params: Static<typeof IdParams>; Querystring: { page?: number; pageSize?: number } }>(
    '/identity-sources/:id/events',
    { config: { permission: 'users:read' }, schema: { tags, summary: 'The event log, newest first', params: IdParams, querystring: Type.Object(PageQuery), response: { 200: pageOf(SyncEventSchema) } } },
    async (request) => {
      await getIdentitySourceRow(store.db, request.params.id);
      return listEvents(store.db, request.params.id, request.query);
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/users/:id/directory',
    { config: { permission: 'users:read' }, schema: { tags: ['users'], summary: 'A user’s departments (main first) and the identity sources that sync them', params: IdParams, response: { 200: UserDirectorySchema } } },
    async (request) => userDirectory(store.db, request.params.id),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/sync-runs/:id',
    { config: { permission: 'users:read' }, schema: { tags, summary: 'A run: status, phase and progress, counts, warnings', params: IdParams, response: { 200: SyncRunSchema } } },
    async (request) => toRun(await findRun(store.db, request.params.id)),
  );

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof ChangeQuery> }>(
    '/sync-runs/:id/changes',
    { config: { permission: 'users:read' }, schema: { tags, summary: 'What a run plans or made, by kind', params: IdParams, querystring: ChangeQuery, response: { 200: pageOf(SyncChangeSchema) } } },
    async (request) => {
      await findRun(store.db, request.params.id);
      const { kind, ...page } = request.query;
      return listChanges(store.db, request.params.id, kind, page);
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof RunApply> }>(
    '/sync-runs/:id/apply',
    { config: { permission: 'users:write' }, schema: { tags, summary: 'Apply a dry run’s plan, or confirm a run that would disable many', params: IdParams, body: RunApply, response: { 202: SyncRunSchema } } },
    async (request, reply) => {
      const run = await audited(store, request, async (tx) => {
        const current = await findRun(tx, request.params.id);
        if (current.status === 'planned' || current.status === 'awaiting_confirmation') {
          if (Date.parse(current.started_at) < Date.now() - PLAN_TTL_MS) {
            await tx.updateTable('sync_runs').set({ status: 'superseded', finished_at: nowIso() }).where('id', '=', current.id).execute();
            throw fail('sync.plan_stale', 'This plan is more than a day old: run the dry run again.');
          }
        } else {
          throw fail('sync.plan_stale', `This run is ${current.status}: only a planned run can be applied.`);
        }
        if (current.status === 'awaiting_confirmation' && request.body.confirmDisables !== true) {
          throw fail('sync.confirmation_required', 'This run would disable more people than the threshold allows: confirm with confirmDisables.');
        }
        await tx.updateTable('sync_runs').set({ status: 'queued', mode: 'apply', phase: 'apply' }).where('id', '=', current.id).execute();
        const counts = toRun(current).counts;
        return { result: await findRun(tx, current.id), action: 'sync.run_applied', target: { type: 'sync_run', id: current.id }, after: { confirmDisables: request.body.confirmDisables === true, counts } };
      });
      kick();
      return reply.status(202).send(toRun(run));
    },
  );
}
