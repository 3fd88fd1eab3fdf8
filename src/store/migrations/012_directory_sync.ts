import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * Directory sync (src/sync/): identity sources that bring an organisation's people in, the runs that
 * fetch, plan and apply, what each run planned, the links from upstream ids to users and org units,
 * people's further departments, the event log, and leases that let one node at a time run a job.
 */
export function directorySyncMigration(dialect: Dialect): Migration {
  const ts = sql.raw(dialect === 'postgres' ? 'timestamptz' : 'text');
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('identity_sources')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('config', 'text', (c) => c.notNull())
        .addColumn('secrets_enc', 'text')
        .addColumn('last_scheduled_at', ts)
        .addColumn('stream_state', 'text', (c) => c.notNull().defaultTo('off'))
        .addColumn('stream_holder', 'text')
        .addColumn('stream_since', ts)
        .addColumn('stream_error', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sync_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('source_id', 'text')
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('trigger', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('phase', 'text', (c) => c.notNull())
        .addColumn('progress_done', 'integer', (c) => c.notNull())
        .addColumn('progress_total', 'integer')
        .addColumn('counts', 'text', (c) => c.notNull())
        .addColumn('complete', 'integer', (c) => c.notNull())
        .addColumn('warnings', 'text', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('label', 'text')
        .addColumn('requested_by', 'text')
        .addColumn('options', 'text', (c) => c.notNull())
        .addColumn('started_at', ts, (c) => c.notNull())
        .addColumn('finished_at', ts)
        // The node working on it renews this; a stale one is taken over (src/sync/worker.ts).
        .addColumn('heartbeat_at', ts)
        .execute();
      await db.schema.createIndex('sync_runs_source').on('sync_runs').columns(['source_id', 'started_at']).execute();
      await db.schema.createIndex('sync_runs_status').on('sync_runs').column('status').execute();

      await db.schema
        .createTable('sync_changes')
        .addColumn('run_id', 'text', (c) => c.notNull().references('sync_runs.id').onDelete('cascade'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('external_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('org_unit_id', 'text')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .addColumn('problem', 'text')
        .addColumn('applied', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('sync_changes_pk', ['run_id', 'seq'])
        .execute();
      await db.schema.createIndex('sync_changes_kind').on('sync_changes').columns(['run_id', 'kind', 'seq']).execute();

      // What a run fetched, before it is compared: pages land here so no node holds an organisation in memory.
      await db.schema
        .createTable('sync_staged_people')
        .addColumn('run_id', 'text', (c) => c.notNull().references('sync_runs.id').onDelete('cascade'))
        .addColumn('external_id', 'text', (c) => c.notNull())
        .addColumn('match_value', 'text')
        .addColumn('data', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('sync_staged_people_pk', ['run_id', 'external_id'])
        .execute();
      await db.schema.createIndex('sync_staged_people_match').on('sync_staged_people').columns(['run_id', 'match_value']).execute();
      await db.schema
        .createTable('sync_staged_departments')
        .addColumn('run_id', 'text', (c) => c.notNull().references('sync_runs.id').onDelete('cascade'))
        .addColumn('external_id', 'text', (c) => c.notNull())
        .addColumn('parent_external_id', 'text')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('sync_staged_departments_pk', ['run_id', 'external_id'])
        .execute();

      await db.schema
        .createTable('sync_user_links')
        .addColumn('source_id', 'text', (c) => c.notNull().references('identity_sources.id').onDelete('cascade'))
        .addColumn('external_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        // Set when the sync disabled the user as a leaver, so a return re-enables only what the sync disabled.
        .addColumn('left_at', ts)
        .addPrimaryKeyConstraint('sync_user_links_pk', ['source_id', 'external_id'])
        .execute();
      await db.schema.createIndex('sync_user_links_user').unique().on('sync_user_links').columns(['source_id', 'user_id']).execute();
      await db.schema
        .createTable('sync_unit_links')
        .addColumn('source_id', 'text', (c) => c.notNull().references('identity_sources.id').onDelete('cascade'))
        .addColumn('external_id', 'text', (c) => c.notNull())
        .addColumn('org_unit_id', 'text', (c) => c.notNull().references('org_units.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('sync_unit_links_pk', ['source_id', 'external_id'])
        .execute();

      // A person in several departments: users.org_unit_id is the main one, the others are here.
      await db.schema
        .createTable('user_org_memberships')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('org_unit_id', 'text', (c) => c.notNull().references('org_units.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('user_org_memberships_pk', ['user_id', 'org_unit_id'])
        .execute();
      await db.schema.createIndex('user_org_memberships_unit').on('user_org_memberships').column('org_unit_id').execute();

      await db.schema
        .createTable('sync_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('source_id', 'text', (c) => c.notNull().references('identity_sources.id').onDelete('cascade'))
        .addColumn('dedupe_key', 'text', (c) => c.notNull())
        .addColumn('received_at', ts, (c) => c.notNull())
        .addColumn('transport', 'text', (c) => c.notNull())
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('ids', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('detail', 'text')
        .execute();
      await db.schema.createIndex('sync_events_dedupe').unique().on('sync_events').columns(['source_id', 'dedupe_key']).execute();
      await db.schema.createIndex('sync_events_received').on('sync_events').columns(['source_id', 'received_at']).execute();

      await db.schema
        .createTable('leases')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('expires_at', ts, (c) => c.notNull())
        .execute();
    },
  };
}
