/**
 * The provider's accounts are Portico users. `sub` is the user id (stable, never reassigned); the
 * standard claims come under the standard scopes. A disabled or locked user is no account at all,
 * so the provider issues, refreshes and answers userinfo for nobody in that state.
 */
import type { Account, FindAccount } from 'oidc-provider';
import type { Db } from '../store/database.ts';
import { canSignIn } from '../directory/users.ts';

/** Claims released per scope (OIDC Core §5.4). */
export const SCOPE_CLAIMS = {
  openid: ['sub'],
  profile: ['name', 'preferred_username'],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
} as const;

export async function findPorticoAccount(db: Db, sub: string): Promise<Account | undefined> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'mobile', 'email', 'status'])
    .where('id', '=', sub)
    .executeTakeFirst();
  if (!user || !canSignIn(user)) return undefined;
  return {
    accountId: user.id,
    async claims() {
      return {
        sub: user.id,
        name: user.display_name,
        preferred_username: user.username,
        // Portico does not prove ownership of these when an admin enters them: never claim it did.
        ...(user.email ? { email: user.email, email_verified: false } : {}),
        ...(user.mobile ? { phone_number: user.mobile, phone_number_verified: false } : {}),
      };
    },
  };
}

export function accountFinder(db: Db): FindAccount {
  return (_ctx, sub) => findPorticoAccount(db, sub);
}
