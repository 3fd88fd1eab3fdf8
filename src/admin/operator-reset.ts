/**
 * The way back in for a locked-out or forgotten admin: someone with shell access to a Portico server
 * (and so to its configuration and database) sets a new password. Run by `npm run admin -- reset-password`
 * (src/cli/admin.ts); audited as the operator, never with the password.
 */
import { randomBytes } from 'node:crypto';
import type { Store } from '../store/database.ts';
import type { ShortLivedStore } from '../store/short-lived.ts';
import { fail, invalid } from '../errors.ts';
import { PASSWORD_MAX_LENGTH } from '../crypto/password.ts';
import { recordAudit, type Actor } from '../audit/audit.ts';
import { resetPasswordThrottle } from '../login/password-throttle.ts';
import { updateAdmin, type Admin } from './admins.ts';

/** Who the audit log names for a command-line change: no admin signed in, someone at the server did it. */
export const OPERATOR_ACTOR: Actor = { type: 'system', id: null, name: 'operator (command line)', ip: null, userAgent: null };

/**
 * A generated password: 18 bytes from the CSPRNG, 24 base64url characters (144 bits), printed once.
 * ASVS 5.0 V6.4.1 wants system-generated passwords securely random and not kept for the long term;
 * Portico does not force the change, the command tells the admin to make it.
 */
const GENERATED_PASSWORD_BYTES = 18;
/** A password the operator chooses: at least as long as PORTICO_ADMIN_PASSWORD's minimum (src/config.ts). */
export const OPERATOR_PASSWORD_MIN_LENGTH = 12;

export function generateAdminPassword(): string {
  return randomBytes(GENERATED_PASSWORD_BYTES).toString('base64url');
}

/** Refuses a chosen password that is too short or too long to hash (the same cap as everywhere). */
export function checkOperatorPassword(password: string): void {
  if (password.length < OPERATOR_PASSWORD_MIN_LENGTH) {
    throw invalid('admin.password_too_short', `The password must be at least ${OPERATOR_PASSWORD_MIN_LENGTH} characters.`);
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    throw invalid('admin.password_too_long', `The password must be at most ${PASSWORD_MAX_LENGTH} characters.`);
  }
}

export const unknownAdmin = (username: string) =>
  fail('admin.unknown_username', `No admin is named ${JSON.stringify(username)}.`, { detail: { username } });

/**
 * Sets the admin's password and status to active, ends every one of their sessions, and records
 * `admin.password_reset`, all in one transaction; then forgets the failed-password counts on the
 * admin's name in the short-lived store, so the admin is not kept waiting by someone else's guesses.
 * Returns the admin as it now is.
 */
export async function resetAdminPassword(store: Store, shortLived: ShortLivedStore, username: string, password: string): Promise<Admin> {
  checkOperatorPassword(password);
  const name = username.trim().toLowerCase(); // usernames are stored lower-cased (createAdmin)
  const admin = await store.transaction(async (tx) => {
    const row = await tx.selectFrom('admins').select('id').where('username', '=', name).executeTakeFirst();
    if (!row) throw unknownAdmin(username);
    // A new password ends every session of the admin (updateAdmin; ASVS 5.0 V7.4.3), whoever held them.
    const { before, after } = await updateAdmin(tx, row.id, { password, status: 'active' });
    await recordAudit(tx, OPERATOR_ACTOR, { category: 'security', action: 'admin.password_reset', target: { type: 'admin', id: row.id }, before, after });
    return after;
  });
  try {
    await resetPasswordThrottle(shortLived, 'admin', admin.username);
  } catch (error) {
    throw fail(
      'admin.throttle_not_cleared',
      `The password of ${JSON.stringify(admin.username)} was reset, but its failed-password counts could not be cleared (${(error as Error).message}); they run out by themselves within the hour.`,
      { cause: error },
    );
  }
  return admin;
}
