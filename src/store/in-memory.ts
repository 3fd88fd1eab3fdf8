/**
 * For unit tests: a migrated SQLite store in memory and the short-lived store on it, opened before a
 * file's tests and closed after them. The fields are filled in by the time the first test runs.
 */
import { after, before } from 'node:test';
import { migrate, openStore, type Store } from './database.ts';
import { sqlShortLivedStore, type ShortLivedStore } from './short-lived.ts';

export function inMemoryStore(): { store: Store; shortLived: ShortLivedStore } {
  const opened = {} as { store: Store; shortLived: ShortLivedStore };
  before(async () => {
    opened.store = await openStore('sqlite::memory:');
    await migrate(opened.store);
    opened.shortLived = sqlShortLivedStore(opened.store.db);
  });
  after(() => opened.store.close());
  return opened;
}
