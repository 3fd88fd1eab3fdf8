import type { Kysely, Migration } from 'kysely';

/**
 * The User Center's "My applications" (src/usercenter/my-applications.ts): whether an application is
 * listed there, each administrator's choice; 0 for every application until then.
 */
export function portalMigration(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('applications').addColumn('in_portal', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    },
  };
}
