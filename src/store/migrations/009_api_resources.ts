import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * Registered APIs (OAuth resource servers, RFC 8707), each with its scopes as JSON, and which of their
 * scopes each application may be granted. Deleting an application drops its grants; an API that an
 * application may still be granted cannot be deleted (src/apis/apis.ts refuses first, the key backs it).
 */
export function apiResourcesMigration(dialect: Dialect): Migration {
  const ts = sql.raw(dialect === 'postgres' ? 'timestamptz' : 'text');
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('apis')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('identifier', 'text', (c) => c.notNull().unique())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('access_token_lifetime_seconds', 'integer', (c) => c.notNull())
        .addColumn('signing_alg', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('application_api_access')
        .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id').onDelete('cascade'))
        .addColumn('api_id', 'text', (c) => c.notNull().references('apis.id'))
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('application_api_access_pk', ['application_id', 'api_id'])
        .execute();
      await db.schema.createIndex('application_api_access_api').on('application_api_access').column('api_id').execute();
    },
  };
}
