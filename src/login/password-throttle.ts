/**
 * Limits on guessing passwords that cannot be turned against the account's owner. Wrong passwords
 * are counted per (sign-in name, client): a client that keeps guessing waits longer and longer
 * between tries, while the owner, on another client, is not held up. Wrong passwords are also
 * counted per name from all clients together: past a ceiling every client is slowed from its first
 * wrong try, but nobody is ever locked out (OWASP Authentication Cheat Sheet: lockout is a denial of
 * service; ASVS 5.0 6.3.1). Counters are keyed by the name as typed (normalized), never by whether an
 * account exists, so known and unknown names answer alike (ASVS 5.0 6.3.8). Kept in the short-lived
 * store: every node counts the same attempts.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ShortLivedStore } from '../store/short-lived.ts';

/** Tries a client gets on one name before it must wait between tries. */
export const PASSWORD_FREE_TRIES = 5;
/** The first wait; each further try doubles it (progressive delay), up to the maximum. */
export const PASSWORD_FIRST_DELAY_MS = 1000;
export const PASSWORD_MAX_DELAY_MS = 15 * 60 * 1000;
/**
 * Wrong passwords on one name per hour, all clients together, after which every client waits from
 * its first wrong try (ASVS 4.0.3 V2.2.1 puts the line at 100 failed attempts per hour per account).
 */
export const PASSWORD_FAILURE_CEILING = 100;
/** Tries a client gets on a name that is past its ceiling before it waits. */
const FREE_TRIES_PAST_CEILING = 1;
/** Counters start over an hour after their first count. */
const WINDOW_MS = 60 * 60 * 1000;

/**
 * Whose guesses are counted: users' passwords (login pages), admins' (Enterprise Center), and users'
 * second-factor codes (`factor`, counted by the user's id: a slowdown across challenges, issue 16).
 * They never share counts.
 */
export type PasswordRealm = 'user' | 'admin' | 'factor';

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSec: number };

const digest = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('base64url');
/** Delay before the next try after `k` tries beyond the free ones. */
export const delayAfter = (k: number) => Math.min(PASSWORD_FIRST_DELAY_MS * 2 ** Math.min(k, 30), PASSWORD_MAX_DELAY_MS);

/** A name's keys; names and clients are hashed, so the store never holds what people typed. */
function nameKeys(realm: PasswordRealm, name: string) {
  const id = digest(realm, name);
  // A reset draws a new epoch: every client's counters for the name are forgotten at once.
  return { epoch: `pwd-epoch:${id}`, failures: `pwd-failures:${id}` };
}

export function passwordThrottle(shortLived: ShortLivedStore, realm: PasswordRealm) {
  const clientKeys = async (name: string, client: string) => {
    const id = digest(realm, name, client, (await shortLived.get<string>(nameKeys(realm, name).epoch)) ?? '');
    return { tries: `pwd-tries:${id}`, gate: `pwd-gate:${id}` };
  };

  return {
    /**
     * Before a password for `name` is checked: whether `client` may try now. Every try counts (one
     * atomic increment), so a burst of parallel requests gets no more than the free tries; a try
     * beyond them must find the gate open, and closes it for the next, longer, delay.
     */
    async begin(name: string, client: string): Promise<ThrottleVerdict> {
      const keys = await clientKeys(name, client);
      const tries = await shortLived.increment(keys.tries, WINDOW_MS);
      const pastCeiling = Number((await shortLived.get(nameKeys(realm, name).failures)) ?? 0) >= PASSWORD_FAILURE_CEILING;
      const free = pastCeiling ? FREE_TRIES_PAST_CEILING : PASSWORD_FREE_TRIES;
      if (tries < free) return { allowed: true };
      if (tries === free) {
        await shortLived.set(keys.gate, 1, delayAfter(0));
        return { allowed: true };
      }
      if (await shortLived.setIfAbsent(keys.gate, 1, delayAfter(tries - free))) return { allowed: true };
      return { allowed: false, retryAfterSec: Math.max(1, Math.ceil((await shortLived.ttl(keys.gate)) / 1000)) };
    },
    /** A wrong password: counted against the name, from every client together. */
    async failed(name: string): Promise<void> {
      await shortLived.increment(nameKeys(realm, name).failures, WINDOW_MS);
    },
    /** The right password: this client starts over (the name's count from others stays). */
    async succeeded(name: string, client: string): Promise<void> {
      const keys = await clientKeys(name, client);
      await shortLived.delete(keys.tries);
      await shortLived.delete(keys.gate);
    },
  };
}

export type PasswordThrottle = ReturnType<typeof passwordThrottle>;

/** Forgets every count for `name` (an operator resetting a locked-out admin's password). */
export async function resetPasswordThrottle(shortLived: ShortLivedStore, realm: PasswordRealm, name: string): Promise<void> {
  const keys = nameKeys(realm, name);
  await shortLived.set(keys.epoch, randomBytes(16).toString('base64url'), WINDOW_MS);
  await shortLived.delete(keys.failures);
}
