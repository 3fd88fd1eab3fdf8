import type { Kysely, Migration } from 'kysely';

/**
 * Most provider artifacts carry no `uid` (only sessions do) and none a `user_code` (no device flow),
 * and sessions and interactions carry no `grant_id`: indexing only the rows that hold a value keeps
 * every token write from updating indexes it never needs, the larger part of a write's cost. A
 * lookup by `col = ?` implies `col is not null`, so SQLite and PostgreSQL both still use them.
 */
const PARTIAL = [
  { name: 'oidc_artifacts_grant', columns: ['grant_id'], where: 'grant_id' },
  { name: 'oidc_artifacts_uid', columns: ['model', 'uid'], where: 'uid' },
  { name: 'oidc_artifacts_user_code', columns: ['model', 'user_code'], where: 'user_code' },
] as const;

export function partialArtifactIndexesMigration(): Migration {
  return {
    async up(db: Kysely<any>) {
      for (const index of PARTIAL) {
        await db.schema.dropIndex(index.name).execute();
        await db.schema
          .createIndex(index.name)
          .on('oidc_artifacts')
          .columns([...index.columns])
          .where((eb) => eb(index.where, 'is not', null))
          .execute();
      }
    },
  };
}
