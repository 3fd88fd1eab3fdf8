import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { RouteDeps } from '../api.ts';
import { SessionCreate, Session, Admin, PasswordChange } from '../schemas.ts';
import { assertOwnPassword, authenticateAdmin, closeAdminSession, openAdminSession, updateAdmin, ADMIN_SESSION_ABSOLUTE_MS } from '../admins.ts';
import { ADMIN_COOKIE, actorOf, sessionToken } from '../auth.ts';
import { audited } from '../audited.ts';
import { recordAudit, type Actor, type AuditInput } from '../../audit/audit.ts';
import { invalid, PorticoError } from '../../errors.ts';
import { passwordAttempts } from '../../crypto/password-attempts.ts';

export async function sessionRoutes(app: FastifyInstance, { ctx }: RouteDeps) {
  const secure = ctx.config.publicUrl.startsWith('https://');
  const attempts = passwordAttempts(ctx.shortLived);

  /**
   * Runs a password check; a refused one is an audit event (its reason, never the password tried)
   * before the error answers. Sign-in and the password change share it, and so the record of attempts.
   */
  async function checkedPassword<T>(actor: Actor, event: Pick<AuditInput, 'action' | 'target'>, check: () => Promise<T>): Promise<T> {
    try {
      return await check();
    } catch (error) {
      if (error instanceof PorticoError) await recordAudit(ctx.store.db, actor, { category: 'admin', ...event, outcome: 'failure', reason: error.code });
      throw error;
    }
  }

  app.post<{ Body: Static<typeof SessionCreate> }>(
    '/session',
    { schema: { tags: ['session'], summary: 'Sign in to the Enterprise Center', body: SessionCreate, response: { 201: Session } } },
    async (request, reply) => {
      const { username, password } = request.body;
      const admin = await checkedPassword({ ...actorOf(request), name: username.slice(0, 64) }, { action: 'admin.sign_in' }, () =>
        authenticateAdmin(ctx.store.db, attempts, username, password),
      );
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

  app.put<{ Body: Static<typeof PasswordChange> }>(
    '/session/password',
    {
      config: { permission: 'session:write' },
      schema: {
        tags: ['session'],
        summary: "Change the signed-in admin's own password",
        description: 'Any role. The current password must be right and the new one differ from it; every other session of this admin ends, this one stays.',
        body: PasswordChange,
        response: { 204: Type.Null({ description: "Changed; the admin's other sessions are signed out" }) },
      },
    },
    async (request, reply) => {
      const admin = request.admin!;
      const { currentPassword, newPassword } = request.body;
      const action = 'admin.password_change';
      const target = { type: 'admin', id: admin.id };
      await checkedPassword(actorOf(request), { action, target }, () => assertOwnPassword(ctx.store.db, attempts, admin.id, currentPassword));
      if (newPassword === currentPassword) throw invalid('admin.password_unchanged', 'The new password is the same as the current one.', '/newPassword');
      await audited(ctx.store, request, async (tx) => {
        await updateAdmin(tx, admin.id, { password: newPassword }, { keepSession: sessionToken(request) });
        return { result: undefined, action, target };
      });
      return reply.status(204).send();
    },
  );

  app.delete('/session', { schema: { tags: ['session'], summary: 'Sign out' } }, async (request, reply) => {
    const token = sessionToken(request);
    if (token) await closeAdminSession(ctx.store.db, token);
    reply.clearCookie(ADMIN_COOKIE, { path: '/api/admin' });
    return reply.status(204).send();
  });
}
