import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { RouteDeps } from '../api.ts';
import { SessionCreate, Session, Admin } from '../schemas.ts';
import { authenticateAdmin, closeAdminSession, openAdminSession, ADMIN_SESSION_ABSOLUTE_MS } from '../admins.ts';
import { ADMIN_COOKIE, actorOf, sessionToken } from '../auth.ts';
import { recordAudit } from '../../audit/audit.ts';
import { PorticoError } from '../../errors.ts';

export async function sessionRoutes(app: FastifyInstance, { ctx }: RouteDeps) {
  const secure = ctx.config.publicUrl.startsWith('https://');

  app.post<{ Body: { username: string; password: string } }>(
    '/session',
    { schema: { tags: ['session'], summary: 'Sign in to the Enterprise Center', body: SessionCreate, response: { 201: Session } } },
    async (request, reply) => {
      const { username, password } = request.body;
      let admin;
      try {
        admin = await authenticateAdmin(ctx.store.db, username, password);
      } catch (error) {
        if (error instanceof PorticoError) {
          await recordAudit(ctx.store.db, { ...actorOf(request), name: username.slice(0, 64) }, {
            category: 'admin',
            action: 'admin.sign_in',
            outcome: 'failure',
            reason: error.code,
          });
        }
        throw error;
      }
      const session = await ctx.store.transaction(async (tx) => {
        const s = await openAdminSession(tx, admin.id);
        await recordAudit(tx, { ...actorOf(request), type: 'admin', id: admin.id, name: admin.username }, {
          category: 'admin',
          action: 'admin.sign_in',
          target: { type: 'admin', id: admin.id },
        });
        return s;
      });
      reply.setCookie(ADMIN_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure,
        path: '/api/admin',
        maxAge: Math.floor(ADMIN_SESSION_ABSOLUTE_MS / 1000),
      });
      return reply.status(201).send({ ...session, admin });
    },
  );

  app.get(
    '/session',
    { config: { permission: 'session:read' }, schema: { tags: ['session'], summary: 'The signed-in admin', response: { 200: Type.Object({ admin: Admin }) } } },
    async (request) => ({ admin: request.admin! }),
  );

  app.delete('/session', { schema: { tags: ['session'], summary: 'Sign out' } }, async (request, reply) => {
    const token = sessionToken(request);
    if (token) await closeAdminSession(ctx.store.db, token);
    reply.clearCookie(ADMIN_COOKIE, { path: '/api/admin' });
    return reply.status(204).send();
  });
}
