import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * Two-step key rotation: a key is published ("next") before it signs. `is_next` marks such a key and
 * defaults to 0, so that a key a node of the previous version inserts during a rolling upgrade signs at
 * once, as that version meant. `activated_at` says when a key started signing: for the keys stored
 * before, since they were created.
 */
export function signingKeyStatesMigration(dialect: Dialect): Migration {
  const ts = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('oidc_signing_keys').addColumn('is_next', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('oidc_signing_keys').addColumn('activated_at', sql.raw(ts)).execute();
      await db.updateTable('oidc_signing_keys').set((eb) => ({ activated_at: eb.ref('created_at') })).execute();
    },
  };
}
