import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * Indexes for a large directory and audit log (200,000 people, millions of events; `npm run bench:scale`):
 * the console's lists stop reading every row.
 *
 * - Users, newest first (the Users page's order): an index in that order, so a page is read off it
 *   rather than every user sorted, and a deep page counts index entries, not rows.
 * - The Audit page lists newest first (`order by at desc, id desc`) under filters. An index on
 *   (filter, at, id) hands the matches out in that order, so the first page reads 25 entries whatever
 *   the filter matches; with `outcome` at its end it also answers "… and outcome", and the capped count,
 *   without reading the events. One for the category (Login events, Admin changes…), which replaces
 *   018's (category, at) (retention's purge by time reads its first two columns as before), and one for
 *   the action (a typed action code, alone or with an outcome). A date range reads 001's index on `at`.
 * - The user search (`q`: a substring of username, display name, mobile, email or employee number, as
 *   before; src/directory/user-search.ts) gets an index of the values' trigrams, which finds the users
 *   holding every trigram of a query of three characters or more; each candidate is then checked with
 *   the search's own test, so the results are exactly those of the scan they replace. Chinese names are
 *   mostly two or three characters and are searched by one or two ("王", "张伟"): the display name's
 *   single characters and pairs are indexed too, as words of their own. A query of one or two characters
 *   that are all ASCII ("li", "13") is not indexed (each matches a large share of people, so its page is
 *   found quickly in order anyway). Values the pairs do not cover (a display name longer than
 *   SHORT_GRAM_POSITIONS, or a non-ASCII character in another field) carry a marker that every short
 *   query's candidates include, so nothing is missed.
 *   SQLite: an FTS5 table with the trigram tokenizer (in node:sqlite's SQLite), contentless, one document
 *   per user, kept by triggers on users (whichever code path writes them, old nodes during a rolling upgrade
 *   included); its rowids are keys of a table of their own (`users` has no INTEGER PRIMARY KEY, so its
 *   rowids are not promised to survive a VACUUM). PostgreSQL: a GIN index over an immutable function
 *   returning the same grams (no extension needed: pg_trgm is not on every managed PostgreSQL, and it
 *   cannot help queries shorter than three characters).
 */
export const SHORT_GRAM_POSITIONS = 32;

/** The search document of a users row (`r`: NEW, OLD or a table alias), in SQLite: the values, then the name's short words. */
function sqliteSearchDocument(r: string): string {
  const values = ['username', 'display_name', 'mobile', 'email', 'employee_number'].map((c) => `coalesce(lower(${r}.${c}), '')`).join(' || char(1) || ');
  const name = `lower(${r}.display_name)`;
  const positions = Array.from({ length: SHORT_GRAM_POSITIONS }, (_, i) => `(${i + 1})`).join(', ');
  // Each character and each pair of the name as a word of its own between char(2)s: "王秀英" gives \2王\2 \2王秀\2 …
  const words = `coalesce((SELECT group_concat(char(2) || substr(${name}, p.column1, 1) || char(2) || char(2) || substr(${name}, p.column1, 2) || char(2), '') FROM (VALUES ${positions}) AS p WHERE p.column1 <= length(${r}.display_name)), '')`;
  const others = `coalesce(${r}.username, '') || coalesce(${r}.mobile, '') || coalesce(${r}.email, '') || coalesce(${r}.employee_number, '')`;
  // length() counts characters of text and bytes of a blob: they differ when a value has a non-ASCII character.
  const marker = `CASE WHEN length(${r}.display_name) > ${SHORT_GRAM_POSITIONS} OR length(${others}) <> length(CAST(${others} AS BLOB)) THEN char(2) || char(3) || char(2) ELSE '' END`;
  return `${values} || char(1) || ${words} || ${marker}`;
}

export function searchIndexesMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.createIndex('users_created').on('users').columns(['created_at desc', 'id']).execute();
      await db.schema.createIndex('audit_events_category_at_id').on('audit_events').columns(['category', 'at', 'id', 'outcome']).execute();
      await db.schema.dropIndex('audit_events_category_at').execute();
      await db.schema.createIndex('audit_events_action_at_id').on('audit_events').columns(['action', 'at', 'id', 'outcome']).execute();

      if (dialect === 'postgres') {
        // COST 100 (an expensive function, a hundred operators): where users are read in order rather than
        // through the index, the search's own cheap test runs first and this one only on its matches. Not
        // so costly that a bitmap of a few candidates looks worth parallel workers (their start costs more).
        // Repeated grams are left in: GIN keeps each key once (and skipping the sort makes writes cheaper).
        await sql`
          CREATE FUNCTION user_search_grams(username text, display_name text, mobile text, email text, employee_number text) RETURNS text[]
          LANGUAGE sql IMMUTABLE PARALLEL SAFE COST 100 AS $$
            SELECT coalesce(array_agg(g), '{}') FROM (
              SELECT substr(f, i, 3) AS g
                FROM unnest(ARRAY[lower(username), lower(display_name), lower(mobile), lower(email), lower(employee_number)]) AS f,
                     generate_series(1, length(f) - 2) AS i
              UNION ALL
              SELECT chr(2) || substr(lower(display_name), i, n)
                FROM generate_series(1, least(length(display_name), ${sql.lit(SHORT_GRAM_POSITIONS)})) AS i, (VALUES (1), (2)) AS v(n)
              UNION ALL
              SELECT chr(3) WHERE length(display_name) > ${sql.lit(SHORT_GRAM_POSITIONS)}
                OR octet_length(coalesce(username, '') || coalesce(mobile, '') || coalesce(email, '') || coalesce(employee_number, ''))
                   <> length(coalesce(username, '') || coalesce(mobile, '') || coalesce(email, '') || coalesce(employee_number, ''))
            ) AS grams
          $$`.execute(db);
        await sql`CREATE INDEX users_search_grams ON users USING gin (user_search_grams(username, display_name, mobile, email, employee_number))`.execute(db);
        return;
      }

      await sql`CREATE TABLE users_search_keys (key INTEGER PRIMARY KEY, user_id TEXT NOT NULL UNIQUE)`.execute(db);
      await sql`CREATE VIRTUAL TABLE users_search USING fts5(document, tokenize = 'trigram', content = '', contentless_delete = 1)`.execute(db);
      const insert = (r: string) => `INSERT INTO users_search (rowid, document) SELECT key, ${sqliteSearchDocument(r)} FROM users_search_keys WHERE user_id = ${r}.id;`;
      const remove = (r: string) => `DELETE FROM users_search WHERE rowid = (SELECT key FROM users_search_keys WHERE user_id = ${r}.id);`;
      await sql.raw(`CREATE TRIGGER users_search_insert AFTER INSERT ON users BEGIN INSERT INTO users_search_keys (user_id) VALUES (NEW.id); ${insert('NEW')} END`).execute(db);
      await sql
        .raw(
          `CREATE TRIGGER users_search_update AFTER UPDATE OF id, username, display_name, mobile, email, employee_number ON users BEGIN
            ${remove('OLD')} UPDATE users_search_keys SET user_id = NEW.id WHERE user_id = OLD.id; ${insert('NEW')} END`,
        )
        .execute(db);
      await sql.raw(`CREATE TRIGGER users_search_delete AFTER DELETE ON users BEGIN ${remove('OLD')} DELETE FROM users_search_keys WHERE user_id = OLD.id; END`).execute(db);
      // The users stored before: indexed once, as the triggers would have.
      await sql`INSERT INTO users_search_keys (user_id) SELECT id FROM users`.execute(db);
      await sql.raw(`INSERT INTO users_search (rowid, document) SELECT k.key, ${sqliteSearchDocument('u')} FROM users AS u JOIN users_search_keys AS k ON k.user_id = u.id`).execute(db);
    },
  };
}
