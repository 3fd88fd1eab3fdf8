/**
 * The Enterprise Center's answer shape for admin accounts. Type-only; it imports only roles.ts,
 * which imports nothing, so the console (web/src/lib/types.ts) shares it.
 */
import type { AdminRole } from './roles.ts';

export interface Admin {
  id: string;
  username: string;
  displayName: string;
  role: AdminRole;
  status: 'active' | 'disabled';
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
}
