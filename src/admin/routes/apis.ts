import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { RouteDeps } from './deps.ts';
import { Api, ApiCreate, ApiPatch, ApplicationApiAccess, IdParams } from '../schemas.ts';
import { audited } from '../audited.ts';
import { createApi, deleteApi, getApi, getApiAccess, listApis, updateApi } from '../../apis/apis.ts';
import { getApplicationRow } from '../../applications/applications.ts';

const tags = ['apis'];

/** Registered APIs (OAuth resource servers), and which of them each application may be granted. */
export async function apiRoutes(app: FastifyInstance, { ctx }: RouteDeps) {
  const { store } = ctx;

  app.get(
    '/apis',
    { config: { permission: 'apis:read' }, schema: { tags, summary: 'List registered APIs', response: { 200: Type.Object({ items: Type.Array(Api) }) } } },
    async () => ({ items: await listApis(store.db) }),
  );

  app.post<{ Body: Static<typeof ApiCreate> }>(
    '/apis',
    { config: { permission: 'apis:write' }, schema: { tags, summary: 'Register an API (a resource server) and its scopes', body: ApiCreate, response: { 201: Api } } },
    async (request, reply) => {
      const created = await audited(store, request, async (tx) => {
        const api = await createApi(tx, request.body);
        return { result: api, action: 'api.create', target: { type: 'api', id: api.id }, after: api };
      });
      return reply.status(201).send(created);
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/apis/:id',
    { config: { permission: 'apis:read' }, schema: { tags, summary: 'Get a registered API', params: IdParams, response: { 200: Api } } },
    async (request) => getApi(store.db, request.params.id),
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof ApiPatch> }>(
    '/apis/:id',
    {
      config: { permission: 'apis:write' },
      schema: { tags, summary: 'Change an API (a scope still granted to an application cannot be removed)', params: IdParams, body: ApiPatch, response: { 200: Api } },
    },
    async (request) =>
      audited(store, request, async (tx) => {
        const { before, after } = await updateApi(tx, request.params.id, request.body);
        return { result: after, action: 'api.update', target: { type: 'api', id: after.id }, before, after };
      }),
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/apis/:id',
    { config: { permission: 'apis:write' }, schema: { tags, summary: 'Delete an API no application may be granted any more', params: IdParams } },
    async (request, reply) => {
      await audited(store, request, async (tx) => {
        const before = await deleteApi(tx, request.params.id);
        return { result: undefined, action: 'api.delete', target: { type: 'api', id: before.id }, before };
      });
      return reply.status(204).send();
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/applications/:id/api-access',
    {
      config: { permission: 'applications:read' },
      schema: { tags: ['applications'], summary: 'Which APIs and scopes the application may be granted (changed with the application: `apiAccess`)', params: IdParams, response: { 200: ApplicationApiAccess } },
    },
    async (request) => {
      const row = await getApplicationRow(store.db, request.params.id);
      return { applicationId: row.id, apis: await getApiAccess(store.db, row.id) };
    },
  );
}
