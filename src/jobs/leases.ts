/**
 * Leases in the store: a named job (a source's sync, its event stream) is run by one node at a time.
 * The holder renews well before expiry; when it dies the lease lapses and another node takes it over,
 * so a job resumes within LEASE_TTL_MS plus one worker tick. Works the same on SQLite and PostgreSQL:
 * one conditional write decides, and the database serializes writers.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Db, Tx } from '../store/database.ts';

/** How long a lease lasts without renewal: the longest a dead node keeps a job waiting (issue: "within a minute"). */
export const LEASE_TTL_MS = 30_000;

const iso = (ms: number) => new Date(ms).toISOString();

/** A holder name for this process's jobs: the machine and process, made unique should a pid be reused. */
export const leaseHolderId = () => `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

/** Takes the lease, or renews it when this holder has it; false while another live holder has it. */
export async function acquireLease(db: Db | Tx, name: string, holder: string, ttlMs = LEASE_TTL_MS, now = Date.now()): Promise<boolean> {
  const expires = iso(now + ttlMs);
  const taken = await db
    .updateTable('leases')
    .set({ holder, expires_at: expires })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('holder', '=', holder), eb('expires_at', '<', iso(now))]))
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) === 1) return true;
  const inserted = await db
    .insertInto('leases')
    .values({ name, holder, expires_at: expires })
    .onConflict((oc) => oc.column('name').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
}

export async function leaseHolder(db: Db, name: string, now = Date.now()): Promise<string | null> {
  const row = await db.selectFrom('leases').select(['holder', 'expires_at']).where('name', '=', name).executeTakeFirst();
  return row && row.expires_at >= iso(now) ? row.holder : null;
}
