import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * When a user's email address and mobile number were last verified: by an administrator (or the
 * directory sync) vouching for them, or by the person proving the number with a code. Null: not
 * verified, as every value stored before was (nothing claimed it). A changed value starts unverified
 * (src/directory/verification.ts).
 */
export function contactVerificationMigration(dialect: Dialect): Migration {
  const ts = sql.raw(dialect === 'postgres' ? 'timestamptz' : 'text');
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('users').addColumn('email_verified_at', ts).execute();
      await db.schema.alterTable('users').addColumn('mobile_verified_at', ts).execute();
    },
  };
}
