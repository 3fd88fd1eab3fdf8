/** What the backup and restore commands need to know of a SQLite database file, asked of SQLite itself. */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { fail } from '../errors.ts';

/** The first 16 bytes of every SQLite 3 database file (https://sqlite.org/fileformat.html §1.3.1). */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
/** Files SQLite keeps beside a database: the write-ahead log, its shared-memory index, a rollback journal. */
export const COMPANION_SUFFIXES = ['-wal', '-shm', '-journal'];

export function isSqliteFile(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}

/**
 * Refuses when another process has the database open (a running node): an exclusive lock is asked for at
 * once, without waiting, and released. A node holds a shared lock on its database file for as long as it
 * runs (WAL mode), so the lock is granted only when none does. A node started after this check is not
 * seen: the operator stops them first.
 */
export function assertNotInUse(file: string): void {
  const db = new DatabaseSync(file);
  try {
    db.exec('PRAGMA busy_timeout = 0; PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;');
  } catch (error) {
    if (/locked|busy/i.test((error as Error).message)) {
      throw fail('store.in_use', `${file} is open in another process (a running Portico node?): stop every node before restoring.`);
    }
    throw error;
  } finally {
    db.close();
  }
  // The last connection's close folds the write-ahead log into the file and removes it: one left means another process.
  if (existsSync(`${file}-wal`)) throw fail('store.in_use', `${file}-wal is still there: is a node running on ${file}? Stop every node before restoring.`);
}
