import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.ts';

/** Short-lived state (login transactions, verification codes, rate-limit counters) for stores without Redis. */
export function shortLivedMigration(dialect: Dialect): Migration {
  const ts = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('short_lived')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('expires_at', sql.raw(ts), (c) => c.notNull())
        .execute();
      await db.schema.createIndex('short_lived_expires').on('short_lived').column('expires_at').execute();
    },
  };
}
