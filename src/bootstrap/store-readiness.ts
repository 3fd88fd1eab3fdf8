/**
 * The store's readiness check: it answers (a `select 1`, on every call) and it can write (a real write,
 * src/store/write-probe.ts). A store that reads but cannot write (a full disk, a read-only PostgreSQL)
 * answers `unwritable`: every request that writes would fail, so the node is not ready.
 */
import type { Store } from '../store/database.ts';
import { probeWrite } from '../store/write-probe.ts';
import type { ReadinessCheck } from '../http/lifecycle.ts';

/**
 * The write probe runs at most once per this interval per node, and its answer (either way) stands until
 * then. /readyz may be polled every second or two by each of several load balancers, and each probe commits
 * a write (on SQLite a few pages appended to the WAL, on PostgreSQL a WAL flush): one per 5 s keeps that
 * to a trickle whatever the pollers. A store that fills up is reported within 5 s, and it recovers as
 * quickly, which is less than load balancers take anyway (a few failed checks in a row, seconds apart).
 */
export const WRITE_PROBE_INTERVAL_MS = 5_000;

export interface StoreReadinessOptions {
  intervalMs?: number;
  /** The write (tests replace it). */
  probe?: () => Promise<void>;
}

export function storeReadinessCheck(store: Pick<Store, 'ping' | 'db'>, options: StoreReadinessOptions = {}): ReadinessCheck {
  const { intervalMs = WRITE_PROBE_INTERVAL_MS, probe: write = () => probeWrite(store.db) } = options;
  let last: { at: number; writable: boolean } | undefined;
  let inFlight: Promise<boolean> | undefined;
  // One probe at a time: a slow one (readiness gives up after its timeout) is joined, not doubled.
  const probe = () =>
    (inFlight ??= write()
      .then(
        () => true,
        () => false,
      )
      .then((writable) => {
        last = { at: Date.now(), writable };
        inFlight = undefined;
        return writable;
      }));
  const unreachable = () => {
    // Once it answers again, the store is probed afresh rather than judged on a write made while it was away.
    last = undefined;
    return 'unreachable' as const;
  };

  return async () => {
    if (!(await store.ping())) return unreachable();
    if (last && Date.now() - last.at < intervalMs) return last.writable ? 'ok' : 'unwritable';
    if (await probe()) return 'ok';
    // A write that failed because the connection went away is an unreachable store, not an unwritable one.
    if (!(await store.ping())) return unreachable();
    return 'unwritable';
  };
}
