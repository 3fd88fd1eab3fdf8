/** "Create a new account" for a first-time DingTalk user: a user built from the DingTalk profile. */
import { randomBytes } from 'node:crypto';
import type { Tx } from '../store/database.ts';
import { insertUser } from '../directory/user-store.ts';
import { sourceAttributeValue, type DingTalkIdentity, type OrgRecord } from './binding-rules.ts';

/** A username that is readable and cannot collide: `dingtalk-<first letters of the unionId>-<random>`. */
function newUsername(unionId: string): string {
  const stem = unionId.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 10) || 'user';
  return `dingtalk-${stem}-${randomBytes(3).toString('hex')}`;
}

export async function createUserFromDingTalk(tx: Tx, identity: DingTalkIdentity, org: OrgRecord | undefined, orgUnitId: string, phone?: string) {
  const mobile = phone ?? sourceAttributeValue('mobile', identity, org);
  const email = sourceAttributeValue('email', identity, org);
  // Both come normalized. A mobile or email another user holds is left out rather than failing the sign-in.
  const unlessTaken = async (column: 'mobile' | 'email', value: string | undefined) =>
    value && !(await tx.selectFrom('users').select('id').where(column, '=', value).executeTakeFirst()) ? value : null;
  return insertUser(
    tx,
    {
      username: newUsername(identity.unionId),
      displayName: (org?.name || identity.nick || 'DingTalk user').slice(0, 100),
      mobile: await unlessTaken('mobile', mobile),
      email: await unlessTaken('email', email),
      employeeNumber: org?.jobNumber || null,
      status: 'active',
      orgUnitId,
    },
    null,
  );
}
