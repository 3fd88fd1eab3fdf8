/** Users of the directory: the rules their fields follow, and how they are shown (their shape is in views.ts). */
import { invalid } from '../errors.ts';
import { hasInvisibleCharacters } from '../validation.ts';
import { normalizeEmail, normalizePhone } from './phone.ts';
import type { User, UserStatus } from './views.ts';
import type { UserTable } from '../store/schema.ts';

export { USER_STATUSES, type User, type UserStatus } from './views.ts';

export interface UserInput {
  username?: string;
  displayName?: string;
  mobile?: string | null;
  email?: string | null;
  employeeNumber?: string | null;
  externalId?: string | null;
  status?: UserStatus;
  orgUnitId?: string;
  /** Vouch for (true) or withdraw (false) the email / mobile as the person's (./verification.ts). */
  emailVerified?: boolean;
  mobileVerified?: boolean;
}

export const USERNAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$';

/** Normalized field values ready to store; throws `user.invalid_*` for values that cannot be normalized. */
export function normalizeUserFields(input: UserInput): UserInput {
  const out: UserInput = { ...input };
  if (typeof input.username === 'string') out.username = input.username.trim().toLowerCase();
  if (typeof input.displayName === 'string') {
    out.displayName = input.displayName.trim();
    if (!out.displayName) throw invalid('user.invalid_display_name', 'Display name cannot be blank.', '/displayName');
    if (hasInvisibleCharacters(out.displayName)) throw invalid('user.invalid_display_name', 'Display name has invisible or control characters.', '/displayName');
  }
  if (typeof input.mobile === 'string') {
    const mobile = normalizePhone(input.mobile);
    if (!mobile) throw invalid('user.invalid_mobile', `"${input.mobile}" is not a valid phone number.`, '/mobile');
    out.mobile = mobile;
  }
  if (typeof input.email === 'string') {
    const email = normalizeEmail(input.email);
    if (!email) throw invalid('user.invalid_email', `"${input.email}" is not a valid email address.`, '/email');
    out.email = email;
  }
  for (const key of ['employeeNumber', 'externalId'] as const) {
    const value = input[key];
    if (typeof value === 'string') out[key] = value.trim() || null;
  }
  return out;
}

/**
 * The one form of a name typed to sign in (username, mobile or email) that limits count against,
 * whether or not anyone has it: `13800000001` and `+86 138 0000 0001` are the same name.
 */
export function canonicalLoginName(typed: string): string {
  return normalizePhone(typed) ?? normalizeEmail(typed) ?? typed.trim().toLowerCase();
}

/** A stored user, as the users table holds it. */
export type UserRow = UserTable;

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    mobile: row.mobile,
    email: row.email,
    employeeNumber: row.employee_number,
    externalId: row.external_id,
    status: row.status as UserStatus,
    orgUnitId: row.org_unit_id,
    hasPassword: row.password_hash !== null,
    emailVerified: row.email_verified_at !== null,
    emailVerifiedAt: row.email_verified_at,
    mobileVerified: row.mobile_verified_at !== null,
    mobileVerifiedAt: row.mobile_verified_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Only an active user may be signed in, by any method or binding. */
export const canSignIn = (user: { status: string }) => user.status === 'active';
