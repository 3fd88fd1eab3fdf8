import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
} from 'kysely';
import type { Database } from './schema.ts';
import { prepareQuery } from './prepared.ts';

/** A Kysely of either dialect whose driver records what it is asked to run. */
function recordingDb(dialect: 'postgres' | 'sqlite' = 'postgres', ran: CompiledQuery[] = []) {
  const connection: DatabaseConnection = {
    executeQuery: async (query) => (ran.push(query), { rows: [] }),
    streamQuery: () => {
      throw new Error('not used');
    },
  };
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => connection,
    beginTransaction: async () => {},
    commitTransaction: async () => {},
    rollbackTransaction: async () => {},
    releaseConnection: async () => {},
    destroy: async () => {},
  };
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => (dialect === 'postgres' ? new PostgresAdapter() : new SqliteAdapter()),
      createDriver: () => driver,
      createIntrospector: (k) => (dialect === 'postgres' ? new PostgresIntrospector(k) : new SqliteIntrospector(k)),
      createQueryCompiler: () => (dialect === 'postgres' ? new PostgresQueryCompiler() : new SqliteQueryCompiler()),
    },
  });
  return { db, ran };
}

test('a prepared query puts each named value in its own placeholder, whatever order it is given in', async () => {
  const { db, ran } = recordingDb();
  const find = prepareQuery(['status', 'id'], (conn, v) => conn.selectFrom('users').select('id').where('id', '=', v.id).where('status', '=', v.status));
  await find(db, { status: 'active', id: 'usr_1' });
  await find(db, { id: 'usr_2', status: 'disabled' });
  assert.deepEqual(
    ran.map((q) => [q.sql, q.parameters]),
    [
      ['select "id" from "users" where "id" = $1 and "status" = $2', ['usr_1', 'active']],
      ['select "id" from "users" where "id" = $1 and "status" = $2', ['usr_2', 'disabled']],
    ],
  );
});

test('a value written into the query stays the same on every run', async () => {
  const { db, ran } = recordingDb();
  const find = prepareQuery(['id'], (conn, v) => conn.selectFrom('users').select('id').where('status', '=', 'active').where('id', '=', v.id));
  await find(db, { id: 'usr_1' });
  await find(db, { id: 'usr_2' });
  assert.deepEqual(
    ran.map((q) => q.parameters),
    [
      ['active', 'usr_1'],
      ['active', 'usr_2'],
    ],
  );
});

test('one prepared query serves both dialects in one process, each with its own placeholders', async () => {
  const ran: CompiledQuery[] = [];
  const postgres = recordingDb('postgres', ran).db;
  const sqlite = recordingDb('sqlite', ran).db;
  const find = prepareQuery(['id'], (conn, v) => conn.selectFrom('users').select('id').where('id', '=', v.id));
  await find(postgres, { id: 'a' });
  await find(sqlite, { id: 'b' });
  await find(postgres, { id: 'c' });
  assert.deepEqual(
    ran.map((q) => [q.sql, q.parameters]),
    [
      ['select "id" from "users" where "id" = $1', ['a']],
      ['select "id" from "users" where "id" = ?', ['b']],
      ['select "id" from "users" where "id" = $1', ['c']],
    ],
  );
});
