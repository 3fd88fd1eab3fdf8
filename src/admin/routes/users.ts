import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import type { RouteDeps } from './deps.ts';
import { IdParams, User, UserCreate, UserPatch, UserQuery, pageOf } from '../schemas.ts';
import { audited } from '../audited.ts';
import { normalizeUserFields } from '../../directory/users.ts';
import { deleteUser, getUser, insertUser, listUsers, updateUser } from '../../directory/user-store.ts';
import { assertOrgUnitExists, ROOT_ORG_UNIT_ID } from '../../directory/org-units.ts';
import { hashPassword } from '../../crypto/password.ts';

const tags = ['users'];

export async function userRoutes(app: FastifyInstance, { ctx, sessions }: RouteDeps) {
  const { store } = ctx;

  app.get<{ Querystring: Static<typeof UserQuery> }>(
    '/users',
    { config: { permission: 'users:read' }, schema: { tags, summary: 'List and search users', querystring: UserQuery, response: { 200: pageOf(User) } } },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      return listUsers(store.db, store.dialect, filter, { page, pageSize });
    },
  );

  app.post<{ Body: Static<typeof UserCreate> }>(
    '/users',
    { config: { permission: 'users:write' }, schema: { tags, summary: 'Create a user', body: UserCreate, response: { 201: User } } },
    async (request, reply) => {
      const { password, ...rest } = request.body;
      const fields = normalizeUserFields(rest);
      // Hash outside the transaction: it is the slow part and needs no lock.
      const passwordHash = password ? await hashPassword(password) : null;
      const user = await audited(store, request, async (tx) => {
        const orgUnitId = fields.orgUnitId ?? ROOT_ORG_UNIT_ID;
        await assertOrgUnitExists(tx, orgUnitId, '/orgUnitId');
        const created = await insertUser(tx, { ...fields, username: fields.username!, displayName: fields.displayName!, orgUnitId }, passwordHash);
        return { result: created, action: 'user.create', target: { type: 'user', id: created.id }, after: created };
      });
      return reply.status(201).send(user);
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/users/:id',
    { config: { permission: 'users:read' }, schema: { tags, summary: 'Get a user', params: IdParams, response: { 200: User } } },
    async (request) => getUser(store.db, request.params.id),
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof UserPatch> }>(
    '/users/:id',
    {
      config: { permission: 'users:write' },
      schema: { tags, summary: 'Change a user (null clears a field; status disables or locks)', params: IdParams, body: UserPatch, response: { 200: User } },
    },
    async (request) => {
      const { password, ...rest } = request.body;
      const fields = normalizeUserFields(rest);
      const passwordHash = password === undefined ? undefined : password === null ? null : await hashPassword(password);
      const user = await audited(store, request, async (tx) => {
        const before = await getUser(tx, request.params.id);
        if (fields.orgUnitId) await assertOrgUnitExists(tx, fields.orgUnitId, '/orgUnitId');
        const after = await updateUser(tx, before.id, fields, passwordHash);
        return { result: after, action: 'user.update', target: { type: 'user', id: before.id }, before, after };
      });
      // Disabled or locked: signed out of every application now, not only refused at their next request.
      if (user.status !== 'active') await sessions.signOutEverywhere(user.id);
      return user;
    },
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    '/users/:id/sign-out',
    {
      config: { permission: 'users:write' },
      schema: { tags, summary: 'Sign the user out everywhere: every Portico session ends and every application is signed out; the user stays active (204)', params: IdParams },
    },
    async (request, reply) => {
      const id = await audited(store, request, async (tx) => {
        const user = await getUser(tx, request.params.id);
        return { result: user.id, action: 'user.sign_out_everywhere', target: { type: 'user', id: user.id }, category: 'security' };
      });
      // After the commit, as for disabling: the applications are told only of a sign-out the audit log holds.
      await sessions.signOutEverywhere(id);
      return reply.status(204).send();
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/users/:id',
    { config: { permission: 'users:write' }, schema: { tags, summary: 'Delete a user and their bindings', params: IdParams } },
    async (request, reply) => {
      const id = await audited(store, request, async (tx) => {
        const before = await getUser(tx, request.params.id);
        await deleteUser(tx, before.id);
        return { result: before.id, action: 'user.delete', target: { type: 'user', id: before.id }, before };
      });
      await sessions.signOutEverywhere(id);
      return reply.status(204).send();
    },
  );
}
