/**
 * Whether a user's email address and mobile number are verified, as plain rules. A mark (when it was
 * verified) belongs to the value it was made for: a changed or cleared value loses it, since nobody has
 * shown that the new address is the person's; it is marked again only when someone vouches for it (an
 * administrator or the directory sync sending `emailVerified: true`) or the person proves it (a code
 * sent to the number, src/login/verified-contacts.ts). The provider's `email_verified` and
 * `phone_number_verified` claims are these marks.
 */
import { invalid } from '../errors.ts';
import type { UserTable } from '../store/schema.ts';

export const CONTACTS = ['email', 'mobile'] as const;
export type Contact = (typeof CONTACTS)[number];

/** The marks' columns, and the request fields that set them. */
export const MARK_COLUMN = { email: 'email_verified_at', mobile: 'mobile_verified_at' } as const satisfies Record<Contact, keyof UserTable>;
export const FLAG_FIELD = { email: 'emailVerified', mobile: 'mobileVerified' } as const;

export type Marks = Partial<Pick<UserTable, (typeof MARK_COLUMN)[Contact]>>;
type Stored = Pick<UserTable, Contact | (typeof MARK_COLUMN)[Contact]>;
/** A change to a user's contacts and their flags, values already normalized (`null` clears). */
export type ContactChange = Partial<Record<Contact, string | null>> & Partial<Record<(typeof FLAG_FIELD)[Contact], boolean>>;

/**
 * The marks to store after `change` is applied to `before` (undefined: a new user, for whom both are
 * returned), at `now`: only those that differ from what is stored. Marking a contact the user will not
 * have is refused (`user.nothing_to_verify`, on the flag's field).
 */
export function verificationMarks(before: Stored | undefined, change: ContactChange, now: string): Marks {
  const out: Marks = {};
  for (const contact of CONTACTS) {
    const column = MARK_COLUMN[contact];
    const flag = change[FLAG_FIELD[contact]];
    const stored = before?.[contact] ?? null;
    const value = change[contact] !== undefined ? change[contact] : stored;
    const changed = change[contact] !== undefined && change[contact] !== stored;
    const mark = before?.[column] ?? null;
    let next: string | null;
    if (flag === true) {
      if (!value) throw invalid('user.nothing_to_verify', `The user has no ${contact} to mark verified.`, `/${FLAG_FIELD[contact]}`);
      // Vouching again for the same value keeps when it was first verified.
      next = changed || !mark ? now : mark;
    } else if (flag === false) next = null;
    else next = changed ? null : mark;
    if (!before || next !== mark) out[column] = next;
  }
  return out;
}
