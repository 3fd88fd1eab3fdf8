/** What every admin route plugin is registered with (src/admin/api.ts). */
import type { AppContext } from '../../context.ts';
import type { Sessions } from '../../login/session.ts';

/** `sessions`: signing a user out of every application when an administrator disables, locks or deletes them. */
export type RouteDeps = { ctx: AppContext; sessions: Pick<Sessions, 'signOutEverywhere'> };
