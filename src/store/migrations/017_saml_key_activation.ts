import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * SAML signing-key rotation (src/saml/keys.ts): `activated_at` says when a key started signing, for the
 * keys stored before, since they were created (the previous version made only active keys); a key a node
 * of the previous version inserts during a rolling upgrade has none and is read as signing since its
 * creation. A second unique partial index allows one next key at a time, as the first allows one active.
 */
export function samlKeyActivationMigration(dialect: Dialect): Migration {
  const ts = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('saml_signing_keys').addColumn('activated_at', sql.raw(ts)).execute();
      await db.updateTable('saml_signing_keys').set((eb) => ({ activated_at: eb.ref('created_at') })).where('state', '!=', 'next').execute();
      await db.schema.createIndex('saml_signing_keys_one_next').on('saml_signing_keys').column('state').unique().where((eb) => eb('state', '=', 'next')).execute();
    },
  };
}
