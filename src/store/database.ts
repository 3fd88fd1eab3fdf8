import { Kysely, Migrator, PostgresDialect, sql, type Transaction } from 'kysely';
import type pg from 'pg';
import { createSqliteDialect } from './sqlite.ts';
import { runsNow } from './run-now.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';
import type { Dialect } from './dialect.ts';

export type { Dialect };
export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

export interface Store {
  readonly db: Db;
  readonly dialect: Dialect;
  /** Runs `fn` in one transaction: writes that belong together commit or roll back together. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** True when the database answers a trivial query (readiness). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** PostgreSQL only: the schema to work in (tests use one schema each). */
  schema?: string;
  poolSize?: number;
}

// pg type OIDs: read int8 as a JS number (ids and counts stay far below 2^53) and timestamptz as
// the ISO string the rest of the code uses, so both dialects return identical rows.
const PG_INT8 = 20;
const PG_TIMESTAMPTZ = 1184;

function pgTypes(types: typeof pg.types) {
  return {
    getTypeParser(oid: number, format?: string) {
      if (oid === PG_INT8) return (value: string) => Number(value);
      if (oid === PG_TIMESTAMPTZ) return (value: string) => new Date(value).toISOString();
      return types.getTypeParser(oid, format as 'text');
    },
  };
}

export function dialectOf(databaseUrl: string): Dialect {
  return databaseUrl.startsWith('sqlite:') ? 'sqlite' : 'postgres';
}

export async function openStore(databaseUrl: string, options: StoreOptions = {}): Promise<Store> {
  const dialect = dialectOf(databaseUrl);
  let db: Db;
  if (dialect === 'sqlite') {
    const { dialect: sqliteDialect, runNow } = createSqliteDialect(databaseUrl.slice('sqlite:'.length));
    db = new Kysely<Database>({ dialect: sqliteDialect });
    runsNow(db, runNow);
  } else {
    if (options.schema && !/^[a-z_][a-z0-9_]*$/.test(options.schema)) throw new Error('invalid schema name');
    // Loaded only for PostgreSQL: the embedded default never pays for the driver.
    const { default: pgModule } = await import('pg');
    const pool = new pgModule.Pool({
      connectionString: databaseUrl,
      max: options.poolSize ?? 10,
      types: pgTypes(pgModule.types),
      options: options.schema ? `-c search_path=${options.schema}` : undefined,
    });
    // A connection that breaks while idle (database restart, network cut) is dropped by the pool and
    // replaced on the next query. Without a listener the pool's 'error' event would end the process.
    pool.on('error', () => {});
    // The same for a connection that breaks while checked out between two statements (a transaction's, or
    // the readiness write probe's): the next statement on it fails and is handled; the event alone must not.
    pool.on('connect', (client) => client.on('error', () => {}));
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    if (options.schema) await createSchema(db, options.schema);
  }

  return {
    db,
    dialect,
    transaction: (fn) => db.transaction().execute(fn),
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    close: () => db.destroy(),
  };
}

/** Several nodes may start at once: `if not exists` alone can still fail on PostgreSQL when two race. */
async function createSchema(db: Db, schema: string) {
  try {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  } catch (error) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_namespace where nspname = ${schema}`.execute(db);
    if (!rows[0]?.n) throw error;
  }
}

/**
 * Kysely's migrator looks for its tables among every schema's (its PostgreSQL introspection resolves each
 * table by name), so a schema dropped meanwhile by someone else (another tenant's, another test's) fails
 * the look-up with "schema … does not exist" (3F000). Nothing was migrated then: looking again is safe.
 */
const MIGRATOR_CATALOG_RACE_ATTEMPTS = 3;
const isCatalogRace = (error: unknown) => (error as { code?: unknown } | undefined)?.code === '3F000';

/**
 * Migrates to `target` (a migration's name), or to the latest; safe to run from several nodes at once
 * (the migrator takes a lock). On PostgreSQL the migrator is told the schema in use: left alone it takes
 * another schema's migration tables (another tenant's, or another test's) for ours and then fails.
 */
export async function migrateTo(store: Store, target?: string): Promise<string[]> {
  const all = migrations(store.dialect);
  const migrationTableSchema =
    store.dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(store.db)).rows[0]?.schema : undefined;
  const migrator = new Migrator({ db: store.db, provider: { getMigrations: async () => all }, migrationTableSchema });
  for (let attempt = 1; ; attempt++) {
    const { error, results } = target === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(target);
    if (error && isCatalogRace(error) && attempt < MIGRATOR_CATALOG_RACE_ATTEMPTS) continue;
    if (error) throw error instanceof Error ? error : new Error(String(error));
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }
}

/** Applies pending migrations (see migrateTo). */
export const migrate = (store: Store): Promise<string[]> => migrateTo(store);

/**
 * The column(s) named by a unique-constraint violation, or undefined when the error is something else.
 * Used as the race-safe backstop behind the explicit checks done before writes.
 */
export function uniqueViolation(error: unknown): string[] | undefined {
  const e = error as { code?: string; detail?: string; message?: string; errcode?: number };
  if (e?.code === '23505') {
    const match = /Key \(([^)]+)\)=/.exec(e.detail ?? '');
    return match ? match[1].split(',').map((s) => s.trim()) : [];
  }
  const match = /UNIQUE constraint failed: (.+)$/.exec(e?.message ?? '');
  if (match) return match[1].split(',').map((s) => s.trim().split('.').pop()!);
  return undefined;
}

export const nowIso = () => new Date().toISOString();
