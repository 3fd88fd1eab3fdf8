/** The NameID an SP knows a person by (SAML 2.0 Core §2.2.3, §8.3). */
import { randomBytes } from 'node:crypto';
import type { UserTable } from '../store/schema.ts';
import type { SamlApplicationSettings } from '../protocols/saml/views.ts';
import { userFieldValue } from '../directory/user-fields.ts';

type NameIdUser = Pick<UserTable, 'id' | 'username' | 'email' | 'mobile' | 'employee_number' | 'display_name'>;

/** The chosen field, or the user's id when that field is empty; a transient NameID is new at each sign-in. */
export function nameIdOf(user: NameIdUser, settings: Pick<SamlApplicationSettings, 'nameIdFormat' | 'nameIdField'>): string {
  return settings.nameIdFormat === 'transient' ? `_${randomBytes(16).toString('hex')}` : (userFieldValue(user, settings.nameIdField) ?? user.id);
}

/** Whether `nameId` is this person's at the SP; a transient one names nobody later (the SessionIndex must, instead). */
export const isNameIdOf = (nameId: string, user: NameIdUser, settings: Pick<SamlApplicationSettings, 'nameIdFormat' | 'nameIdField'>) =>
  settings.nameIdFormat === 'transient' || nameIdOf(user, settings) === nameId;
