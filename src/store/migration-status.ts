/**
 * Where a database stands against this version's migrations (./migrations/index.ts), read without
 * changing anything: for the operator's checks (src/cli/), before a restore or an import.
 */
import { sql } from 'kysely';
import type { Store } from './database.ts';
import { migrations } from './migrations/index.ts';

/** Kysely's migrator keeps the names it applied here (its default table). */
const MIGRATION_TABLE = 'kysely_migration';

export interface MigrationStatus {
  /** Applied, in order. Empty: not a Portico database yet (a first start migrates it). */
  applied: string[];
  /** Known to this version, not applied yet: the next start (or `npm run admin -- migrate`) applies them. */
  pending: string[];
  /** Applied by a newer version of Portico: this one does not know them, and should not run on it. */
  unknown: string[];
  /** Every migration this version knows, in order. */
  known: string[];
  /** The last migration this version knows. */
  latest: string;
}

async function appliedNames(store: Store): Promise<string[]> {
  const exists =
    store.dialect === 'sqlite'
      ? (await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = ${MIGRATION_TABLE}`.execute(store.db)).rows[0].n > 0
      : (await sql<{ t: string | null }>`select to_regclass(${MIGRATION_TABLE})::text as t`.execute(store.db)).rows[0].t !== null;
  if (!exists) return [];
  const { rows } = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)} order by name`.execute(store.db);
  return rows.map((r) => r.name);
}

export async function migrationStatus(store: Store): Promise<MigrationStatus> {
  const known = Object.keys(migrations(store.dialect)).sort();
  const applied = await appliedNames(store);
  return {
    applied,
    pending: known.filter((name) => !applied.includes(name)),
    unknown: applied.filter((name) => !known.includes(name)),
    known,
    latest: known.at(-1)!,
  };
}

/** The last migration a database has, or undefined for one that has none. */
export const levelOf = (status: MigrationStatus): string | undefined => status.applied.at(-1);
