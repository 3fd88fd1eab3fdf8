import { randomBytes } from 'node:crypto';
import type { Store } from '../store/database.ts';
import { countAdmins, createAdmin } from '../admin/admins.ts';
import { recordAudit, SYSTEM_ACTOR } from '../audit/audit.ts';

export const FIRST_ADMIN_USERNAME = 'admin';

/**
 * On a store with no admin, creates the first super admin, with PORTICO_ADMIN_PASSWORD or a
 * generated password that is returned (to be printed once) and never stored in clear.
 * Returns undefined when an admin already exists: a second start creates nothing, and of several
 * nodes starting at once on an empty database exactly one creates the admin.
 */
export async function ensureFirstAdmin(store: Store, configuredPassword?: string) {
  if ((await countAdmins(store.db)) > 0) return undefined;
  const password = configuredPassword ?? randomBytes(12).toString('base64url');
  try {
    const admin = await store.transaction(async (tx) => {
      const created = await createAdmin(tx, { username: FIRST_ADMIN_USERNAME, displayName: 'Administrator', password, role: 'super_admin' });
      await recordAudit(tx, SYSTEM_ACTOR, { category: 'admin', action: 'admin.create', target: { type: 'admin', id: created.id }, after: created });
      return created;
    });
    return { admin, password: configuredPassword ? undefined : password };
  } catch (error) {
    if ((await countAdmins(store.db)) > 0) return undefined; // another node won the race
    throw error;
  }
}
