/**
 * /login/factor: the second factor of a sign-in whose application asks for one (../second-factor.ts).
 * Each request checks the challenge's own state: no code or key, no session; a person without a factor
 * enrolls here (an authenticator app confirmed by a first code, or a passkey), keeps their recovery
 * codes, then goes on. Nobody who has a factor can add one here: that takes a full sign-in (User Center).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LoginServices } from '../context.ts';
import { completeSignIn, SECOND_FACTOR_PATH } from '../context.ts';
import { localeOf, sendPage } from '../../pages/send.ts';
import { checkCsrf, ensureCsrf } from '../../pages/csrf.ts';
import { fail } from '../../errors.ts';
import { recordLoginEvent } from '../events.ts';
import { checkSecondFactor, confirmTotpEnrollment, dropUnconfirmedFactors, hasFactor, pendingTotpSecret, replaceRecoveryCodes, startTotpEnrollment } from '../../factors/store.ts';
import { authenticationOptions, checkPasskey, registerPasskey, registrationOptions } from '../../factors/passkey.ts';
import { clearFactorsReset, wereFactorsReset } from '../../factors/reset-notice.ts';
import { MAX_SECOND_FACTOR_ATTEMPTS, type PendingSecondFactor } from '../second-factor.ts';
import { passwordThrottle } from '../password-throttle.ts';
import { challengeBody, enrollBody, recoveryCodesBody, totpQrDataUrl } from '../pages/factor.ts';
import { PASSKEY_SCRIPT } from '../../pages/passkey-form.ts';

/** What the ID token says a code proved (RFC 8176): a one-time password, so the sign-in has several factors. */
const CODE_AMR = ['otp', 'mfa'];

