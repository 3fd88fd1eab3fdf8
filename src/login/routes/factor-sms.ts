/**
 * An SMS code to the person's mobile as the second factor, where the application accepts it (never
 * after an SMS sign-in: the same SIM). The existing codes, senders and limits (src/otp/), the code bound
 * to this challenge; a wrong code counts against the challenge like any other.
 */
import type { FastifyInstance } from 'fastify';
import type { LoginServices } from '../context.ts';
import { SECOND_FACTOR_PATH } from '../context.ts';
import { localeOf } from '../../pages/send.ts';
import { checkCsrf } from '../../pages/csrf.ts';
import { fail, PorticoError } from '../../errors.ts';
import { errorStatus } from '../../pages/error-page.ts';
import type { FactorForm, FactorSteps } from '../factor-steps.ts';

/** What the ID token says an SMS code proved (RFC 8176). */
const SMS_AMR = ['sms'];

export function factorSmsRoutes(app: FastifyInstance, s: LoginServices, steps: FactorSteps) {
  const { db } = s.ctx.store;

  app.post<{ Body: FactorForm }>(`${SECOND_FACTOR_PATH}/sms`, async (request, reply) => {
    const { id, pending } = await s.secondFactors.get(request);
    checkCsrf(request, request.body?.csrf);
    if (!(await steps.situation(pending)).usable.includes('sms')) throw fail('factor.challenge_missing', 'This sign-in step takes no SMS code. Sign in again.');
    const { mobile } = await db.selectFrom('users').select('mobile').where('id', '=', pending.signIn.userId).executeTakeFirstOrThrow();
    const { locale, t } = localeOf(request, reply);
    const scope = `factor:${id}`;
    if (request.body?.action === 'send') {
      try {
        const { resendAfterSec } = await s.otp.send({ phone: mobile!, scope, purpose: 'login', ip: request.ip, locale });
        await steps.event(request, pending, 'success', 'factor.sms_sent');
        return steps.show(request, reply, id, pending, { info: t('factor.sms.sent'), resendAfterSec });
      } catch (error) {
        if (!(error instanceof PorticoError)) throw error;
        await steps.event(request, pending, 'failure', error.code);
        return steps.show(request, reply, id, pending, { error: t(`reason.${error.code}`, { n: String(error.detail?.retryAfterSec ?? '') }), status: errorStatus(error) });
      }
    }
    const started = await steps.attempt(request, reply);
    if (!started) return reply;
    try {
      await s.otp.verify({ phone: mobile!, scope, code: String(request.body?.code ?? '').slice(0, 12) });
    } catch (error) {
      if (!(error instanceof PorticoError)) throw error;
      return steps.refused(request, reply, id, pending, error.code);
    }
    await steps.throttle.succeeded(pending.signIn.userId, request.ip);
    await steps.event(request, pending, 'success', 'factor.sms_passed');
    return steps.complete(request, reply, id, 'sms', SMS_AMR);
  });
}
