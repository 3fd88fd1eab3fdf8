/**
 * A shorter way for the prepared statements (./prepared.ts) to the embedded database: SQLite answers
 * synchronously, so a statement outside a transaction needs none of Kysely's connection handling
 * (its mutex, executor and promise hops cost about as much as a primary-key read itself). Only the
 * SQLite store registers one; everything else, and every statement in a transaction, goes through Kysely.
 */
import type { QueryResult } from 'kysely';

/** Runs the statement now and answers its result, or undefined when it must wait for a transaction (Kysely then runs it). */
export type RunNow = (sql: string, parameters: readonly unknown[]) => QueryResult<unknown> | undefined;

const registered = new WeakMap<object, RunNow>();

export function runsNow(db: object, runNow: RunNow): void {
  registered.set(db, runNow);
}

/** The store's direct runner for `conn`, when it has one and `conn` is not a transaction. */
export function runNowOf(conn: { readonly isTransaction: boolean }): RunNow | undefined {
  return conn.isTransaction ? undefined : registered.get(conn);
}
