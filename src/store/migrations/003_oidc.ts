import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * The OpenID Connect provider's state: its artifacts (authorization codes, tokens, grants, sessions,
 * interactions) for stores without Redis, and its signing keys, sealed under the master key.
 */
export function oidcMigration(dialect: Dialect): Migration {
  const ts = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('oidc_artifacts')
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('grant_id', 'text')
        .addColumn('uid', 'text')
        .addColumn('user_code', 'text')
        .addColumn('expires_at', sql.raw(ts))
        .addColumn('consumed_at', sql.raw(ts))
        .addPrimaryKeyConstraint('oidc_artifacts_pk', ['model', 'id'])
        .execute();
      // Revocation by grant (code replay, refresh-token reuse, logout) must find every artifact of a grant.
      await db.schema.createIndex('oidc_artifacts_grant').on('oidc_artifacts').column('grant_id').execute();
      await db.schema.createIndex('oidc_artifacts_uid').on('oidc_artifacts').columns(['model', 'uid']).execute();
      await db.schema.createIndex('oidc_artifacts_user_code').on('oidc_artifacts').columns(['model', 'user_code']).execute();
      await db.schema.createIndex('oidc_artifacts_expires').on('oidc_artifacts').column('expires_at').execute();

      await db.schema
        .createTable('oidc_signing_keys')
        .addColumn('kid', 'text', (c) => c.primaryKey())
        .addColumn('alg', 'text', (c) => c.notNull())
        .addColumn('private_jwk_enc', 'text', (c) => c.notNull())
        .addColumn('created_at', sql.raw(ts), (c) => c.notNull())
        // Null while the key signs; set at rotation to when the last token it signed has expired.
        .addColumn('retire_after', sql.raw(ts))
        .execute();
    },
  };
}
