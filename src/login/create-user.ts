/** "Create a new account" for a first-time external identity: a user built from what the upstream vouched for. */
import { randomBytes } from 'node:crypto';
import type { Tx } from '../store/database.ts';
import { insertUser } from '../directory/user-store.ts';
import type { ExternalIdentity } from '../identity/types.ts';

/** A username that is readable and cannot collide: `<type>-<first letters of the subject>-<random>`. */
function newUsername(type: string, subject: string): string {
  const stem = subject.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 10) || 'user';
  return `${type}-${stem}-${randomBytes(3).toString('hex')}`;
}

/** `phone`: a mobile the person proved with a code (the binding page), which wins over the profile's. */
export async function createUserFrom(tx: Tx, o: { type: string; label: string; identity: ExternalIdentity; orgUnitId: string; phone?: string }) {
  const { identity } = o;
  // Both come normalized. A mobile or email another user holds is left out rather than failing the sign-in.
  const unlessTaken = async (column: 'mobile' | 'email', value: string | undefined) =>
    value && !(await tx.selectFrom('users').select('id').where(column, '=', value).executeTakeFirst()) ? value : null;
  return insertUser(
    tx,
    {
      username: newUsername(o.type, identity.subject),
      displayName: (identity.profile.name || identity.displayName || `${o.label} user`).slice(0, 100),
      mobile: await unlessTaken('mobile', o.phone ?? identity.profile.mobile),
      email: await unlessTaken('email', identity.profile.email),
      employeeNumber: identity.profile.employeeNumber || null,
      status: 'active',
      orgUnitId: o.orgUnitId,
    },
    null,
  );
}
