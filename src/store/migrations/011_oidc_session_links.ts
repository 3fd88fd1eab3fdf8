import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * Which provider sessions each SSO session (and so each user) has, so that a sign-out made anywhere
 * (the User Center, an administrator disabling the user) can end them and tell their applications
 * (src/oidc/logout/session-links.ts). Kept in SQL even with Redis: it is looked up by user, which a
 * key-value store cannot list.
 */
export function oidcSessionLinksMigration(dialect: Dialect): Migration {
  const ts = sql.raw(dialect === 'postgres' ? 'timestamptz' : 'text');
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('oidc_session_links')
        .addColumn('session_uid', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('sso_session_id', 'text', (c) => c.notNull())
        .addColumn('expires_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('oidc_session_links_user').on('oidc_session_links').column('user_id').execute();
      await db.schema.createIndex('oidc_session_links_sso').on('oidc_session_links').column('sso_session_id').execute();
      await db.schema.createIndex('oidc_session_links_expires').on('oidc_session_links').column('expires_at').execute();
    },
  };
}
