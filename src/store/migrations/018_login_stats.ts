import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * Sign-in roll-ups for the Dashboard (src/audit/login-stats.ts): login events counted per 15-minute slot
 * (every time zone's midnight falls on one, so any viewer's days add up exactly), by kind and key:
 * `signin` by method (a success that ended a sign-in and names the user), `failure` by reason, and
 * `factor_failure` by reason (the second-factor step's failures). A trigger keeps them as each event is
 * written, in the same transaction, whichever code path writes it; rows already stored are counted once
 * here. Retention deletes raw events, never these: the Dashboard's history outlives them.
 */
export function loginStatsMigration(dialect: Dialect): Migration {
  const ts = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('login_stats')
        .addColumn('bucket', sql.raw(ts), (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('n', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('login_stats_pk', ['kind', 'bucket', 'key'])
        .execute();
      // Retention deletes the oldest login events by time; the Audit page's category filter reads them newest first.
      await db.schema.createIndex('audit_events_category_at').on('audit_events').columns(['category', 'at']).execute();
      if (dialect === 'postgres') {
        const bucket = sql`date_bin('15 minutes', NEW.at, timestamptz '2000-01-01 00:00:00+00')`;
        await sql`
          CREATE FUNCTION login_stats_count() RETURNS trigger AS $$
          BEGIN
            IF NEW.outcome = 'success' AND NEW.method IS NOT NULL AND NEW.actor_id IS NOT NULL THEN
              INSERT INTO login_stats (bucket, kind, key, n) VALUES (${bucket}, 'signin', NEW.method, 1)
              ON CONFLICT (kind, bucket, key) DO UPDATE SET n = login_stats.n + 1;
            ELSIF NEW.outcome = 'failure' THEN
              INSERT INTO login_stats (bucket, kind, key, n) VALUES (${bucket}, 'failure', coalesce(NEW.reason, 'unknown'), 1)
              ON CONFLICT (kind, bucket, key) DO UPDATE SET n = login_stats.n + 1;
              IF NEW.action = 'login.factor' THEN
                INSERT INTO login_stats (bucket, kind, key, n) VALUES (${bucket}, 'factor_failure', coalesce(NEW.reason, 'unknown'), 1)
                ON CONFLICT (kind, bucket, key) DO UPDATE SET n = login_stats.n + 1;
              END IF;
            END IF;
            RETURN NULL;
          END $$ LANGUAGE plpgsql`.execute(db);
        await sql`CREATE TRIGGER audit_events_login_stats AFTER INSERT ON audit_events FOR EACH ROW WHEN (NEW.category = 'login') EXECUTE FUNCTION login_stats_count()`.execute(db);
      } else {
        // The slot of an ISO-8601 UTC time as stored here (YYYY-MM-DDTHH:MM:SS.sssZ).
        const bucket = `substr(NEW.at, 1, 14) || printf('%02d', (CAST(substr(NEW.at, 15, 2) AS INTEGER) / 15) * 15) || ':00.000Z'`;
        const upsert = (kind: string, key: string, when: string) =>
          `INSERT INTO login_stats (bucket, kind, key, n) SELECT ${bucket}, '${kind}', ${key}, 1 WHERE ${when} ON CONFLICT (kind, bucket, key) DO UPDATE SET n = n + 1;`;
        await sql
          .raw(
            `CREATE TRIGGER audit_events_login_stats AFTER INSERT ON audit_events WHEN NEW.category = 'login' BEGIN
              ${upsert('signin', 'NEW.method', `NEW.outcome = 'success' AND NEW.method IS NOT NULL AND NEW.actor_id IS NOT NULL`)}
              ${upsert('failure', `coalesce(NEW.reason, 'unknown')`, `NEW.outcome = 'failure'`)}
              ${upsert('factor_failure', `coalesce(NEW.reason, 'unknown')`, `NEW.outcome = 'failure' AND NEW.action = 'login.factor'`)}
            END`,
          )
          .execute(db);
      }
      // The events stored before: counted once, as the trigger would have.
      const slot =
        dialect === 'postgres'
          ? sql`date_bin('15 minutes', at, timestamptz '2000-01-01 00:00:00+00')`
          : sql`substr(at, 1, 14) || printf('%02d', (CAST(substr(at, 15, 2) AS INTEGER) / 15) * 15) || ':00.000Z'`;
      await sql`INSERT INTO login_stats (bucket, kind, key, n)
        SELECT ${slot}, 'signin', method, count(*) FROM audit_events
        WHERE category = 'login' AND outcome = 'success' AND method IS NOT NULL AND actor_id IS NOT NULL GROUP BY 1, 3`.execute(db);
      await sql`INSERT INTO login_stats (bucket, kind, key, n)
        SELECT ${slot}, 'failure', coalesce(reason, 'unknown'), count(*) FROM audit_events
        WHERE category = 'login' AND outcome = 'failure' GROUP BY 1, 3`.execute(db);
      await sql`INSERT INTO login_stats (bucket, kind, key, n)
        SELECT ${slot}, 'factor_failure', coalesce(reason, 'unknown'), count(*) FROM audit_events
        WHERE category = 'login' AND outcome = 'failure' AND action = 'login.factor' GROUP BY 1, 3`.execute(db);
    },
  };
}
