/**
 * A user's second factors in the Enterprise Center: who may read users sees them; a super admin resets
 * them (after a lost phone), which also signs the user out everywhere and tells them at the next sign-in.
 */
import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import type { RouteDeps } from './deps.ts';
import { IdParams, UserFactors } from '../schemas.ts';
import { audited } from '../audited.ts';
import { getUser } from '../../directory/user-store.ts';
import { listFactors, resetFactors } from '../../factors/store.ts';
import { markFactorsReset } from '../../factors/reset-notice.ts';

const tags = ['users'];

export async function userFactorRoutes(app: FastifyInstance, { ctx, sessions }: RouteDeps) {
  const { store } = ctx;

  app.get<{ Params: Static<typeof IdParams> }>(
    '/users/:id/factors',
    { config: { permission: 'users:read' }, schema: { tags, summary: 'A user’s authenticator apps and how many unused recovery codes they hold', params: IdParams, response: { 200: UserFactors } } },
    async (request) => listFactors(store.db, (await getUser(store.db, request.params.id)).id),
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/users/:id/factors',
    {
      config: { permission: 'factors:write' },
      schema: {
        tags,
        summary:
          'Reset a user’s two-step verification (super admins): every authenticator app and recovery code goes, the user is signed out everywhere, and sets one up again at the next sign-in that asks for it (204)',
        params: IdParams,
      },
    },
    async (request, reply) => {
      const { id, had } = await audited(store, request, async (tx) => {
        const user = await getUser(tx, request.params.id);
        const before = await listFactors(tx, user.id);
        await resetFactors(tx, user.id);
        return { result: { id: user.id, had: before.factors.length > 0 }, action: 'user.factors_reset', target: { type: 'user', id: user.id }, before, category: 'security' };
      });
      // After the commit: the notice and the sign-out follow only a reset the audit log holds. Someone who had
      // no factor is not told to set one up "again".
      if (had) await markFactorsReset(ctx.shortLived, id);
      // A reset usually follows a lost phone: whoever holds it may hold a signed-in browser too.
      await sessions.signOutEverywhere(id);
      return reply.status(204).send();
    },
  );
}
