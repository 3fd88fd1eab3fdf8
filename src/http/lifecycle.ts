/**
 * What readiness knows about a node: whether it is draining before shutdown, and the checks of the
 * services it cannot work without (the store; Redis when configured).
 */

/** A dependency that does not answer within this time counts as unreachable: a probe must not hang. */
const READINESS_CHECK_TIMEOUT_MS = 2000;

export type ReadinessCheck = () => Promise<boolean>;

export interface Lifecycle {
  /** Set when shutdown begins: readiness answers 503 so load balancers stop sending new work. */
  draining: boolean;
  readonly checks: Readonly<Record<string, ReadinessCheck>>;
}

export function createLifecycle(checks: Record<string, ReadinessCheck>): Lifecycle {
  return { draining: false, checks };
}

async function withTimeout(check: ReadinessCheck, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([check().catch(() => false), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every check at once; each answers true (reachable) or false (failed or too slow). */
export async function runReadinessChecks(checks: Lifecycle['checks'], timeoutMs = READINESS_CHECK_TIMEOUT_MS): Promise<Record<string, boolean>> {
  const names = Object.keys(checks);
  const results = await Promise.all(names.map((name) => withTimeout(checks[name], timeoutMs)));
  return Object.fromEntries(names.map((name, i) => [name, results[i]]));
}
