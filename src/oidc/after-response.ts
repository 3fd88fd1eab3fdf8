/**
 * Work that must be done before the provider's answer leaves, but that its events (synchronous)
 * cannot await: an event queues it on the Koa context, and a middleware runs it after the route.
 */
import type { KoaContextWithOIDC, Provider } from 'oidc-provider';

type Task = (ctx: KoaContextWithOIDC) => Promise<void>;
const TASKS = Symbol('portico.afterResponse');
type WithTasks = KoaContextWithOIDC & { [TASKS]?: Task[] };

export function afterResponse(ctx: KoaContextWithOIDC, task: Task) {
  ((ctx as WithTasks)[TASKS] ??= []).push(task);
}

export function runAfterResponse(provider: Provider) {
  provider.use(async (ctx, next) => {
    await next();
    for (const task of (ctx as WithTasks)[TASKS] ?? []) await task(ctx as KoaContextWithOIDC);
  });
}
