/**
 * "Contains this text, whatever the case" on one or more columns, the same on SQLite and PostgreSQL:
 * `%`, `_` and `\` in the text are matched as themselves. PostgreSQL's LIKE escapes with a backslash by
 * default, SQLite's with nothing, so the ESCAPE clause is always written.
 */
import { sql, type Expression, type SqlBool } from 'kysely';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => '\\' + c);

export function containsText(columns: readonly string[], text: string): Expression<SqlBool> {
  const pattern = `%${escapeLike(text.toLowerCase())}%`;
  const tests = columns.map((column) => sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`);
  return sql<SqlBool>`(${sql.join(tests, sql` or `)})`;
}
