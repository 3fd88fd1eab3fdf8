/**
 * A PostgreSQL schema of its own for a test suite or a bench run, and its removal (kept apart from
 * harness.ts, which probes PostgreSQL and Redis on import).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The suites' PostgreSQL (override with PORTICO_TEST_PG_URL). */
export const TEST_PG_URL = process.env.PORTICO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function run(connectionString: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates `<prefix><random>` and returns it with a database URL whose connections work in it. */
export async function createSchema(connectionString: string, prefix: string): Promise<{ schema: string; url: string }> {
  const schema = `${prefix}${randomBytes(6).toString('hex')}`;
  await run(connectionString, `create schema ${schema}`);
  const url = new URL(connectionString);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { schema, url: url.toString() };
}

/**
 * Set by the suite's global setup (./global-setup.ts) when test files run side by side: a schema is then
 * dropped at the end of the run, not by its file. PostgreSQL's catalog functions that Kysely's migrator
 * calls (`pg_get_serial_sequence` by name) fail for a relation another connection drops meanwhile, so a
 * drop in one file could break another file's migrations.
 */
export const DEFER_DROPS_ENV = 'PORTICO_TEST_DEFER_SCHEMA_DROPS';

/** The schemas the test suites create (`createSchema`'s prefixes and the harness's `t_`), and never the bench's. */
export const TEST_SCHEMA = /^(t|mn|sc|cli)_[0-9a-f]{12}$/;

export async function dropSchema(connectionString: string, schema: string): Promise<void> {
  if (process.env[DEFER_DROPS_ENV] === '1' && TEST_SCHEMA.test(schema)) return;
  await run(connectionString, `drop schema if exists ${schema} cascade`);
}

/** Drops every test schema (the end of a run whose files deferred their drops; leftovers of an aborted run too). */
export async function dropTestSchemas(connectionString: string): Promise<number> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>('select nspname from pg_namespace');
    const schemas = rows.map((r) => r.nspname).filter((n) => TEST_SCHEMA.test(n));
    for (const schema of schemas) await client.query(`drop schema if exists ${schema} cascade`);
    return schemas.length;
  } finally {
    await client.end();
  }
}
