import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * The SAML identity provider's signing keys (src/saml/keys.ts): an RSA key, sealed, and its self-signed
 * certificate, which metadata publishes. One signs; a next one may be published beside it before it
 * takes over, and a retired one stays published until `retire_after` (rotation with an overlap).
 */
export function samlKeysMigration(dialect: Dialect): Migration {
  const ts = sql.raw(dialect === 'postgres' ? 'timestamptz' : 'text');
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('saml_signing_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('private_key_enc', 'text', (c) => c.notNull())
        .addColumn('certificate', 'text', (c) => c.notNull())
        // `active` signs (one at a time: the unique index below), `next` is published only, `retired` until retire_after.
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('retire_after', ts)
        .execute();
      await db.schema.createIndex('saml_signing_keys_one_active').on('saml_signing_keys').column('state').unique().where((eb) => eb('state', '=', 'active')).execute();
    },
  };
}
