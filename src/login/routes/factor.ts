/**
 * /login/factor: the second factor of a sign-in whose application asks for one (../second-factor.ts,
 * ../factor-steps.ts): an authenticator app's code or a recovery code here, a passkey
 * (./factor-passkey.ts) or an SMS code (./factor-sms.ts) beside it. A person without any factor
 * enrolls here (an app confirmed by a first code, or a passkey), keeps their recovery codes, then goes on.
 */
import type { FastifyInstance } from 'fastify';
import type { LoginServices } from '../context.ts';
import { SECOND_FACTOR_PATH } from '../context.ts';
import { checkCsrf } from '../../pages/csrf.ts';
import { checkSecondFactor, confirmTotpEnrollment } from '../../factors/store.ts';
import type { FactorForm, FactorSteps } from '../factor-steps.ts';

/** What the ID token says a code proved (RFC 8176): a one-time password, so the sign-in has several factors. */
const CODE_AMR = ['otp'];

export function factorRoutes(app: FastifyInstance, s: LoginServices, steps: FactorSteps) {
  app.get(SECOND_FACTOR_PATH, async (request, reply) => {
    const { id, pending } = await s.secondFactors.get(request);
    return steps.show(request, reply, id, pending);
  });

  app.post<{ Body: FactorForm }>(SECOND_FACTOR_PATH, async (request, reply) => {
    const started = await steps.attempt(request, reply);
    if (!started) return reply;
    const { id, pending } = started;
    if (pending.recoveryCodes) return steps.show(request, reply, id, pending);
    const { userId } = pending.signIn;
    const code = String(request.body?.code ?? '').slice(0, 32);
    // An app's code counts only where the application accepts apps; a recovery code stands in for any factor.
    const totp = (await steps.situation(pending)).usable.includes('totp');
    const result = pending.enrolling ? await confirmTotpEnrollment(s.factors, userId, pending.enrolling, code) : await checkSecondFactor(s.factors, userId, code, { totp });
    if (!result.ok) return steps.refused(request, reply, id, pending, result.reason);
    await steps.throttle.succeeded(userId, request.ip);
    if (pending.enrolling) return steps.enrolled(request, reply, id, pending, 'factor.enrolled', 'totp', CODE_AMR);
    if (result.used === 'recovery') {
      await steps.event(request, pending, 'success', 'factor.recovery_used');
      return steps.complete(request, reply, id, 'recovery', CODE_AMR);
    }
    await steps.event(request, pending, 'success', 'factor.passed');
    return steps.complete(request, reply, id, 'totp', CODE_AMR);
  });

  /** After the recovery codes were shown: on to the application. */
  app.post<{ Body: { csrf?: string } }>(`${SECOND_FACTOR_PATH}/continue`, async (request, reply) => {
    const { id, pending } = await s.secondFactors.get(request);
    checkCsrf(request, request.body?.csrf);
    if (!pending.recoveryCodes || !pending.enrolled) return steps.show(request, reply, id, pending);
    // The factor just enrolled was proven by enrolling it: an app's first code, or the new key's signature.
    return steps.complete(request, reply, id, pending.enrolled.kind, pending.enrolled.amr);
  });
}
