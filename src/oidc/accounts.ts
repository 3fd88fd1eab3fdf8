/**
 * The provider's accounts are Portico users. `sub` is the user id (stable, never reassigned); the
 * standard claims come under the standard scopes. A disabled or locked user is no account at all,
 * so the provider issues, refreshes and answers userinfo for nobody in that state.
 */
import type { Account, FindAccount } from 'oidc-provider';
import type { Db } from '../store/database.ts';
import { activeUser, type ActiveUser } from '../directory/user-store.ts';

/** Claims released per scope (OIDC Core §5.4). */
export const SCOPE_CLAIMS = {
  openid: ['sub'],
  profile: ['name', 'preferred_username'],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
} as const;

export function accountFinder(db: Db): FindAccount {
  return async (_ctx, sub) => {
    const user = await activeUser(db, sub);
    return user ? porticoAccount(user) : undefined;
  };
}

function porticoAccount(user: ActiveUser): Account {
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
