import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { RouteDeps } from './deps.ts';
import { IdParams, OrgUnit, OrgUnitCreate, OrgUnitPatch } from '../schemas.ts';
import { audited } from '../audited.ts';
import { createOrgUnit, deleteOrgUnit, getOrgUnit, listOrgUnits, updateOrgUnit } from '../../directory/org-units.ts';

const tags = ['org units'];
const OrgUnitQuery = Type.Object({ parentId: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false });

export async function orgUnitRoutes(app: FastifyInstance, { ctx }: RouteDeps) {
  const { store } = ctx;

  app.get<{ Querystring: Static<typeof OrgUnitQuery> }>(
    '/org-units',
    {
      config: { permission: 'org_units:read' },
      schema: { tags, summary: 'List org units (the whole tree, or the children of parentId)', querystring: OrgUnitQuery, response: { 200: Type.Object({ items: Type.Array(OrgUnit) }) } },
    },
    async (request) => ({ items: await listOrgUnits(store.db, request.query.parentId) }),
  );

  app.post<{ Body: Static<typeof OrgUnitCreate> }>(
    '/org-units',
    { config: { permission: 'org_units:write' }, schema: { tags, summary: 'Create an org unit (under the root by default)', body: OrgUnitCreate, response: { 201: OrgUnit } } },
    async (request, reply) => {
      const unit = await audited(store, request, async (tx) => {
        const created = await createOrgUnit(tx, request.body);
        return { result: created, action: 'org_unit.create', target: { type: 'org_unit', id: created.id }, after: created };
      });
      return reply.status(201).send(unit);
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/org-units/:id',
    { config: { permission: 'org_units:read' }, schema: { tags, summary: 'Get an org unit', params: IdParams, response: { 200: OrgUnit } } },
    async (request) => getOrgUnit(store.db, request.params.id),
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof OrgUnitPatch> }>(
    '/org-units/:id',
    { config: { permission: 'org_units:write' }, schema: { tags, summary: 'Rename or move an org unit', params: IdParams, body: OrgUnitPatch, response: { 200: OrgUnit } } },
    async (request) =>
      audited(store, request, async (tx) => {
        const before = await getOrgUnit(tx, request.params.id);
        const after = await updateOrgUnit(tx, before.id, request.body);
        return { result: after, action: 'org_unit.update', target: { type: 'org_unit', id: before.id }, before, after };
      }),
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/org-units/:id',
    { config: { permission: 'org_units:write' }, schema: { tags, summary: 'Delete an empty org unit', params: IdParams } },
    async (request, reply) => {
      await audited(store, request, async (tx) => {
        const before = await deleteOrgUnit(tx, request.params.id);
        return { result: undefined, action: 'org_unit.delete', target: { type: 'org_unit', id: before.id }, before };
      });
      return reply.status(204).send();
    },
  );
}
