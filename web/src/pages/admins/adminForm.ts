/** The rules of an Enterprise Center admin account, as the admin API checks them (src/admin/schemas.ts, routes/admins.ts). */
import type { MessageKey } from '../../i18n/en.ts';
import type { Admin, AdminRole } from '../../lib/types.ts';

export const ROLES: readonly AdminRole[] = ['super_admin', 'app_admin', 'auditor'];
/** USERNAME_PATTERN of src/directory/users.ts: 2–64 characters, a letter or digit first. */
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/;
/** The API's Password: at least 8 characters (ASVS 6.2.1), at most 256. */
export const PASSWORD_LENGTH = { min: 8, max: 256 };
export const DISPLAY_NAME_MAX = 100;

export function usernameProblem(username: string): MessageKey | undefined {
  if (!username.trim()) return 'validation.required';
  return USERNAME.test(username.trim()) ? undefined : 'validation.adminUsername';
}

export function passwordProblem(password: string): MessageKey | undefined {
  if (!password) return 'validation.required';
  if (password.length < PASSWORD_LENGTH.min) return 'validation.passwordShort';
  if (password.length > PASSWORD_LENGTH.max) return 'validation.tooLong';
  return undefined;
}

/**
 * The server keeps one active super admin at least: it refuses to disable, delete or give another
 * role to a super admin when no other active super admin exists (`admin.last_super_admin`).
 */
export function isLastSuperAdmin(admin: Admin, all: Admin[]): boolean {
  return admin.role === 'super_admin' && !all.some((o) => o.id !== admin.id && o.role === 'super_admin' && o.status === 'active');
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A 20-character password from the browser's CSPRNG (about 116 bits), without look-alike characters. */
export function generatePassword(length = 20): string {
  const out: string[] = [];
  const bytes = new Uint8Array(1);
  // Rejection sampling: no character is likelier than another.
  const limit = 256 - (256 % ALPHABET.length);
  while (out.length < length) {
    crypto.getRandomValues(bytes);
    if (bytes[0] < limit) out.push(ALPHABET[bytes[0] % ALPHABET.length]);
  }
  return out.join('');
}
