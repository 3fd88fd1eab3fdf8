import type { Kysely, Migration } from 'kysely';

/**
 * Applications get a protocol (every one so far speaks OpenID Connect, the built-in User Center too) and
 * a `built_in` flag, which says what `kind` said besides the protocol. `kind` stays, written as before:
 * during a rolling upgrade nodes of the previous version still read and write it, and their inserts get
 * the right protocol and flag from the defaults.
 */
export function applicationProtocolMigration(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('applications').addColumn('protocol', 'text', (c) => c.notNull().defaultTo('oidc')).execute();
      await db.schema.alterTable('applications').addColumn('built_in', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.updateTable('applications').set({ built_in: 1 }).where('kind', '=', 'user_center').execute();
    },
  };
}
