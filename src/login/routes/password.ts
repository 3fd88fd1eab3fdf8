/** POST /login/password: username (or mobile, or email) and password. */
import type { FastifyInstance } from 'fastify';
import type { LoginServices } from '../context.ts';
import { finishSignIn, resolveApplication, returnToOf, sourceOfType } from '../context.ts';
import { checkCsrf } from '../../pages/csrf.ts';
import { renderLogin } from './page.ts';
import { refusePassword, typedCredentials, userPasswordCheck } from '../password-check.ts';

interface PasswordForm {
  app?: string;
  return_to?: string;
  csrf?: string;
  username?: string;
  password?: string;
}

export function passwordRoutes(app: FastifyInstance, s: LoginServices) {
  const { store, shortLived } = s.ctx;
  const checkPassword = userPasswordCheck(store.db, shortLived);

  app.post<{ Body: PasswordForm }>('/login/password', async (request, reply) => {
    const form = request.body ?? {};
    const application = await resolveApplication(s, form.app);
    const returnTo = returnToOf(s, form.return_to);
    checkCsrf(request, form.csrf);
    const source = await sourceOfType(s, application.id, 'password');
    const { username, password } = typedCredentials(form);
    const checked = await checkPassword(username, password, request.ip);
    if ('refused' in checked) {
      const said = await refusePassword(store.db, request, reply, checked.refused, { action: 'login.password', applicationId: application.id, sourceId: source.id, method: 'password' });
      return renderLogin(s, request, reply, application, returnTo, { selected: source.id, username, ...said });
    }
    return finishSignIn(s, request, reply, {
      userId: checked.userId,
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
