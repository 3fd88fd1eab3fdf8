/**
 * A closed-loop load driver: `concurrency` workers each run one iteration after another until the
 * time or the count runs out. Latency is per iteration (a whole flow, or one request).
 */
import { Histogram, type Percentiles } from './histogram.ts';

export interface LoadOptions {
  concurrency: number;
  durationMs: number;
  /** Stop after this many iterations even if time is left (bounds a run on a fast machine). */
  maxIterations: number;
  /** Iterations run (and not measured) before the clock starts, per worker. */
  warmupPerWorker?: number;
  /** Called when the measured part begins (after the warm-up). */
  onStart?: () => void;
  iteration: (worker: number) => Promise<void>;
}

export interface LoadResult extends Percentiles {
  concurrency: number;
  elapsedMs: number;
  /** Completed iterations per second. */
  rate: number;
  errors: number;
  firstError?: string;
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  for (let i = 0; i < (o.warmupPerWorker ?? 0); i++) {
    await Promise.all(Array.from({ length: o.concurrency }, (_, w) => o.iteration(w)));
  }
  o.onStart?.();
  const histogram = new Histogram();
  let started = 0;
  let errors = 0;
  let firstError: string | undefined;
  const begin = performance.now();
  const deadline = begin + o.durationMs;

  const worker = async (w: number) => {
    while (performance.now() < deadline && started < o.maxIterations) {
      started++;
      const t0 = performance.now();
      try {
        await o.iteration(w);
        histogram.record(performance.now() - t0);
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, (_, w) => worker(w)));
  const elapsedMs = performance.now() - begin;
  const summary = histogram.summary();
  return { ...summary, concurrency: o.concurrency, elapsedMs, rate: (summary.count / elapsedMs) * 1000, errors, firstError };
}
