/**
 * What every route of the second step shares (./routes/factor*.ts): what the person can give for this
 * application (its policy and what they hold), the page, the pace of guesses, counting a refusal, the
 * end of an enrollment, and the sign-in going on with the factor given. Each route checks the
 * challenge's own state first: no code or key, no session.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LoginServices } from './context.ts';
import { completeSignIn } from './context.ts';
import { localeOf, sendPage } from '../pages/send.ts';
import { checkCsrf, ensureCsrf } from '../pages/csrf.ts';
import { fail } from '../errors.ts';
import { recordLoginEvent } from './events.ts';
import { heldFactors, pendingTotpSecret, replaceRecoveryCodes, startTotpEnrollment } from '../factors/store.ts';
import { enrollableFactors, usableFactors } from '../factors/policy.ts';
import type { GivenFactor } from '../factors/views.ts';
import { clearFactorsReset, wereFactorsReset } from '../factors/reset-notice.ts';
import { MAX_SECOND_FACTOR_ATTEMPTS, secondFactorPolicy, type PendingSecondFactor } from './second-factor.ts';
import { passwordThrottle } from './password-throttle.ts';
import { challengeBody, enrollBody, recoveryCodesBody, totpQrDataUrl } from './pages/factor.ts';
import { PASSKEY_SCRIPT } from '../pages/passkey-form.ts';
import { maskPhone } from '../sms/phone.ts';

export type FactorForm = { csrf?: string; code?: string; ceremony?: string; credential?: string; action?: string };

/** What a refusal or a sent code adds to the page. */
export interface FactorPageState {
  error?: string;
  info?: string;
  resendAfterSec?: number;
  status?: number;
}

