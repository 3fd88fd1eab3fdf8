import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import { SqliteDialect, type QueryResult } from 'kysely';
import type { RunNow } from './run-now.ts';
import { ensurePrivateDir, ensurePrivateFile, tightenIfPresent } from './private-files.ts';

/** Prepared statements are reused: the embedded store runs the same few hundred queries all day. */
const STATEMENT_CACHE_SIZE = 500;
/**
 * WAL pages before SQLite checkpoints them into the database file (its default: 1,000 pages, 4 MB).
 * A checkpoint copies each changed page once and syncs, and token writes keep changing the same few
 * index pages, so checkpointing a tenth as often roughly halves a write's cost (measured: 100 → 58 µs
 * per token row) for a WAL file of up to ~40 MB. Durability is unchanged: WAL with synchronous=NORMAL.
 */
const WAL_AUTOCHECKPOINT_PAGES = 10_000;
/** Files SQLite keeps beside the database: the write-ahead log, its shared-memory index, a rollback journal. */
const COMPANION_SUFFIXES = ['-wal', '-shm', '-journal'];

type Param = null | number | bigint | string | Uint8Array;

/**
 * How long a statement waits for another process's write lock before SQLITE_BUSY (several worker
 * processes, PORTICO_WORKERS, or an operator command share the file). node:sqlite waits synchronously.
 */
const BUSY_TIMEOUT_MS = 5000;
/**
 * What Kysely sends to start a transaction. Run as BEGIN IMMEDIATE: the write lock is taken at the start,
 * waiting (busy_timeout) for another process's write to end. A deferred BEGIN would read first and fail
 * at its first write, without waiting, with SQLITE_BUSY when another process wrote meanwhile (its
 * snapshot is stale and cannot be upgraded): an error no retry in the transaction could avoid.
 */
const BEGIN = /^\s*begin\s*(?:transaction\s*)?;?\s*$/i;
/** What Kysely sends to end a failed transaction (not `rollback to <savepoint>`). */
const ROLLBACK = /^\s*rollback\s*(?:transaction\s*)?;?\s*$/i;
/** A ROLLBACK with nothing to roll back: see `prepare`. */
const NOTHING_TO_ROLL_BACK: Prepared = {
  reader: false,
  all: () => [],
  run: () => ({ changes: 0, lastInsertRowid: 0 }),
  iterate: () => [][Symbol.iterator](),
};

function toParam(value: unknown): Param {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return null;
  return value as Param;
}

/**
 * Adapts Node's built-in `node:sqlite` to the small interface Kysely's SqliteDialect expects
 * (the better-sqlite3 shape), so the embedded store needs no native addon.
 */
/** SQLite's page cache per connection, in KiB (a negative cache_size). */
const PAGE_CACHE_KIB = 32 * 1024;

class NodeSqliteDatabase {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, Prepared & { rollback: boolean }>();

  constructor(file: string) {
    if (file !== ':memory:') {
      ensurePrivateDir(path.dirname(file));
      // SQLite creates its -wal and -shm files with the database file's permissions: a 0600 database
      // keeps them private too. Files of an earlier start, made before this rule, are tightened.
      ensurePrivateFile(file);
      for (const suffix of COMPANION_SUFFIXES) tightenIfPresent(file + suffix);
    }
    this.#db = new DatabaseSync(file);
    // busy_timeout first: with several processes on the file (PORTICO_WORKERS) even switching to WAL may wait for a lock.
    this.#db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;`);
    // A 32 MiB page cache (the default is 8): a directory sync writes people into several indexes keyed
    // at random, and with the default most of those writes miss the cache (bench 6: 0.41 → 0.33 ms per person).
    this.#db.exec(`PRAGMA wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}; PRAGMA cache_size = -${PAGE_CACHE_KIB};`);
  }

  /**
   * Runs one statement at once, as Kysely's SqliteConnection would, when no transaction is open on the
   * connection; otherwise answers undefined and the caller goes through Kysely, whose connection mutex
   * waits for that transaction to end. The statement is synchronous, so nothing can begin between the
   * check and the run.
   */
  runNow(sql: string, parameters: readonly unknown[]): QueryResult<unknown> | undefined {
    if (this.#db.isTransaction) return undefined;
    const stmt = this.prepare(sql);
    if (stmt.reader) return { rows: stmt.all(parameters) };
    const { changes, lastInsertRowid } = stmt.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  close(): void {
    this.#statements.clear();
    this.#db.close();
  }

  prepare(sql: string): Prepared {
    let entry = this.#statements.get(sql);
    if (!entry) {
      entry = prepared(this.#db, sql);
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) {
        this.#statements.delete(this.#statements.keys().next().value!);
      }
      this.#statements.set(sql, entry);
    }
    // On some errors (SQLITE_FULL "database or disk is full", SQLITE_IOERR, SQLITE_NOMEM) SQLite rolls the
    // whole transaction back itself. Kysely then sends ROLLBACK, which would fail with "cannot rollback -
    // no transaction is active", and Kysely would throw that instead of the error that caused it. With
    // no transaction active there is nothing to undo: the ROLLBACK does nothing and the cause surfaces.
    // (Kysely prepares and runs a statement in one synchronous step: the state read here is the one it runs in.)
    if (entry.rollback && !this.#db.isTransaction) return NOTHING_TO_ROLL_BACK;
    return entry;
  }
}

interface Prepared {
  reader: boolean;
  all(parameters: ReadonlyArray<unknown>): unknown[];
  run(parameters: ReadonlyArray<unknown>): { changes: number | bigint; lastInsertRowid: number | bigint };
  iterate(parameters: ReadonlyArray<unknown>): Iterator<unknown>;
}

/** A statement in the shape Kysely runs, made once per SQL text (the statement cache keeps it). */
function prepared(db: DatabaseSync, sql: string): Prepared & { rollback: boolean } {
  const stmt = db.prepare(BEGIN.test(sql) ? 'begin immediate' : sql);
  return {
    reader: stmt.columns().length > 0,
    rollback: ROLLBACK.test(sql),
    all: (parameters) => stmt.all(...parameters.map(toParam)),
    run: (parameters) => {
      const result = stmt.run(...parameters.map(toParam));
      return { changes: result.changes, lastInsertRowid: result.lastInsertRowid };
    },
    iterate: (parameters) => stmt.iterate(...parameters.map(toParam)),
  };
}

export function createSqliteDialect(file: string): { dialect: SqliteDialect; runNow: RunNow } {
  const database = new NodeSqliteDatabase(file);
  return { dialect: new SqliteDialect({ database: database as never }), runNow: (sql, parameters) => database.runNow(sql, parameters) };
}
