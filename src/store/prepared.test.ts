import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type CompiledQuery, type DatabaseConnection, type Driver } from 'kysely';
import type { Database } from './schema.ts';
import { prepareQuery } from './prepared.ts';

/** A PostgreSQL-shaped Kysely whose driver records what it is asked to run. */
function recordingDb() {
  const ran: CompiledQuery[] = [];
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
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  return { db, ran };
}

test('a prepared query puts each named value in its own placeholder, whatever order it is given in', async () => {
  const { db, ran } = recordingDb();
  const find = prepareQuery(db, ['status', 'id'], (v) => db.selectFrom('users').select('id').where('id', '=', v.id).where('status', '=', v.status));
  await find({ status: 'active', id: 'usr_1' });
  await find({ id: 'usr_2', status: 'disabled' });
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
  const find = prepareQuery(db, ['id'], (v) => db.selectFrom('users').select('id').where('status', '=', 'active').where('id', '=', v.id));
  await find({ id: 'usr_1' });
  await find({ id: 'usr_2' });
  assert.deepEqual(
    ran.map((q) => q.parameters),
    [
      ['active', 'usr_1'],
      ['active', 'usr_2'],
    ],
  );
});
