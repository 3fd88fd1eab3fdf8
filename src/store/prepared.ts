import { CompiledQuery, type Compilable, type QueryResult } from 'kysely';
import { runNowOf } from './run-now.ts';
import type { Db, Tx } from './database.ts';

type Conn = Db | Tx;

/**
 * A query Kysely builds and compiles once per dialect and then runs many times with new values, for
 * the statements on every sign-in and token request (building and compiling them was a tenth of the
 * CPU of both). It is built with a marker in place of each named value, so every value lands in its
 * own placeholder whatever order the dialect compiles them in; values written into the query stay as
 * they are. It runs on whatever connection or transaction it is given (on the embedded store outside a
 * transaction, without Kysely's connection handling: ./run-now.ts).
 */
export function prepareQuery<Name extends string, Row>(
  names: readonly Name[],
  build: (conn: Conn, values: Record<Name, string>) => Compilable<Row>,
): (conn: Conn, values: Record<Name, unknown>) => Promise<QueryResult<Row>> {
  const markers = Object.fromEntries(names.map((name) => [name, `\u0000${name}\u0000`])) as Record<Name, string>;
  type Prepared = { sql: string; fill: ((values: Record<Name, unknown>) => unknown)[] };
  // One process may hold stores of both dialects (the tests do): compiled once for each.
  const byDialect = new Map<unknown, Prepared>();

  const prepare = (conn: Conn): Prepared => {
    const compiled = build(conn, markers).compile();
    // Each placeholder takes a named value, or keeps the constant the query was built with.
    const fill = compiled.parameters.map((parameter) => {
      const name = names.find((n) => markers[n] === parameter);
      return name === undefined ? () => parameter : (values: Record<Name, unknown>) => values[name];
    });
    return { sql: compiled.sql, fill };
  };

  return (conn, values) => {
    const dialect = conn.getExecutor().adapter.constructor;
    let prepared = byDialect.get(dialect);
    if (!prepared) byDialect.set(dialect, (prepared = prepare(conn)));
    const parameters = prepared.fill.map((value) => value(values));
    const runNow = runNowOf(conn);
    if (runNow) {
      try {
        const result = runNow(prepared.sql, parameters) as QueryResult<Row> | undefined;
        if (result) return Promise.resolve(result);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return conn.executeQuery<Row>(CompiledQuery.raw(prepared.sql, parameters));
  };
}
