/**
 * A person's password, checked the same wherever a login page asks for one (the password form, binding an
 * external account by signing in to an existing one): one count of guesses (./password-throttle.ts), asked
 * before anything is looked up, by the name as typed, and an unknown name refused exactly like a wrong
 * password, in the same time.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../store/database.ts';
import type { ShortLivedStore } from '../store/short-lived.ts';
import { findUserByLoginName } from '../directory/user-store.ts';
import { canonicalLoginName, canSignIn } from '../directory/users.ts';
import { normalizeEmail, normalizePhone } from '../directory/phone.ts';
import { verifyDecoy, verifyPassword, PASSWORD_MAX_LENGTH } from '../crypto/password.ts';
import { localeOf } from '../pages/send.ts';
import { passwordThrottle } from './password-throttle.ts';
import { recordLoginEvent, type LoginEvent } from './events.ts';

export type PasswordRefusal = { reason: 'login.invalid_credentials' | 'login.user_inactive'; userId?: string } | { reason: 'login.too_many_failures'; retryAfterSec: number };

const STATUS: Record<PasswordRefusal['reason'], number> = { 'login.invalid_credentials': 401, 'login.user_inactive': 403, 'login.too_many_failures': 429 };

/** A form's sign-in name (username, mobile or email) and password, bounded. */
export const typedCredentials = (form: { username?: unknown; password?: unknown }) => ({
  username: String(form.username ?? '').trim().slice(0, 254),
  password: String(form.password ?? '').slice(0, PASSWORD_MAX_LENGTH),
});

/** Checks users' passwords from login pages: the user who may sign in, or why not. */
export function userPasswordCheck(db: Db, shortLived: ShortLivedStore) {
  const throttle = passwordThrottle(shortLived, 'user');
  return async (username: string, password: string, client: string): Promise<{ userId: string } | { refused: PasswordRefusal }> => {
    const name = canonicalLoginName(username);
    const verdict = await throttle.begin(name, client);
    if (!verdict.allowed) return { refused: { reason: 'login.too_many_failures', retryAfterSec: verdict.retryAfterSec } };
    const user = username ? await findUserByLoginName(db, { username: username.toLowerCase(), mobile: normalizePhone(username), email: normalizeEmail(username) }) : undefined;
    if (!user?.password_hash) {
      await verifyDecoy(password); // same time as a real check: no account enumeration by timing (ASVS 6.3.8)
      await throttle.failed(name);
      return { refused: { reason: 'login.invalid_credentials' } };
    }
    if (!(await verifyPassword(password, user.password_hash))) {
      await throttle.failed(name);
      return { refused: { reason: 'login.invalid_credentials', userId: user.id } };
    }
    await throttle.succeeded(name, client);
    if (!canSignIn(user)) return { refused: { reason: 'login.user_inactive', userId: user.id } };
    return { userId: user.id };
  };
}

/**
 * A refusal recorded as the attempt's login event, with Retry-After when the client is slowed; returns what
 * the page then says, and its status.
 */
export async function refusePassword(db: Db, request: FastifyRequest, reply: FastifyReply, refused: PasswordRefusal, event: Omit<LoginEvent, 'outcome' | 'reason' | 'userId'>) {
  const retryAfterSec = 'retryAfterSec' in refused ? refused.retryAfterSec : undefined;
  await recordLoginEvent(db, request, { ...event, outcome: 'failure', reason: refused.reason, userId: 'userId' in refused ? refused.userId : undefined });
  if (retryAfterSec) reply.header('retry-after', String(retryAfterSec));
  const { t } = localeOf(request, reply);
  return { error: t(`reason.${refused.reason}`, { n: String(retryAfterSec ?? '') }), status: STATUS[refused.reason] };
}
