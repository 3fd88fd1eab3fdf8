/** A user's fields as protocols tell them to applications (a CAS attribute, a SAML NameID or attribute): by their API names. */
import type { UserTable } from '../store/schema.ts';

const COLUMNS = { username: 'username', id: 'id', email: 'email', mobile: 'mobile', employeeNumber: 'employee_number', displayName: 'display_name' } as const;
export type TellableUserField = keyof typeof COLUMNS;

/** The field's value, or undefined when the user has none. */
export function userFieldValue(user: Pick<UserTable, (typeof COLUMNS)[TellableUserField]>, field: TellableUserField): string | undefined {
  const v = user[COLUMNS[field]];
  return v === null || v === undefined || v === '' ? undefined : String(v);
}
