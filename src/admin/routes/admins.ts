import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { RouteDeps } from './deps.ts';
import { Admin, AdminCreate, AdminPatch, IdParams } from '../schemas.ts';
import { audited } from '../audited.ts';
import { createAdmin, deleteAdmin, getAdmin, listAdmins, updateAdmin } from '../admins.ts';
import { conflict } from '../../errors.ts';
import type { Tx } from '../../store/database.ts';

const tags = ['admins'];

/** There is always one active super admin left, or nobody could manage admins any more. */
async function assertAnotherSuperAdmin(tx: Tx, exceptId: string) {
  const others = await tx
    .selectFrom('admins')
    .select('id')
    .where('role', '=', 'super_admin')
    .where('status', '=', 'active')
    .where('id', '!=', exceptId)
    .executeTakeFirst();
  if (!others) throw conflict('admin.last_super_admin', 'This is the last active super admin.');
}

export async function adminAccountRoutes(app: FastifyInstance, { ctx }: RouteDeps) {
  const { store } = ctx;

  app.get('/admins', { config: { permission: 'admins:read' }, schema: { tags, summary: 'List Enterprise Center admins', response: { 200: Type.Object({ items: Type.Array(Admin) }) } } }, async () => ({
    items: await listAdmins(store.db),
  }));

  app.post<{ Body: Static<typeof AdminCreate> }>(
    '/admins',
    { config: { permission: 'admins:write' }, schema: { tags, summary: 'Add an admin with a role', body: AdminCreate, response: { 201: Admin } } },
    async (request, reply) => {
      const admin = await audited(store, request, async (tx) => {
        const created = await createAdmin(tx, request.body);
        return { result: created, action: 'admin.create', target: { type: 'admin', id: created.id }, after: created };
      });
      return reply.status(201).send(admin);
    },
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof AdminPatch> }>(
    '/admins/:id',
    { config: { permission: 'admins:write' }, schema: { tags, summary: 'Change an admin (role, status, password)', params: IdParams, body: AdminPatch, response: { 200: Admin } } },
    async (request) =>
      audited(store, request, async (tx) => {
        const current = await getAdmin(tx, request.params.id);
        const demotes = (request.body.role && request.body.role !== 'super_admin') || request.body.status === 'disabled';
        if (current.role === 'super_admin' && demotes) await assertAnotherSuperAdmin(tx, current.id);
        const { before, after } = await updateAdmin(tx, current.id, request.body);
        return { result: after, action: 'admin.update', target: { type: 'admin', id: after.id }, before, after };
      }),
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/admins/:id',
    { config: { permission: 'admins:write' }, schema: { tags, summary: 'Remove an admin', params: IdParams } },
    async (request, reply) => {
      await audited(store, request, async (tx) => {
        const current = await getAdmin(tx, request.params.id);
        if (current.role === 'super_admin') await assertAnotherSuperAdmin(tx, current.id);
        const before = await deleteAdmin(tx, current.id);
        return { result: undefined, action: 'admin.delete', target: { type: 'admin', id: before.id }, before };
      });
      return reply.status(204).send();
    },
  );
}
