/** POST /login/sms: sign in with a code texted to the user's mobile (action=send, then action=verify). */
import type { FastifyInstance } from 'fastify';
import type { LoginServices } from '../context.ts';
import { finishSignIn, resolveApplication, returnToOf, sourceOfType } from '../context.ts';
import { localeOf } from '../../pages/send.ts';
import { checkCsrf } from '../../pages/csrf.ts';
import { renderLogin } from './page.ts';
import { recordLoginEvent } from '../events.ts';
import { normalizePhone } from '../../directory/phone.ts';
import { findUsersByAttribute } from '../../directory/user-store.ts';
import { canSignIn } from '../../directory/users.ts';
import { PorticoError } from '../../errors.ts';
import { errorStatus, errorText } from '../../pages/error-page.ts';

interface SmsForm {
  app?: string;
  return_to?: string;
  csrf?: string;
  action?: string;
  phone?: string;
  code?: string;
}

export function smsRoutes(app: FastifyInstance, s: LoginServices) {
  const { store } = s.ctx;

  app.post<{ Body: SmsForm }>('/login/sms', async (request, reply) => {
    const form = request.body ?? {};
    const application = await resolveApplication(s, form.app);
    const returnTo = returnToOf(s, form.return_to);
    checkCsrf(request, form.csrf);
    const source = await sourceOfType(s, application.id, 'sms');
    const { locale, t } = localeOf(request, reply);
    const rawPhone = String(form.phone ?? '').slice(0, 32);
    const phone = normalizePhone(rawPhone);
    const again = (state: { error?: string; info?: string; resendAfterSec?: number; status?: number }) =>
      renderLogin(s, request, reply, application, returnTo, { selected: source.id, phone: rawPhone, ...state });
    if (!phone) return again({ error: t('reason.login.invalid_phone'), status: 400 });

    try {
      if (form.action === 'send') {
        const { resendAfterSec } = await s.otp.send({ phone, scope: 'login', purpose: 'login', ip: request.ip, locale });
        await recordLoginEvent(store.db, request, { action: 'login.sms.send', outcome: 'success', reason: 'otp.sent', applicationId: application.id, sourceId: source.id });
        return again({ info: t('sms.codeSent'), resendAfterSec });
      }
      await s.otp.verify({ phone, scope: 'login', code: String(form.code ?? '').slice(0, 12) });
    } catch (error) {
      if (!(error instanceof PorticoError)) throw error;
      const sending = form.action === 'send';
      await recordLoginEvent(store.db, request, { action: sending ? 'login.sms.send' : 'login.sms', outcome: 'failure', reason: error.code, applicationId: application.id, sourceId: source.id, method: sending ? undefined : 'sms' });
      return again({ error: errorText(t, error), status: errorStatus(error) });
    }

    const users = await findUsersByAttribute(store.db, 'mobile', phone);
    const user = users.find(canSignIn);
    if (!user) {
      const reason = users.length ? 'login.user_inactive' : 'login.no_user_for_phone';
      await recordLoginEvent(store.db, request, { action: 'login.sms', outcome: 'failure', reason, userId: users[0]?.id, applicationId: application.id, sourceId: source.id, method: 'sms' });
      return again({ error: t(`reason.${reason}`), status: 403 });
    }
    return finishSignIn(s, request, reply, {
      userId: user.id,
      amr: ['sms'],
      applicationId: application.id,
      sourceId: source.id,
      action: 'login.sms',
      reason: 'otp.ok',
      returnTo,
      method: 'sms',
      // The code just proved the person holds the number the user has: it is verified (./verified-contacts.ts).
      proven: { mobile: phone, reason: 'otp.ok' },
    });
  });
}
