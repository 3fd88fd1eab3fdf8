/** What every admin route plugin is registered with (src/admin/api.ts). */
import type { AppContext } from '../../context.ts';

export type RouteDeps = { ctx: AppContext };
