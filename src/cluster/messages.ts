/**
 * What the primary and its workers say to each other over the cluster's IPC channel. Every message
 * carries `portico` (its kind), so node:cluster's own messages are never mistaken for one.
 */
import type { FamilySnapshot } from '../metrics/registry.ts';

/** Worker → primary. */
export type ToPrimary =
  /** A worker's GET /metrics asks for every worker's metrics, merged. */
  | { portico: 'exposition?'; id: number }
  /** A worker's answer to `snapshot?`: its registry as data. */
  | { portico: 'snapshot'; id: number; families: FamilySnapshot[] };

/** Primary → worker. */
export type ToWorker =
  /** The primary asks for the worker's registry (for a scrape, on whichever worker it landed). */
  | { portico: 'snapshot?'; id: number }
  /** The answer to `exposition?`: the merged text, or why there is none. */
  | { portico: 'exposition'; id: number; text?: string; error?: string }
  /** Shut down as on SIGTERM: drain, close, exit 0. */
  | { portico: 'drain' };

export const isMessage = <T extends { portico: string }>(value: unknown): value is T =>
  typeof value === 'object' && value !== null && typeof (value as { portico?: unknown }).portico === 'string';

/**
 * How long a worker's scrape waits for the merged metrics, and the primary for each worker's snapshot
 * (a worker that does not answer in time is counted with the snapshot it gave last).
 */
export const EXPOSITION_TIMEOUT_MS = 5000;
export const SNAPSHOT_TIMEOUT_MS = 2000;
