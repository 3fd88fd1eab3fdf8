/**
 * The limit on wrong passwords per account, shared by every place a password is checked (the login
 * page, the Enterprise Center sign-in, an admin's own password change): after PASSWORD_MAX_FAILURES
 * wrong ones the account takes no password for the rest of a PASSWORD_FAILURE_WINDOW_MS window that
 * starts at the first failure. Kept in the short-lived store, so every node counts the same attempts.
 */
import type { ShortLivedStore } from '../store/short-lived.ts';

/** Failed passwords per account before a 15-minute pause: well under ASVS 4.0.3 V2.2.1's 100 per hour. */
export const PASSWORD_MAX_FAILURES = 10;
const PASSWORD_FAILURE_WINDOW_MS = 15 * 60 * 1000;

export interface PasswordAttempts {
  /** True while the account has used up its wrong passwords. */
  blocked(accountId: string): Promise<boolean>;
  failed(accountId: string): Promise<void>;
  /** A right password starts the count again. */
  succeeded(accountId: string): Promise<void>;
}

/** Keyed by the account's id: user and admin ids carry their own prefixes, so they never share a count. */
export function passwordAttempts(shortLived: ShortLivedStore): PasswordAttempts {
  const key = (accountId: string) => `pwd-fail:${accountId}`;
  return {
    blocked: async (accountId) => ((await shortLived.get<number>(key(accountId))) ?? 0) >= PASSWORD_MAX_FAILURES,
    failed: async (accountId) => void (await shortLived.increment(key(accountId), PASSWORD_FAILURE_WINDOW_MS)),
    succeeded: (accountId) => shortLived.delete(key(accountId)),
  };
}
