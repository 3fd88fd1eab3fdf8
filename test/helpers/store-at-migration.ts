/**
 * A database as a previous version left it: a store of its own (a SQLite file, or a PostgreSQL schema)
 * migrated up to and including `last`, for a migration's tests to fill as that version would and then
 * run the migrations after it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import { PG_URL, type TestDialect } from './harness.ts';
import { dropSchema } from './pg-schema.ts';
import { migrateTo, openStore, type Store } from '../../src/store/database.ts';
import { migrations } from '../../src/store/migrations/index.ts';

export async function storeAtMigration(dialect: TestDialect, last: string): Promise<{ store: Store; cleanup: () => Promise<void> }> {
  let store: Store;
  let cleanup: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'portico-migration-'));
    store = await openStore(`sqlite:${path.join(dir, 'portico.sqlite')}`);
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    store = await openStore(PG_URL, { schema, poolSize: 2 });
    cleanup = () => dropSchema(PG_URL, schema);
  }
  await migrateTo(store, last);
  return { store, cleanup };
}

/** The migration that runs just before `name`: what a database looked like before it. */
export const migrationBefore = (name: string) => {
  const names = Object.keys(migrations('sqlite')).sort();
  return names[names.indexOf(name) - 1];
};

/**
 * For a suite of a migration's tests: the store as it was just before `migration` (opened before the
 * suite's tests, closed and removed after them), read as `.store` once the suite runs.
 */
export function storeBeforeMigration(dialect: TestDialect, migration: string): { readonly store: Store } {
  let opened: { store: Store; cleanup: () => Promise<void> } | undefined;
  before(async () => {
    opened = await storeAtMigration(dialect, migrationBefore(migration));
  });
  after(async () => {
    await opened?.store.close();
    await opened?.cleanup();
  });
  return {
    get store() {
      if (!opened) throw new Error('the store is opened before the suite\'s tests');
      return opened.store;
    },
  };
}
