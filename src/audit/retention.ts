/**
 * Retention: login events and the other audit events (admin, security, user) are kept for their own
 * periods, then deleted by a background job. One node at a time runs it (a lease), in small batches with
 * a pause between them, so a purge of millions of rows never holds the store for long: sign-ins write
 * their events between batches. The Dashboard's roll-ups (migration 018) are not deleted, so its history
 * outlives the raw events. Each purge that deleted something is itself an audit event.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../store/database.ts';
import { acquireLease, leaseHolderId, releaseLease } from '../jobs/leases.ts';
import { AUDIT_CATEGORIES, recordAudit, SYSTEM_ACTOR } from './audit.ts';

/** Defaults: half a year of sign-in history; three years of admin changes (a common audit-log requirement, e.g. for MLPS 2.0 reviews). */
export const DEFAULT_LOGIN_EVENT_RETENTION_DAYS = 180;
export const DEFAULT_AUDIT_RETENTION_DAYS = 3 * 365;
/** Rows deleted per statement: a few milliseconds of the store's write lock on SQLite. */
export const RETENTION_BATCH_ROWS = 1_000;
/** The pause between batches, in which sign-ins write. */
const BATCH_PAUSE_MS = 20;
/** The job's lease: renewed at each batch; a node that dies mid-purge leaves it to another within this. */
const RETENTION_LEASE_MS = 60_000;
export const RETENTION_LEASE = 'audit-retention';
const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionPolicy {
  loginEventDays: number;
  auditDays: number;
}

/** Which events each period covers: a sign-in's steps, and every other category. */
const LOGIN = ['login'];
const OTHER = AUDIT_CATEGORIES.filter((c) => c !== 'login');

export interface Purged {
  loginEvents: number;
  auditEvents: number;
}

/** Deletes one batch of events of `categories` older than `before`; answers how many. */
async function purgeBatch(db: Db, categories: string[], before: string): Promise<number> {
  const result = await db
    .deleteFrom('audit_events')
    .where('id', 'in', (eb) => eb.selectFrom('audit_events').select('id').where('category', 'in', categories).where('at', '<', before).orderBy('at').limit(RETENTION_BATCH_ROWS))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Deletes every event past its period, batch by batch, while `keepGoing()` (the lease is still held,
 * the node is not stopping); answers the counts.
 */
export async function purgeExpiredEvents(db: Db, policy: RetentionPolicy, o: { now?: number; keepGoing?: () => Promise<boolean>; pauseMs?: number } = {}): Promise<Purged> {
  const now = o.now ?? Date.now();
  const purged: Purged = { loginEvents: 0, auditEvents: 0 };
  const passes = [
    { categories: LOGIN, before: new Date(now - policy.loginEventDays * DAY_MS).toISOString(), count: 'loginEvents' as const },
    { categories: OTHER, before: new Date(now - policy.auditDays * DAY_MS).toISOString(), count: 'auditEvents' as const },
  ];
  for (const pass of passes) {
    for (;;) {
      if (o.keepGoing && !(await o.keepGoing())) return purged;
      const n = await purgeBatch(db, pass.categories, pass.before);
      purged[pass.count] += n;
      if (n < RETENTION_BATCH_ROWS) break;
      await sleep(o.pauseMs ?? BATCH_PAUSE_MS);
    }
  }
  return purged;
}

export interface RetentionJob {
  start(): void;
  /** One purge now, under the lease (what the timer runs); answers what it deleted, or undefined when another node holds the lease. */
  runOnce(): Promise<Purged | undefined>;
  stop(): Promise<void>;
}

export function createRetentionJob(deps: { db: Db; policy: RetentionPolicy; everyMs: number; log: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void } }): RetentionJob {
  const holder = leaseHolderId();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;

  async function runOnce(): Promise<Purged | undefined> {
    if (!(await acquireLease(deps.db, RETENTION_LEASE, holder, RETENTION_LEASE_MS))) return undefined;
    try {
      const keepGoing = async () => !stopped && (await acquireLease(deps.db, RETENTION_LEASE, holder, RETENTION_LEASE_MS));
      const purged = await purgeExpiredEvents(deps.db, deps.policy, { keepGoing });
      if (purged.loginEvents || purged.auditEvents) {
        await recordAudit(deps.db, SYSTEM_ACTOR, { category: 'security', action: 'audit.retention_purge', after: { ...purged, loginEventDays: deps.policy.loginEventDays, auditDays: deps.policy.auditDays } });
        deps.log.info({ ...purged }, 'audit events past their retention deleted');
      }
      return purged;
    } finally {
      await releaseLease(deps.db, RETENTION_LEASE, holder).catch(() => {});
    }
  }

  const tick = () => {
    if (stopped || running) return;
    running = runOnce()
      .catch((error) => deps.log.warn({ err: error }, 'audit retention purge failed; it is tried again at the next interval'))
      .finally(() => (running = undefined));
  };

  return {
    start() {
      // The first purge soon after start (not at once: start-up has its own work), then at each interval.
      timer = setTimeout(function again() {
        tick();
        timer = setTimeout(again, deps.everyMs).unref();
      }, Math.min(deps.everyMs, 60_000)).unref();
    },
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
