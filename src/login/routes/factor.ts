/**
 * /login/factor: the second factor of a sign-in whose application asks for one (../second-factor.ts).
 * Each request checks the challenge's own state: no code, no session; a person without a factor
 * enrolls an authenticator app here (confirmed by a first code), keeps their recovery codes, then goes on.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LoginServices } from '../context.ts';
import { completeSignIn, SECOND_FACTOR_PATH } from '../context.ts';
import { localeOf, sendPage } from '../../pages/send.ts';
import { checkCsrf, ensureCsrf } from '../../pages/csrf.ts';
import { fail } from '../../errors.ts';
import { recordLoginEvent } from '../events.ts';
import { checkSecondFactor, confirmTotpEnrollment, hasFactor, pendingTotpSecret, replaceRecoveryCodes, startTotpEnrollment } from '../../factors/store.ts';
import { clearFactorsReset, wereFactorsReset } from '../../factors/reset-notice.ts';
import { MAX_SECOND_FACTOR_ATTEMPTS, type PendingSecondFactor } from '../second-factor.ts';
import { passwordThrottle } from '../password-throttle.ts';
import { challengeBody, enrollBody, recoveryCodesBody, totpQrDataUrl } from '../pages/factor.ts';

/** What the ID token says was used (RFC 8176): a one-time password, so the sign-in has several factors. */
const SECOND_FACTOR_AMR = ['otp', 'mfa'];

export function factorRoutes(app: FastifyInstance, s: LoginServices) {
  const { db } = s.ctx.store;
  // Five wrong codes end one challenge; across challenges, a client guessing one person's codes waits
  // longer and longer, and past the account's hourly ceiling every client does (OWASP ASVS 5.0 6.3.1).
  const throttle = passwordThrottle(s.ctx.shortLived, 'factor');

  const event = (request: FastifyRequest, pending: PendingSecondFactor, outcome: 'success' | 'failure', reason: string) =>
    recordLoginEvent(db, request, {
      action: 'login.factor',
      outcome,
      reason,
      userId: pending.signIn.userId,
      applicationId: pending.signIn.applicationId,
      sourceId: pending.signIn.sourceId,
    });

  async function show(request: FastifyRequest, reply: FastifyReply, id: string, pending: PendingSecondFactor, error?: string, status = 200) {
    const csrf = ensureCsrf(request, reply, s.secureCookies);
    if (pending.recoveryCodes) {
      // Recovery codes come only after an enrollment: an administrator's reset has been answered.
      await clearFactorsReset(s.ctx.shortLived, pending.signIn.userId);
      return sendPage(request, reply, (t) => t('factor.recovery.title'), (t) => recoveryCodesBody(t, { csrf, codes: pending.recoveryCodes! }));
    }
    if (!pending.enrolling && (await hasFactor(db, pending.signIn.userId))) {
      return sendPage(request, reply, (t) => t('factor.title'), (t) => challengeBody(t, { csrf, error }), status);
    }
    let secret = pending.enrolling ? await pendingTotpSecret(s.factors, pending.signIn.userId, pending.enrolling) : null;
    if (!secret) {
      const started = await startTotpEnrollment(s.factors, pending.signIn.userId);
      pending.enrolling = started.factorId;
      secret = started.secret;
      await s.secondFactors.save(id, pending);
    }
    const user = await db.selectFrom('users').select('username').where('id', '=', pending.signIn.userId).executeTakeFirstOrThrow();
    const qrDataUrl = await totpQrDataUrl(secret, user.username);
    const reset = await wereFactorsReset(s.ctx.shortLived, pending.signIn.userId);
    return sendPage(request, reply, (t) => t('factor.enroll.title'), (t) => enrollBody(t, { csrf, qrDataUrl, secret: secret!, error, notice: reset ? t('factor.enroll.afterReset') : undefined }), status);
  }

  /** The sign-in goes on, with the second factor in its methods. */
  async function complete(request: FastifyRequest, reply: FastifyReply, id: string) {
    const ended = await s.secondFactors.end(reply, id);
    if (!ended) throw fail('factor.challenge_missing', 'This sign-in step was already used. Sign in again.');
    const { signIn } = ended;
    // This browser now knows the person: an application asking only on a new device does not ask again for a while.
    s.devices.remember(reply, signIn.userId);
    return completeSignIn(s, request, reply, { ...signIn, amr: [...new Set([...signIn.amr, ...SECOND_FACTOR_AMR])] });
  }

  app.get(SECOND_FACTOR_PATH, async (request, reply) => {
    const { id, pending } = await s.secondFactors.get(request);
    return show(request, reply, id, pending);
  });

  app.post<{ Body: { csrf?: string; code?: string } }>(SECOND_FACTOR_PATH, async (request, reply) => {
    const { id, pending } = await s.secondFactors.get(request);
    checkCsrf(request, request.body?.csrf);
    const { t } = localeOf(request, reply);
    if (pending.recoveryCodes) return show(request, reply, id, pending);
    const { userId } = pending.signIn;
    const verdict = await throttle.begin(userId, request.ip);
    if (!verdict.allowed) {
      await event(request, pending, 'failure', 'factor.slowed');
      return show(request, reply, id, pending, t('reason.factor.slowed', { n: verdict.retryAfterSec }), 429);
    }
    const code = String(request.body?.code ?? '').slice(0, 32);
    const result = pending.enrolling
      ? await confirmTotpEnrollment(s.factors, pending.signIn.userId, pending.enrolling, code)
      : await checkSecondFactor(s.factors, pending.signIn.userId, code);
    if (result.ok) {
      await throttle.succeeded(userId, request.ip);
      if (pending.enrolling) {
        await event(request, pending, 'success', 'factor.enrolled');
        pending.recoveryCodes = await replaceRecoveryCodes(s.factors, pending.signIn.userId);
        pending.enrolling = undefined;
        await s.secondFactors.save(id, pending);
        return show(request, reply, id, pending);
      }
      await event(request, pending, 'success', result.used === 'recovery' ? 'factor.recovery_used' : 'factor.passed');
      return complete(request, reply, id);
    }
    pending.attempts++;
    await throttle.failed(userId);
    await event(request, pending, 'failure', result.reason);
    if (pending.attempts >= MAX_SECOND_FACTOR_ATTEMPTS) {
      await s.secondFactors.end(reply, id);
      await event(request, pending, 'failure', 'factor.too_many_attempts');
      throw fail('factor.too_many_attempts', 'Too many wrong codes. Sign in again.');
    }
    await s.secondFactors.save(id, pending);
    return show(request, reply, id, pending, t(`reason.${result.reason}`), 400);
  });

  /** After the recovery codes were shown: on to the application. */
  app.post<{ Body: { csrf?: string } }>(`${SECOND_FACTOR_PATH}/continue`, async (request, reply) => {
    const { id, pending } = await s.secondFactors.get(request);
    checkCsrf(request, request.body?.csrf);
    if (!pending.recoveryCodes) return show(request, reply, id, pending);
    return complete(request, reply, id);
  });
}
