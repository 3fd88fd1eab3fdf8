/** What every admin route plugin is registered with (src/admin/api.ts). */
import type { AppContext } from '../../context.ts';
import type { Sessions } from '../../login/session.ts';
import type { SyncService } from '../../sync/service.ts';

/**
 * `sessions`: signing a user out of every application when an administrator disables, locks or deletes them.
 * `sync`: the node's sync worker, told to look for work when a run is queued (src/sync/worker.ts), and
 * what the DingTalk identity source needs to call DingTalk (Test connection).
 */
export type RouteDeps = { ctx: AppContext; sessions: Pick<Sessions, 'signOutEverywhere'>; sync: Pick<SyncService, 'worker' | 'env'> };
