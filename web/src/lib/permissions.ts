/**
 * What the signed-in admin's role may do. These are the server's own rules (src/admin/roles.ts, the
 * very module the admin API checks every route with), so the console hides exactly what the server
 * would refuse; the server's 403 stays the backstop.
 */
import { can, type Permission } from '../../../src/admin/roles.ts';
import { useSession } from './session.tsx';

export type { Permission };

export function useCan(): (permission: Permission) => boolean {
  const { admin } = useSession();
  return (permission) => admin !== undefined && can(admin.role, permission);
}
