/** POST /login/password: username (or mobile, or email) and password. */
import type { FastifyInstance } from 'fastify';
import type { LoginServices } from '../context.ts';
import { finishSignIn, localeOf, resolveApplication, returnToOf, sourceOfType } from '../context.ts';
import { checkCsrf } from '../csrf.ts';
import { renderLogin } from './page.ts';
import { recordLoginEvent } from '../events.ts';
import { findUserByLoginName } from '../../directory/user-store.ts';
import { canSignIn } from '../../directory/users.ts';
import { normalizeEmail, normalizePhone } from '../../directory/phone.ts';
import { verifyDecoy, verifyPassword, PASSWORD_MAX_LENGTH } from '../../crypto/password.ts';
import { passwordAttempts } from '../../crypto/password-attempts.ts';

interface PasswordForm {
  app?: string;
  return_to?: string;
  csrf?: string;
  username?: string;
  password?: string;
}

export function passwordRoutes(app: FastifyInstance, s: LoginServices) {
  const { store, shortLived } = s.ctx;
  const attempts = passwordAttempts(shortLived);

  app.post<{ Body: PasswordForm }>('/login/password', async (request, reply) => {
    const form = request.body ?? {};
    const application = await resolveApplication(s, form.app);
    const returnTo = returnToOf(s, form.return_to);
    checkCsrf(request, form.csrf);
    const source = await sourceOfType(s, application.id, 'password');
    const { t } = localeOf(request, reply);
    const username = String(form.username ?? '').trim().slice(0, 254);
    const password = String(form.password ?? '').slice(0, PASSWORD_MAX_LENGTH);

    const fail = async (reason: 'login.invalid_credentials' | 'login.too_many_failures', userId?: string) => {
      await recordLoginEvent(store.db, request, { action: 'login.password', outcome: 'failure', reason, userId, applicationId: application.id, sourceId: source.id });
      return renderLogin(s, request, reply, application, returnTo, {
        selected: source.id,
        error: t(`reason.${reason}`),
        username,
        status: reason === 'login.too_many_failures' ? 429 : 401,
      });
    };

    const user = username
      ? await findUserByLoginName(store.db, { username: username.toLowerCase(), mobile: normalizePhone(username), email: normalizeEmail(username) })
      : undefined;
    if (!user?.password_hash) {
      await verifyDecoy(password); // same time as a real check: no account enumeration by timing (ASVS 6.3.8)
      return fail('login.invalid_credentials');
    }
    if (await attempts.blocked(user.id)) return fail('login.too_many_failures', user.id);
    if (!(await verifyPassword(password, user.password_hash))) {
      await attempts.failed(user.id);
      return fail('login.invalid_credentials', user.id);
    }
    await attempts.succeeded(user.id);
    if (!canSignIn(user)) {
      await recordLoginEvent(store.db, request, { action: 'login.password', outcome: 'failure', reason: 'login.user_inactive', userId: user.id, applicationId: application.id, sourceId: source.id });
      return renderLogin(s, request, reply, application, returnTo, { selected: source.id, error: t('reason.login.user_inactive'), username, status: 403 });
    }
    return finishSignIn(s, request, reply, {
      userId: user.id,
      amr: ['pwd'],
      applicationId: application.id,
      sourceId: source.id,
      action: 'login.password',
      reason: 'password.ok',
      returnTo,
    });
  });
}
