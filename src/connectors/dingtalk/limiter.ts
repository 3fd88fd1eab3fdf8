// Politeness towards DingTalk (ref §1.10): at most N requests in flight per client, and at most M starts per second per API path.
import type { ConnectorContext } from './context.ts';

export interface DirectoryLimits {
  /** Requests in flight at once (default 5; ref §1.10 suggests 5–10). */
  concurrency?: number;
  /** Requests started per second per API path (default 20: the per-app per-API QPS folklore, ref §1.10, UNCONFIRMED). */
  perSecond?: number;
}

export const DEFAULT_DIRECTORY_LIMITS: Readonly<Required<DirectoryLimits>> = Object.freeze({ concurrency: 5, perSecond: 20 });

export interface RequestLimiter {
  readonly concurrency: number;
  /** Runs `task` once a slot is free and `path` has had fewer than perSecond starts in the last second. */
  run<T>(path: string, task: () => Promise<T>): Promise<T>;
}

/**
 * A second and a little more: DingTalk counts calls per fixed second by arrival, this counts starts per
 * sliding second by sending, and network jitter can put two windows' worth into one of its seconds.
 */
export const RATE_WINDOW_MS = 1050;

export function createRequestLimiter(ctx: Pick<ConnectorContext, 'now' | 'sleep'>, limits: DirectoryLimits = {}): RequestLimiter {
  const concurrency = limits.concurrency ?? DEFAULT_DIRECTORY_LIMITS.concurrency;
  const perSecond = limits.perSecond ?? DEFAULT_DIRECTORY_LIMITS.perSecond;
  for (const [name, v] of Object.entries({ concurrency, perSecond })) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`directoryLimits.${name} must be a positive integer`);
  }
  let active = 0;
  const queue: Array<() => void> = [];
  const startsByPath = new Map<string, number[]>();

  // A finishing task hands its slot straight to the next in line, so no newcomer slips in between.
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else active--;
  };

  // Sliding window: wait until the oldest start of the last second leaves it, then record ours.
  async function awaitRate(path: string): Promise<void> {
    let starts = startsByPath.get(path);
    if (!starts) startsByPath.set(path, (starts = []));
    for (;;) {
      const now = ctx.now();
      while (starts.length > 0 && starts[0] <= now - RATE_WINDOW_MS) starts.shift();
      if (starts.length < perSecond) {
        starts.push(now);
        return;
      }
      await ctx.sleep(starts[0] + RATE_WINDOW_MS - now);
    }
  }

  return {
    concurrency,
    async run(path, task) {
      if (active >= concurrency) await new Promise<void>((resolve) => queue.push(resolve));
      else active++;
      try {
        await awaitRate(path);
        return await task();
      } finally {
        release();
      }
    },
  };
}
