import { Kysely, Migrator, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { createSqliteDialect } from './sqlite.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';
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

function pgTypes() {
  return {
    getTypeParser(oid: number, format?: string) {
      if (oid === PG_INT8) return (value: string) => Number(value);
      if (oid === PG_TIMESTAMPTZ) return (value: string) => new Date(value).toISOString();
      return pg.types.getTypeParser(oid, format as 'text');
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
    db = new Kysely<Database>({ dialect: createSqliteDialect(databaseUrl.slice('sqlite:'.length)) });
  } else {
    if (options.schema && !/^[a-z_][a-z0-9_]*$/.test(options.schema)) throw new Error('invalid schema name');
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      max: options.poolSize ?? 10,
      types: pgTypes(),
      options: options.schema ? `-c search_path=${options.schema}` : undefined,
    });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    if (options.schema) await sql`create schema if not exists ${sql.id(options.schema)}`.execute(db);
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

/** Applies pending migrations; safe to run from several nodes at once (the migrator takes a lock). */
export async function migrate(store: Store): Promise<string[]> {
  const all = migrations(store.dialect);
  const migrator = new Migrator({ db: store.db, provider: { getMigrations: async () => all } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

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
