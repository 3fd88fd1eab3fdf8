/**
 * A passkey or security key as the second factor (src/factors/passkey.ts): one of this person's keys,
 * for this challenge's ceremony, where the application accepts passkeys; and a first passkey set up at
 * the sign-in by someone who has no factor yet.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { LoginServices } from '../context.ts';
import { SECOND_FACTOR_PATH } from '../context.ts';
import { localeOf } from '../../pages/send.ts';
import { checkCsrf } from '../../pages/csrf.ts';
import { fail } from '../../errors.ts';
import { dropUnconfirmedFactors } from '../../factors/store.ts';
import { authenticationOptions, checkPasskey, registerPasskey, registrationOptions } from '../../factors/passkey.ts';
import type { FactorForm, FactorSteps } from '../factor-steps.ts';

export function factorPasskeyRoutes(app: FastifyInstance, s: LoginServices, steps: FactorSteps) {
  const { db } = s.ctx.store;

  /** The challenge, when this application takes a passkey from this person now (`use`) or lets them set one up (`enroll`). */
  async function challenge(request: FastifyRequest<{ Body: FactorForm }>, as: 'use' | 'enroll') {
    const { id, pending } = await s.secondFactors.get(request);
    checkCsrf(request, request.body?.csrf);
    const { usable, enrollable } = await steps.situation(pending);
    const allowed = as === 'use' ? usable.includes('passkey') : !pending.recoveryCodes && enrollable.includes('passkey');
    if (!allowed) throw fail('factor.challenge_missing', 'This sign-in step takes no passkey. Sign in again.');
    return { id, pending };
  }

  app.post<{ Body: FactorForm }>(`${SECOND_FACTOR_PATH}/passkey/options`, async (request) => {
    const { pending } = await challenge(request, 'use');
    return authenticationOptions(s.passkeys, 'second_factor', pending.signIn.userId);
  });

  app.post<{ Body: FactorForm }>(`${SECOND_FACTOR_PATH}/passkey`, async (request, reply) => {
    await challenge(request, 'use');
    const started = await steps.attempt(request, reply);
    if (!started) return reply;
    const { id, pending } = started;
    const checked = await checkPasskey(s.passkeys, 'second_factor', request.body?.ceremony, request.body?.credential, pending.signIn.userId);
    if (!checked.ok) return steps.refused(request, reply, id, pending, checked.reason);
    await steps.throttle.succeeded(pending.signIn.userId, request.ip);
    await steps.event(request, pending, 'success', 'factor.passkey_passed');
    return steps.complete(request, reply, id, 'passkey', checked.amr);
  });

  // Setting up a passkey instead of an app: only for someone who has no factor yet (else a first factor alone could add one).
  app.post<{ Body: FactorForm }>(`${SECOND_FACTOR_PATH}/passkey/register/options`, async (request) => {
    const { pending } = await challenge(request, 'enroll');
    const user = await db.selectFrom('users').select(['id', 'username', 'display_name']).where('id', '=', pending.signIn.userId).executeTakeFirstOrThrow();
    return registrationOptions(s.passkeys, { id: user.id, username: user.username, displayName: user.display_name || user.username });
  });

  app.post<{ Body: FactorForm }>(`${SECOND_FACTOR_PATH}/passkey/register`, async (request, reply) => {
    const { id, pending } = await challenge(request, 'enroll');
    const { t } = localeOf(request, reply);
    const registered = await registerPasskey(s.passkeys, pending.signIn.userId, request.body?.ceremony, request.body?.credential, t('passkey.defaultName'));
    if (!registered.ok) return steps.refused(request, reply, id, pending, registered.reason);
    await dropUnconfirmedFactors(db, pending.signIn.userId);
    return steps.enrolled(request, reply, id, pending, 'factor.passkey_enrolled', 'passkey', registered.amr);
  });
}
