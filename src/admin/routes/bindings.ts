import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { RouteDeps } from './deps.ts';
import { Binding, IdParams, PageQuery, pageOf } from '../schemas.ts';
import { audited } from '../audited.ts';
import { deleteBinding, getBinding, listBindings } from '../../directory/bindings.ts';

const tags = ['bindings'];
const BindingQuery = Type.Object(
  { userId: Type.Optional(Type.String({ maxLength: 64 })), sourceId: Type.Optional(Type.String({ maxLength: 64 })), ...PageQuery },
  { additionalProperties: false },
);

export async function bindingRoutes(app: FastifyInstance, { ctx }: RouteDeps) {
  const { store } = ctx;

  app.get<{ Querystring: Static<typeof BindingQuery> }>(
    '/bindings',
    { config: { permission: 'bindings:read' }, schema: { tags, summary: 'List bound external accounts (filter by user or source)', querystring: BindingQuery, response: { 200: pageOf(Binding) } } },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      return listBindings(store.db, filter, { page, pageSize });
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/bindings/:id',
    { config: { permission: 'bindings:read' }, schema: { tags, summary: 'Get a binding', params: IdParams, response: { 200: Binding } } },
    async (request) => getBinding(store.db, request.params.id),
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/bindings/:id',
    { config: { permission: 'bindings:write' }, schema: { tags, summary: 'Remove a binding: the next scan asks to bind again', params: IdParams } },
    async (request, reply) => {
      await audited(store, request, async (tx) => {
        const before = await deleteBinding(tx, request.params.id);
        return { result: undefined, action: 'binding.delete', target: { type: 'binding', id: before.id }, before };
      });
      return reply.status(204).send();
    },
  );
}