type FactorForm = { csrf?: string; code?: string; ceremony?: string; credential?: string };

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
    const { userId } = pending.signIn;
    if (!pending.enrolling && (await hasFactor(db, userId))) {
      const passkey = await hasFactor(db, userId, 'passkey');
      const totp = await hasFactor(db, userId, 'totp');
      return sendPage(request, reply, (t) => t('factor.title'), (t) => challengeBody(t, { csrf, error, passkey, totp }), status, passkey ? [PASSKEY_SCRIPT] : []);
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
    return sendPage(
      request,
      reply,
      (t) => t('factor.enroll.title'),
      (t) => enrollBody(t, { csrf, qrDataUrl, secret: secret!, error, notice: reset ? t('factor.enroll.afterReset') : undefined }),
      status,
      [PASSKEY_SCRIPT],
    );
  }

  /** The sign-in goes on, with the second factor (`amr`, RFC 8176) in its methods. */
  async function complete(request: FastifyRequest, reply: FastifyReply, id: string, amr: string[]) {
    const ended = await s.secondFactors.end(reply, id);
    if (!ended) throw fail('factor.challenge_missing', 'This sign-in step was already used. Sign in again.');
    const { signIn } = ended;
    // This browser now knows the person: an application asking only on a new device does not ask again for a while.
    s.devices.remember(reply, signIn.userId);
    return completeSignIn(s, request, reply, { ...signIn, amr: [...new Set([...signIn.amr, ...amr, 'mfa'])] });
  }

  /** The challenge and its person, once the form's CSRF token and the person's pace are checked; undefined when slowed (the page says so). */
  async function attempt(request: FastifyRequest<{ Body: FactorForm }>, reply: FastifyReply) {
    const { id, pending } = await s.secondFactors.get(request);
    checkCsrf(request, request.body?.csrf);
    const verdict = await throttle.begin(pending.signIn.userId, request.ip);
    if (verdict.allowed) return { id, pending };
    await event(request, pending, 'failure', 'factor.slowed');
    const { t } = localeOf(request, reply);
    await show(request, reply, id, pending, t('reason.factor.slowed', { n: verdict.retryAfterSec }), 429);
    return undefined;
  }

  /** A wrong code or key: counted, and the fifth ends the challenge. */
  async function refused(request: FastifyRequest, reply: FastifyReply, id: string, pending: PendingSecondFactor, reason: string) {
    pending.attempts++;
    await throttle.failed(pending.signIn.userId);
    await event(request, pending, 'failure', reason);
    if (pending.attempts >= MAX_SECOND_FACTOR_ATTEMPTS) {
      await s.secondFactors.end(reply, id);
      await event(request, pending, 'failure', 'factor.too_many_attempts');
      throw fail('factor.too_many_attempts', 'Too many wrong codes. Sign in again.');
    }
    await s.secondFactors.save(id, pending);
    return show(request, reply, id, pending, localeOf(request, reply).t(`reason.${reason}`), 400);
  }

  /** Enrolled (an app's first code, or a new passkey): the recovery codes, shown once, before the sign-in goes on. */
  async function enrolled(request: FastifyRequest, reply: FastifyReply, id: string, pending: PendingSecondFactor, reason: string, amr: string[]) {
    await event(request, pending, 'success', reason);
    pending.enrolledAmr = amr;
    pending.recoveryCodes = await replaceRecoveryCodes(s.factors, pending.signIn.userId);
    pending.enrolling = undefined;
    await s.secondFactors.save(id, pending);
    return show(request, reply, id, pending);
  }

  app.get(SECOND_FACTOR_PATH, async (request, reply) => {
    const { id, pending } = await s.secondFactors.get(request);
    return show(request, reply, id, pending);
  });

  app.post<{ Body: FactorForm }>(SECOND_FACTOR_PATH, async (request, reply) => {
    const started = await attempt(request, reply);
    if (!started) return reply;
    const { id, pending } = started;
    if (pending.recoveryCodes) return show(request, reply, id, pending);
    const { userId } = pending.signIn;
    const code = String(request.body?.code ?? '').slice(0, 32);
    const result = pending.enrolling ? await confirmTotpEnrollment(s.factors, userId, pending.enrolling, code) : await checkSecondFactor(s.factors, userId, code);
    if (!result.ok) return refused(request, reply, id, pending, result.reason);
    await throttle.succeeded(userId, request.ip);
    if (pending.enrolling) return enrolled(request, reply, id, pending, 'factor.enrolled', CODE_AMR);
    await event(request, pending, 'success', result.used === 'recovery' ? 'factor.recovery_used' : 'factor.passed');
    return complete(request, reply, id, CODE_AMR);
  });

  // A passkey as the second factor: one of this person's keys, for this challenge's ceremony.
  app.post<{ Body: FactorForm }>(`${SECOND_FACTOR_PATH}/passkey/options`, async (request) => {
    const { pending } = await s.secondFactors.get(request);
    checkCsrf(request, request.body?.csrf);
    return authenticationOptions(s.passkeys, 'second_factor', pending.signIn.userId);
  });

  app.post<{ Body: FactorForm }>(`${SECOND_FACTOR_PATH}/passkey`, async (request, reply) => {
    const started = await attempt(request, reply);
    if (!started) return reply;
    const { id, pending } = started;
    const checked = await checkPasskey(s.passkeys, 'second_factor', request.body?.ceremony, request.body?.credential, pending.signIn.userId);
    if (!checked.ok) return refused(request, reply, id, pending, checked.reason);
    await throttle.succeeded(pending.signIn.userId, request.ip);
    await event(request, pending, 'success', 'factor.passkey_passed');
    return complete(request, reply, id, checked.amr);
  });

  // Enrolling a passkey instead of an app: only for someone who has no factor yet (else a first factor alone could add one).
  async function enrollingPerson(request: FastifyRequest<{ Body: FactorForm }>) {
    const { id, pending } = await s.secondFactors.get(request);
    checkCsrf(request, request.body?.csrf);
    if (pending.recoveryCodes || (await hasFactor(db, pending.signIn.userId))) throw fail('factor.challenge_missing', 'This sign-in step has no enrollment. Sign in again.');
    return { id, pending };
  }

  app.post<{ Body: FactorForm }>(`${SECOND_FACTOR_PATH}/passkey/register/options`, async (request) => {
    const { pending } = await enrollingPerson(request);
    const user = await db.selectFrom('users').select(['id', 'username', 'display_name']).where('id', '=', pending.signIn.userId).executeTakeFirstOrThrow();
    return registrationOptions(s.passkeys, { id: user.id, username: user.username, displayName: user.display_name || user.username });
  });

  app.post<{ Body: FactorForm }>(`${SECOND_FACTOR_PATH}/passkey/register`, async (request, reply) => {
    const { id, pending } = await enrollingPerson(request);
    const { t } = localeOf(request, reply);
    const registered = await registerPasskey(s.passkeys, pending.signIn.userId, request.body?.ceremony, request.body?.credential, t('passkey.defaultName'));
    if (!registered.ok) return refused(request, reply, id, pending, registered.reason);
    await dropUnconfirmedFactors(db, pending.signIn.userId);
    return enrolled(request, reply, id, pending, 'factor.passkey_enrolled', registered.amr);
  });

  /** After the recovery codes were shown: on to the application. */
  app.post<{ Body: { csrf?: string } }>(`${SECOND_FACTOR_PATH}/continue`, async (request, reply) => {
    const { id, pending } = await s.secondFactors.get(request);
    checkCsrf(request, request.body?.csrf);
    if (!pending.recoveryCodes) return show(request, reply, id, pending);
    // The factor just enrolled was proven by enrolling it: an app's first code, or the new key's signature.
    return complete(request, reply, id, pending.enrolledAmr ?? CODE_AMR);
  });
}
