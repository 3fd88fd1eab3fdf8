/**
 * The provider's accounts are Portico users. `sub` is the user id (stable, never reassigned); the
 * standard claims come under the standard scopes. A disabled, locked or deleted user is no account at
 * all, so the provider issues, refreshes, answers userinfo and introspects as active (./introspection.ts)
 * for nobody in that state.
 */
import type { Account, FindAccount } from 'oidc-provider';
import type { Db } from '../store/database.ts';
import { activeUser, type ActiveUser } from '../directory/user-store.ts';
import { orgUnitPath } from '../directory/org-units.ts';
import { DIRECTORY_SCOPE } from '../protocols/oidc/scopes.ts';

/**
 * Portico's own scope: where the person sits in the organisation. Its claims are named `portico_…`, so
 * they never collide with a registered claim (the IANA JWT Claims registry; OpenID Connect Core §5.1.2
 * asks for collision-resistant names), and it is a scope of its own rather than part of `profile`, so an
 * application sees the organisation only when it asks, and a third party's consent page says so:
 * - `portico_org_unit_id`: the id of the person's org unit (stable across renames and moves);
 * - `portico_org_unit_path`: the names of the org units from the root down to theirs, as an array
 *   (a name may hold any separator), e.g. `["Demo Tech", "R&D", "Backend"]`;
 * - `portico_employee_number`: their employee number, absent when they have none.
 * Portico has no groups or roles for users yet, so no claim carries any.
 */
export { DIRECTORY_SCOPE };

/** Claims released per scope (OIDC Core §5.4), and Portico's own. */
export const SCOPE_CLAIMS = {
  openid: ['sub'],
  profile: ['name', 'preferred_username'],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  [DIRECTORY_SCOPE]: ['portico_org_unit_id', 'portico_org_unit_path', 'portico_employee_number'],
} as const;

export function accountFinder(db: Db): FindAccount {
  return async (_ctx, sub) => {
    const user = await activeUser(db, sub);
    return user ? porticoAccount(db, user) : undefined;
  };
}

function porticoAccount(db: Db, user: ActiveUser): Account {
  return {
    accountId: user.id,
    async claims(_use, scope) {
      const directory = scope.split(' ').includes(DIRECTORY_SCOPE);
      return {
        sub: user.id,
        name: user.display_name,
        preferred_username: user.username,
        // Verified only when an administrator vouched for the current value or the person proved it
        // (src/directory/verification.ts); a value entered and never proved is not claimed to be theirs.
        ...(user.email ? { email: user.email, email_verified: user.email_verified_at !== null } : {}),
        ...(user.mobile ? { phone_number: user.mobile, phone_number_verified: user.mobile_verified_at !== null } : {}),
        // The path costs a query: read only for a token or answer that carries it.
        ...(directory ? { portico_org_unit_id: user.org_unit_id, portico_org_unit_path: await orgUnitPath(db, user.org_unit_id) } : {}),
        ...(directory && user.employee_number ? { portico_employee_number: user.employee_number } : {}),
      };
    },
  };
}
