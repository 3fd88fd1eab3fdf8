/** What every scenario is given: how many at once, for how long, and at most how many. */
export interface RunOptions {
  concurrency: number;
  durationMs: number;
  maxIterations: number;
  /** Called when the measured part begins (after the warm-up). */
  onStart?: () => void;
}