export function createFactorSteps(s: LoginServices) {
  const { db } = s.ctx.store;
  // Five wrong codes end one challenge; across challenges, a client guessing one person's codes waits
  // longer and longer, and past the account's hourly ceiling every client does (OWASP ASVS 5.0 6.3.1).
  const throttle = passwordThrottle(s.ctx.shortLived, 'factor');

  const event = (request: FastifyRequest, pending: PendingSecondFactor, outcome: 'success' | 'failure', reason: string) =>
    recordLoginEvent(db, request, { action: 'login.factor', outcome, reason, userId: pending.signIn.userId, applicationId: pending.signIn.applicationId, sourceId: pending.signIn.sourceId });

  /**
   * What this person can give this application: the accepted kinds they hold (`usable`), or, for someone
   * with no factor at all, the kinds they may set up here (`enrollable`). Someone who holds factors, none
   * accepted here, cannot add one at a sign-in (a first factor alone must never add a factor).
   */
  async function situation(pending: PendingSecondFactor) {
    const { userId, applicationId, method } = pending.signIn;
    const policy = await secondFactorPolicy(db, applicationId);
    const held = await heldFactors(db, userId);
    const usable = usableFactors(policy, held, method);
    const enrollable = held.totp || held.passkey ? [] : enrollableFactors(policy);
    return { usable, enrollable };
  }

  async function show(request: FastifyRequest, reply: FastifyReply, id: string, pending: PendingSecondFactor, state: FactorPageState = {}) {
    const csrf = ensureCsrf(request, reply, s.secureCookies);
    const { userId } = pending.signIn;
    const status = state.status ?? 200;
    if (pending.recoveryCodes) {
      // Recovery codes come only after an enrollment: an administrator's reset has been answered.
      await clearFactorsReset(s.ctx.shortLived, userId);
      return sendPage(request, reply, (t) => t('factor.recovery.title'), (t) => recoveryCodesBody(t, { csrf, codes: pending.recoveryCodes! }));
    }
    const { usable, enrollable } = await situation(pending);
    if (!pending.enrolling && usable.length) {
      const user = await db.selectFrom('users').select('mobile').where('id', '=', userId).executeTakeFirstOrThrow();
      const phone = usable.includes('sms') && user.mobile ? maskPhone(user.mobile) : undefined;
      return sendPage(request, reply, (t) => t('factor.title'), (t) => challengeBody(t, { ...state, csrf, usable, phone }), status, [
        ...(usable.includes('passkey') ? [PASSKEY_SCRIPT] : []),
        ...(phone ? ['/assets/countdown.js'] : []),
      ]);
    }
    if (!enrollable.length) throw fail('factor.none_usable', 'This application accepts no second factor you can give. Add one it accepts in the User Center, or ask your administrator.');
    let secret: string | undefined;
    if (enrollable.includes('totp')) {
      secret = (pending.enrolling && (await pendingTotpSecret(s.factors, userId, pending.enrolling))) || undefined;
      if (!secret) {
        const started = await startTotpEnrollment(s.factors, userId);
        pending.enrolling = started.factorId;
        secret = started.secret;
        await s.secondFactors.save(id, pending);
      }
    }
    const user = await db.selectFrom('users').select('username').where('id', '=', userId).executeTakeFirstOrThrow();
    const totp = secret ? { secret, qrDataUrl: await totpQrDataUrl(secret, user.username) } : undefined;
    const reset = await wereFactorsReset(s.ctx.shortLived, userId);
    return sendPage(
      request,
      reply,
      (t) => t('factor.enroll.title'),
      (t) => enrollBody(t, { csrf, totp, passkey: enrollable.includes('passkey'), error: state.error, notice: reset ? t('factor.enroll.afterReset') : undefined }),
      status,
      [PASSKEY_SCRIPT],
    );
  }

  /** The sign-in goes on, with the second factor in its methods (`amr`, RFC 8176) and in the session's factors. */
  async function complete(request: FastifyRequest, reply: FastifyReply, id: string, given: GivenFactor['kind'], amr: string[]) {
    const ended = await s.secondFactors.end(reply, id);
    if (!ended) throw fail('factor.challenge_missing', 'This sign-in step was already used. Sign in again.');
    const { signIn } = ended;
    // This browser now knows the person: an application asking only on a new device does not ask again for a while.
    s.devices.remember(reply, signIn.userId);
    const factors = [...(signIn.factors ?? []), { kind: given, at: Date.now() }];
    return completeSignIn(s, request, reply, { ...signIn, factors, amr: [...new Set([...signIn.amr, ...amr, 'mfa'])] });
  }

  /** The challenge and its person, once the form's CSRF token and the person's pace are checked; undefined when slowed (the page says so). */
  async function attempt(request: FastifyRequest<{ Body: FactorForm }>, reply: FastifyReply) {
    const { id, pending } = await s.secondFactors.get(request);
    checkCsrf(request, request.body?.csrf);
    const verdict = await throttle.begin(pending.signIn.userId, request.ip);
    if (verdict.allowed) return { id, pending };
    await event(request, pending, 'failure', 'factor.slowed');
    const { t } = localeOf(request, reply);
    await show(request, reply, id, pending, { error: t('reason.factor.slowed', { n: verdict.retryAfterSec }), status: 429 });
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
    return show(request, reply, id, pending, { error: localeOf(request, reply).t(`reason.${reason}`), status: 400 });
  }

  /** Enrolled (an app's first code, or a new passkey): the recovery codes, shown once, before the sign-in goes on. */
  async function enrolled(request: FastifyRequest, reply: FastifyReply, id: string, pending: PendingSecondFactor, reason: string, kind: 'totp' | 'passkey', amr: string[]) {
    await event(request, pending, 'success', reason);
    pending.enrolled = { kind, amr };
    pending.recoveryCodes = await replaceRecoveryCodes(s.factors, pending.signIn.userId);
    pending.enrolling = undefined;
    await s.secondFactors.save(id, pending);
    return show(request, reply, id, pending);
  }

  return { throttle, event, situation, show, complete, attempt, refused, enrolled };
}

export type FactorSteps = ReturnType<typeof createFactorSteps>;
