/**
 * The Users search (`q`): users with the text in their username, display name, mobile, email or employee
 * number (a substring, case-insensitive as `containsText` is). That test decides; migration 019's index
 * only narrows the users it is asked of: the users whose values hold every trigram of the text (three
 * characters or more), or the display names holding it as a character or a pair (one or two characters
 * with one that is not ASCII: a Chinese name searched by "王" or "张伟"), plus the few the index marks
 * as not covered that way. One or two ASCII characters ("li", "13") are tested against every user, read
 * newest first: most people match them, so a page fills within a few hundred.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Dialect } from '../store/dialect.ts';
import type { Db, Tx } from '../store/database.ts';
import { containsText } from '../store/contains.ts';

export const SEARCH_COLUMNS = ['username', 'display_name', 'mobile', 'email', 'employee_number'] as const;

/**
 * A search counts this many matches past its page, not every one (src/store/paginate.ts): "王" alone
 * matches one person in fourteen, and the console then says "1,000+".
 */
export const SEARCH_COUNT_CAP = 1_000;

/** How many of the newest users `looksCommon` tests, and how many of them must match. */
const PROBE_USERS = 1_000;
const COMMON_MATCHES = 50;

/**
 * Whether one user in twenty or more matches, judged by the newest thousand. Then the index is no help
 * (the text is in most values, like a company's email domain, and its trigrams are in most documents:
 * reading them costs more than testing users), while users read newest first and tested one by one
 * give the page and the capped count within a few thousand. Either way the answer is the same.
 */
export async function looksCommon(conn: Db | Tx, q: string, filters: { status?: string; orgUnitId?: string }): Promise<boolean> {
  let newest = conn.selectFrom('users').select([...SEARCH_COLUMNS, 'status', 'org_unit_id']);
  if (filters.status) newest = newest.where('status', '=', filters.status);
  if (filters.orgUnitId) newest = newest.where('org_unit_id', '=', filters.orgUnitId);
  const probe = newest.orderBy('created_at', 'desc').orderBy('id').limit(PROBE_USERS).as('newest');
  const { n } = await conn
    .selectFrom(probe)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(containsText(SEARCH_COLUMNS, q))
    .executeTakeFirstOrThrow();
  return Number(n) >= COMMON_MATCHES;
}

/** Migration 019's characters around a short word of the name, and the marker of users short words may miss. */
const WORD = '\u0002';
const NOT_COVERED = '\u0003';

/** Distinct trigrams of `text`, by code point (as SQLite's trigram tokenizer and PostgreSQL's substr count). */
export function trigrams(text: string): string[] {
  const chars = [...text];
  const out = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) out.add(chars.slice(i, i + 3).join(''));
  return [...out];
}

/** An FTS5 string: in double quotes, a double quote doubled. */
const ftsString = (s: string) => `"${s.replaceAll('"', '""')}"`;

/**
 * The where-clause of a search for `q` (users.* columns): with `indexed`, narrowed through migration 019's
 * index where it can help; without, the test alone, for users read newest first when most match.
 */
export function userSearch(dialect: Dialect, q: string, indexed: boolean): Expression<SqlBool> {
  const exact = containsText(SEARCH_COLUMNS, q);
  if (!indexed) return exact;
  // The same lower-casing as containsText's pattern: any value it matches holds these characters.
  const text = q.toLowerCase();
  const length = [...text].length;
  const short = length < 3;
  if (length === 0 || (short && /^[\x00-\x7f]*$/.test(text))) return exact;
  if (dialect === 'sqlite') {
    // A phrase of the trigram tokenizer matches a substring: the text itself, or the name's word \2…\2.
    const match = short ? `${ftsString(WORD + text + WORD)} OR ${ftsString(WORD + NOT_COVERED + WORD)}` : ftsString(text);
    const candidates = sql`users.id IN (SELECT user_id FROM users_search_keys WHERE key IN (SELECT rowid FROM users_search WHERE users_search MATCH ${match}))`;
    return sql<SqlBool>`(${candidates} AND ${exact})`;
  }
  const grams = sql`user_search_grams(users.username, users.display_name, users.mobile, users.email, users.employee_number)`;
  const candidates = short ? sql`${grams} && ${[WORD + text, NOT_COVERED]}::text[]` : sql`${grams} @> ${trigrams(text)}::text[]`;
  return sql<SqlBool>`(${candidates} AND ${exact})`;
}
