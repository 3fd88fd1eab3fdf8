/**
 * Passwordless sign-in with a passkey, where the application's Login Configuration enables the Passkey
 * source: the browser asks for a ceremony (any key it holds for Portico), signs, and posts the answer;
 * the key names its owner. A key that verified the person (PIN, biometric) is two factors at once.
 */
import type { FastifyInstance } from 'fastify';
import type { LoginServices } from '../context.ts';
import { finishSignIn, resolveApplication, returnToOf, sourceOfType } from '../context.ts';
import { localeOf } from '../../pages/send.ts';
import { checkCsrf } from '../../pages/csrf.ts';
import { renderLogin } from './page.ts';
import { recordLoginEvent } from '../events.ts';
import { activeUser } from '../../directory/user-store.ts';
import { authenticationOptions, checkPasskey } from '../../factors/passkey.ts';

interface PasskeyForm {
  app?: string;
  return_to?: string;
  csrf?: string;
  ceremony?: string;
  credential?: string;
}

export function passkeyRoutes(app: FastifyInstance, s: LoginServices) {
  const { db } = s.ctx.store;

  /** The application, its Passkey source (enabled, else refused) and where to go next, once the form's CSRF token is checked. */
  async function begin(form: PasskeyForm, request: Parameters<typeof checkCsrf>[0]) {
    const application = await resolveApplication(s, form.app);
    checkCsrf(request, form.csrf);
    const source = await sourceOfType(s, application.id, 'passkey');
    return { application, source, returnTo: returnToOf(s, form.return_to) };
  }

  app.post<{ Body: PasskeyForm }>('/login/passkey/options', async (request) => {
    await begin(request.body ?? {}, request);
    return authenticationOptions(s.passkeys, 'sign_in');
  });

  app.post<{ Body: PasskeyForm }>('/login/passkey', async (request, reply) => {
    const form = request.body ?? {};
    const { application, source, returnTo } = await begin(form, request);
    const { t } = localeOf(request, reply);
    const checked = await checkPasskey(s.passkeys, 'sign_in', form.ceremony, form.credential);
    const refuse = async (reason: string, userId: string | undefined, status: number) => {
      await recordLoginEvent(db, request, { action: 'login.passkey', outcome: 'failure', reason, userId, applicationId: application.id, sourceId: source.id, method: 'passkey' });
      return renderLogin(s, request, reply, application, returnTo, { selected: source.id, error: t(`reason.${reason}`), status });
    };
    if (!checked.ok) return refuse(checked.reason, checked.userId, 401);
    if (!(await activeUser(db, checked.userId))) return refuse('login.user_inactive', checked.userId, 403);
    return finishSignIn(s, request, reply, {
      userId: checked.userId,
      amr: checked.amr,
      // A key that verified its user gave both factors: the second counts for an application accepting passkeys.
      factors: checked.amr.includes('mfa') ? [{ kind: 'passkey', at: Date.now() }] : undefined,
      applicationId: application.id,
      sourceId: source.id,
      action: 'login.passkey',
      reason: 'passkey.ok',
      returnTo,
      method: 'passkey',
    });
  });
}
