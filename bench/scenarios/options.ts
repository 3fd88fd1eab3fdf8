import { runLoad, type LoadResult } from '../lib/load.ts';

/** What every scenario is given: how many at once, for how long, and at most how many. */
export interface RunOptions {
  concurrency: number;
  durationMs: number;
  maxIterations: number;
  /** Called when the measured part begins (after the warm-up). */
  onStart?: () => void;
}

/** A scenario's load: the run's settings, one warm-up iteration per worker, then `iteration` in a closed loop. */
export function runScenario(o: RunOptions, iteration: (worker: number) => Promise<void>): Promise<LoadResult> {
  return runLoad({ concurrency: o.concurrency, durationMs: o.durationMs, maxIterations: o.maxIterations, warmupPerWorker: 1, onStart: o.onStart, iteration });
}
