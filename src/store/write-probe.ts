/**
 * A write that proves the store can still take one, for readiness (src/bootstrap/store-readiness.ts): a
 * `select 1` answers on a full disk, on a read-only PostgreSQL (a standby after a failover, a provider's
 * storage-full read-only mode) and on a database file the process may no longer write.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from './database.ts';

/**
 * Longer than fits in a SQLite page (4 KiB) beside the rest of the row: the row takes a page of its own
 * (an overflow page), so a database that cannot get one more page fails the probe. A row that fits in a
 * page already there would not: SQLite's SQLITE_FULL comes when a page is allocated, and a full disk under
 * the WAL when a commit must grow the log. On PostgreSQL the repeated character compresses to a few bytes.
 */
const PROBE_VALUE = 'x'.repeat(4096);

/**
 * Inserts a row into `short_lived` (a key of its own, already expired), deletes it and commits: the path of a
 * real write (take the write lock, change pages, commit: SQLite appends them to its WAL, PostgreSQL flushes
 * its WAL). Nothing remains. Throws what the store threw.
 */
export async function probeWrite(db: Db): Promise<void> {
  const key = `readiness-probe:${randomUUID()}`;
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('short_lived').values({ key, value: PROBE_VALUE, expires_at: new Date(0).toISOString() }).execute();
    await tx.deleteFrom('short_lived').where('key', '=', key).execute();
  });
}
