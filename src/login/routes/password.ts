/** POST /login/password: username (or mobile, or email) and password. */
import type { FastifyInstance } from 'fastify';
import type { LoginServices } from '../context.ts';
import { finishSignIn, resolveApplication, returnToOf, sourceOfType } from '../context.ts';
import { localeOf } from '../../pages/send.ts';
import { checkCsrf } from '../../pages/csrf.ts';
import { renderLogin } from './page.ts';
import { recordLoginEvent } from '../events.ts';
import { findUserByLoginName } from '../../directory/user-store.ts';
import { canonicalLoginName, canSignIn } from '../../directory/users.ts';
import { normalizeEmail, normalizePhone } from '../../directory/phone.ts';
import { verifyDecoy, verifyPassword, PASSWORD_MAX_LENGTH } from '../../crypto/password.ts';
import { passwordThrottle } from '../password-throttle.ts';

interface PasswordForm {
  app?: string;
  return_to?: string;
  csrf?: string;
  username?: string;
  password?: string;
}

export function passwordRoutes(app: FastifyInstance, s: LoginServices) {
  const { store, shortLived } = s.ctx;
  const throttle = passwordThrottle(shortLived, 'user');

  app.post<{ Body: PasswordForm }>('/login/password', async (request, reply) => {
    const form = request.body ?? {};
    const application = await resolveApplication(s, form.app);
    const returnTo = returnToOf(s, form.return_to);
    checkCsrf(request, form.csrf);
    const source = await sourceOfType(s, application.id, 'password');
    const { t } = localeOf(request, reply);
    const username = String(form.username ?? '').trim().slice(0, 254);
    const password = String(form.password ?? '').slice(0, PASSWORD_MAX_LENGTH);

    const refuse = async (reason: 'login.invalid_credentials' | 'login.too_many_failures', o: { userId?: string; retryAfterSec?: number } = {}) => {
      await recordLoginEvent(store.db, request, { action: 'login.password', outcome: 'failure', reason, userId: o.userId, applicationId: application.id, sourceId: source.id, method: 'password' });
      if (o.retryAfterSec) reply.header('retry-after', String(o.retryAfterSec));
      return renderLogin(s, request, reply, application, returnTo, {
        selected: source.id,
        error: t(`reason.${reason}`, { n: String(o.retryAfterSec ?? '') }),
        username,
        status: reason === 'login.too_many_failures' ? 429 : 401,
      });
    };

    // Asked before anything is looked up, by the name as typed: an unknown name answers exactly like a known one.
    const name = canonicalLoginName(username);
    const verdict = await throttle.begin(name, request.ip);
    if (!verdict.allowed) return refuse('login.too_many_failures', { retryAfterSec: verdict.retryAfterSec });
    const user = username
      ? await findUserByLoginName(store.db, { username: username.toLowerCase(), mobile: normalizePhone(username), email: normalizeEmail(username) })
      : undefined;
    if (!user?.password_hash) {
      await verifyDecoy(password); // same time as a real check: no account enumeration by timing (ASVS 6.3.8)
      await throttle.failed(name);
      return refuse('login.invalid_credentials');
    }
    if (!(await verifyPassword(password, user.password_hash))) {
      await throttle.failed(name);
      return refuse('login.invalid_credentials', { userId: user.id });
    }
    await throttle.succeeded(name, request.ip);
    if (!canSignIn(user)) {
      await recordLoginEvent(store.db, request, { action: 'login.password', outcome: 'failure', reason: 'login.user_inactive', userId: user.id, applicationId: application.id, sourceId: source.id, method: 'password' });
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
      method: 'password',
    });
  });
}
