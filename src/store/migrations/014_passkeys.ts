import type { Kysely, Migration } from 'kysely';
import { PASSKEY_SOURCE_ID } from '../well-known.ts';

/**
 * Passkeys and security keys (src/factors/passkey.ts): a WebAuthn credential is a user factor whose
 * credential id is looked up by a passwordless sign-in (so indexed, and unique across all users); its
 * public key and the signature counter go in the columns a TOTP secret and time step use. And the
 * built-in Passkey source, which applications enable for passwordless sign-in.
 */
export function passkeysMigration(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('user_factors').addColumn('credential_id', 'text').execute();
      await db.schema.createIndex('user_factors_credential').on('user_factors').column('credential_id').unique().execute();
      const now = new Date().toISOString();
      await db
        .insertInto('auth_sources')
        .values({ id: PASSKEY_SOURCE_ID, type: 'passkey', name: 'Passkey', config: '{}', secrets_enc: null, created_at: now, updated_at: now })
        .execute();
    },
  };
}
