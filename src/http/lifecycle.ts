/**
 * What readiness knows about a node: whether it is draining before shutdown, and the checks of the
 * services it cannot work without (the store; Redis when configured).
 */

/** A dependency that does not answer within this time counts as unreachable: a probe must not hang. */
const READINESS_CHECK_TIMEOUT_MS = 2000;

/** How a dependency answered: `unwritable` is a store that reads but cannot write (full disk, read-only). */
export type ReadinessState = 'ok' | 'unreachable' | 'unwritable';

/** Answers true (`ok`), false (`unreachable`) or a state. */
export type ReadinessCheck = () => Promise<boolean | ReadinessState>;

export interface Lifecycle {
  /** Set when shutdown begins: readiness answers 503 so load balancers stop sending new work. */
  draining: boolean;
  readonly checks: Readonly<Record<string, ReadinessCheck>>;
}

export function createLifecycle(checks: Record<string, ReadinessCheck>): Lifecycle {
  return { draining: false, checks };
}

const stateOf = (answer: boolean | ReadinessState): ReadinessState => (answer === true ? 'ok' : answer === false ? 'unreachable' : answer);

async function withTimeout(check: ReadinessCheck, timeoutMs: number): Promise<ReadinessState> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<ReadinessState>((resolve) => {
    timer = setTimeout(() => resolve('unreachable'), timeoutMs);
  });
  try {
    return await Promise.race([check().then(stateOf, () => 'unreachable' as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every check at once; a check that throws or is too slow is `unreachable`. The node is ready when all are `ok`. */
export async function runReadinessChecks(checks: Lifecycle['checks'], timeoutMs = READINESS_CHECK_TIMEOUT_MS): Promise<Record<string, ReadinessState>> {
  const names = Object.keys(checks);
  const results = await Promise.all(names.map((name) => withTimeout(checks[name], timeoutMs)));
  return Object.fromEntries(names.map((name, i) => [name, results[i]]));
}
