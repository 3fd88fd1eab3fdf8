/**
 * A PostgreSQL schema of its own for a test suite or a bench run, and its removal (kept apart from
 * harness.ts, which probes PostgreSQL and Redis on import).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

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

export async function dropSchema(connectionString: string, schema: string): Promise<void> {
  await run(connectionString, `drop schema if exists ${schema} cascade`);
}
