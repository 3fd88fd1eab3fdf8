import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.ts';
import { PASSWORD_SOURCE_ID, ROOT_ORG_UNIT_ID, SMS_SOURCE_ID, USER_CENTER_APP_ID, USER_CENTER_CLIENT_ID } from '../well-known.ts';

export function initialMigration(dialect: Dialect): Migration {
  const ts = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('org_units')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('parent_id', 'text', (c) => c.references('org_units.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', sql.raw(ts), (c) => c.notNull())
        .addColumn('updated_at', sql.raw(ts), (c) => c.notNull())
        .execute();
      await db.schema.createIndex('org_units_parent').on('org_units').column('parent_id').execute();
      // Sibling names are unique so the console's tree never shows two identical departments side by side.
      await db.schema.createIndex('org_units_parent_name').unique().on('org_units').columns(['parent_id', 'name']).execute();

      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('mobile', 'text', (c) => c.unique())
        .addColumn('email', 'text', (c) => c.unique())
        .addColumn('employee_number', 'text')
        .addColumn('external_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text')
        .addColumn('org_unit_id', 'text', (c) => c.notNull().references('org_units.id'))
        .addColumn('created_at', sql.raw(ts), (c) => c.notNull())
        .addColumn('updated_at', sql.raw(ts), (c) => c.notNull())
        .execute();
      await db.schema.createIndex('users_employee_number').on('users').column('employee_number').execute();
      await db.schema.createIndex('users_external_id').on('users').column('external_id').execute();
      await db.schema.createIndex('users_org_unit').on('users').column('org_unit_id').execute();

      await db.schema
        .createTable('applications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('logo_url', 'text')
        .addColumn('client_id', 'text', (c) => c.notNull().unique())
        .addColumn('client_type', 'text', (c) => c.notNull())
        .addColumn('client_secret_enc', 'text')
        .addColumn('redirect_uris', 'text', (c) => c.notNull())
        .addColumn('post_logout_redirect_uris', 'text', (c) => c.notNull())
        .addColumn('first_party', 'integer', (c) => c.notNull())
        .addColumn('created_at', sql.raw(ts), (c) => c.notNull())
        .addColumn('updated_at', sql.raw(ts), (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('auth_sources')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('config', 'text', (c) => c.notNull())
        .addColumn('secrets_enc', 'text')
        .addColumn('created_at', sql.raw(ts), (c) => c.notNull())
        .addColumn('updated_at', sql.raw(ts), (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('login_configurations')
        .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id').onDelete('cascade'))
        .addColumn('source_id', 'text', (c) => c.notNull().references('auth_sources.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('login_configurations_pk', ['application_id', 'source_id'])
        .execute();
      await db.schema.createIndex('login_configurations_source').on('login_configurations').column('source_id').execute();

      await db.schema
        .createTable('bindings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('source_id', 'text', (c) => c.notNull().references('auth_sources.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('open_id', 'text')
        .addColumn('external_user_id', 'text')
        .addColumn('nick', 'text')
        .addColumn('avatar_url', 'text')
        .addColumn('created_at', sql.raw(ts), (c) => c.notNull())
        .addColumn('last_used_at', sql.raw(ts))
        .execute();
      // One external identity binds to one user per source, and a user has at most one binding per source.
      await db.schema.createIndex('bindings_source_subject').unique().on('bindings').columns(['source_id', 'subject']).execute();
      await db.schema.createIndex('bindings_source_user').unique().on('bindings').columns(['source_id', 'user_id']).execute();
      await db.schema.createIndex('bindings_user').on('bindings').column('user_id').execute();

      await db.schema
        .createTable('admins')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', sql.raw(ts), (c) => c.notNull())
        .addColumn('updated_at', sql.raw(ts), (c) => c.notNull())
        .addColumn('last_login_at', sql.raw(ts))
        .execute();

      await db.schema
        .createTable('admin_sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('admin_id', 'text', (c) => c.notNull().references('admins.id').onDelete('cascade'))
        .addColumn('created_at', sql.raw(ts), (c) => c.notNull())
        .addColumn('expires_at', sql.raw(ts), (c) => c.notNull())
        .addColumn('last_seen_at', sql.raw(ts), (c) => c.notNull())
        .execute();
      await db.schema.createIndex('admin_sessions_admin').on('admin_sessions').column('admin_id').execute();

      await db.schema
        .createTable('audit_events')
        .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('at', sql.raw(ts), (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('actor_type', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_name', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target_type', 'text')
        .addColumn('target_id', 'text')
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .execute();
      await db.schema.createIndex('audit_events_at').on('audit_events').column('at').execute();
      await db.schema.createIndex('audit_events_target').on('audit_events').columns(['target_type', 'target_id']).execute();
      await db.schema.createIndex('audit_events_actor').on('audit_events').column('actor_id').execute();

      // The rows every installation starts with: the root department, the built-in User Center with
      // password login enabled, and the password and SMS sources (singletons of their types).
      const now = new Date().toISOString();
      await db.insertInto('org_units').values({ id: ROOT_ORG_UNIT_ID, parent_id: null, name: 'Root', created_at: now, updated_at: now }).execute();
      await db
        .insertInto('auth_sources')
        .values([
          { id: PASSWORD_SOURCE_ID, type: 'password', name: 'Password', config: '{}', secrets_enc: null, created_at: now, updated_at: now },
          { id: SMS_SOURCE_ID, type: 'sms', name: 'SMS verification code', config: '{}', secrets_enc: null, created_at: now, updated_at: now },
        ])
        .execute();
      await db
        .insertInto('applications')
        .values({
          id: USER_CENTER_APP_ID,
          kind: 'user_center',
          name: 'User Center',
          description: 'Where people manage their own profile, bound accounts and sign-ins.',
          logo_url: null,
          client_id: USER_CENTER_CLIENT_ID,
          client_type: 'public',
          client_secret_enc: null,
          redirect_uris: '[]',
          post_logout_redirect_uris: '[]',
          first_party: 1,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await db
        .insertInto('login_configurations')
        .values({ application_id: USER_CENTER_APP_ID, source_id: PASSWORD_SOURCE_ID, position: 0 })
        .execute();
    },
  };
}
