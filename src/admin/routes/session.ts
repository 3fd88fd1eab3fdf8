import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { RouteDeps } from './deps.ts';
import { SessionCreate, Session, Admin, PasswordChange } from '../schemas.ts';
import { assertOwnPassword, authenticateAdmin, closeAdminSession, openAdminSession, updateAdmin, ADMIN_SESSION_ABSOLUTE_MS } from '../admins.ts';
import { ADMIN_COOKIE, actorOf, sessionToken } from '../auth.ts';
import { audited } from '../audited.ts';
import { recordAudit, type Actor, type AuditInput } from '../../audit/audit.ts';
import { invalid, PorticoError } from '../../errors.ts';
import { passwordThrottle } from '../../login/password-throttle.ts';

export async function sessionRoutes(app: FastifyInstance, { ctx }: RouteDeps) {
  const secure = ctx.config.publicUrl.startsWith('https://');
  const throttle = passwordThrottle(ctx.shortLived, 'admin');

  /** A refused password is an audit event (its reason, never what was typed) before the error answers. */
  async function refused(actor: Actor, event: Pick<AuditInput, 'action' | 'target'>, error: PorticoError): Promise<never> {
    await recordAudit(ctx.store.db, actor, { category: 'admin', ...event, outcome: 'failure', reason: error.code });
    throw error;
  }

  app.post<{ Body: Static<typeof SessionCreate> }>(
    '/session',
    { schema: { tags: ['session'], summary: 'Sign in to the Enterprise Center', body: SessionCreate, response: { 201: Session } } },
    async (request, reply) => {
      const { username, password } = request.body;
      const outcome = await authenticateAdmin(ctx.store.db, throttle, request.ip, username, password);
      if (!outcome.ok) {
        // Named only when the username is an admin's: what was typed may be a password pasted in the wrong field.
        const { account } = outcome;
        const actor = { ...actorOf(request), id: account?.id ?? null, name: account?.username ?? null };
        return refused(actor, { action: 'admin.sign_in', target: account && { type: 'admin', id: account.id } }, outcome.error);
      }
      const { admin } = outcome;
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
      try {
        await assertOwnPassword(ctx.store.db, throttle, request.ip, admin.id, currentPassword);
      } catch (error) {
        if (error instanceof PorticoError) await refused(actorOf(request), { action, target }, error);
        throw error;
      }
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
