import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * Second factors (src/factors/): each user's authenticator-app secrets (TOTP, sealed) and recovery
 * codes (hashed), and each application's second-factor policy.
 */
export function secondFactorsMigration(dialect: Dialect): Migration {
  const ts = sql.raw(dialect === 'postgres' ? 'timestamptz' : 'text');
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('user_factors')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('secret_enc', 'text', (c) => c.notNull())
        // The last time step a code was accepted for: a code is accepted once (RFC 6238 §5.2).
        .addColumn('last_step', 'bigint')
        .addColumn('created_at', ts, (c) => c.notNull())
        // Null while enrolling: a factor counts only once a first code has confirmed it.
        .addColumn('confirmed_at', ts)
        .addColumn('last_used_at', ts)
        .execute();
      await db.schema.createIndex('user_factors_user').on('user_factors').column('user_id').execute();

      await db.schema
        .createTable('user_recovery_codes')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('code_hash', 'text', (c) => c.notNull())
        .addColumn('used_at', ts)
        .addPrimaryKeyConstraint('user_recovery_codes_pk', ['user_id', 'code_hash'])
        .execute();

      // The application's second-factor policy as JSON (src/factors/views.ts); `{}` is the default, never.
      await db.schema.alterTable('applications').addColumn('second_factor', 'text', (c) => c.notNull().defaultTo('{}')).execute();
    },
  };
}
