import type { Kysely, Migration } from 'kysely';

/**
 * Applications get their protocol's further settings as JSON (OpenID Connect's client authentication,
 * ID token algorithm, token lifetimes, PKCE, PAR, logout URIs; SAML's next), read by the protocol. Every
 * existing application gets `{}`: none set, so each setting's default applies, which is how it worked
 * before. Inserts by nodes of the previous version during a rolling upgrade get `{}` from the default.
 */
export function protocolSettingsMigration(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('applications').addColumn('protocol_settings', 'text', (c) => c.notNull().defaultTo('{}')).execute();
    },
  };
}
