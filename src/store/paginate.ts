import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db, Tx } from './database.ts';
import type { Database } from './schema.ts';
import type { Page } from './views.ts';

export type { Page };

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/**
 * How far past the requested page a capped count goes (`paginateCapped`). Counting every one of
 * 3,000,000 login events, or of 14,000 people named 王, costs more than the page itself; past this the
 * console says "10,000+".
 */
export const COUNT_CAP = 10_000;
/** At most this many keys are read by a count with `countKeys` (beyond, it counts as usual). */
export const MAX_COUNTED_KEYS = 5_000;

export interface PageRequest {
  page?: number;
  pageSize?: number;
}

function window(request: PageRequest) {
  const page = Math.max(1, request.page ?? 1);
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, request.pageSize ?? DEFAULT_PAGE_SIZE));
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/** Runs a filtered query twice: once counted, once sliced to the requested page (1-based). */
export async function paginate<TB extends keyof Database, O, T>(
  query: SelectQueryBuilder<Database, TB, O>,
  request: PageRequest,
  map: (row: O) => T,
): Promise<Page<T>> {
  const { page, pageSize, offset } = window(request);
  const counted = await query
    .clearSelect()
    .clearOrderBy()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await query.limit(pageSize).offset(offset).execute();
  return { items: rows.map(map), total: Number((counted as { n: number }).n), page, pageSize };
}

export interface PageWindow {
  limit: number;
  offset: number;
  /** What the count found (at most the cap past the offset). */
  total: number;
  totalCapped: boolean;
  /**
   * With `countKeys`, when the count was not capped: every match's key, in no particular order; else
   * empty (a capped count, or a page so deep that the keys would be too many to send back: MAX_COUNTED_KEYS).
   */
  keys: string[];
}

export interface CappedPageOptions<O> {
  /** Count at most this many matches past the page's offset (default COUNT_CAP). */
  countCap?: number;
  /** Count every match (a list small enough, or one whose total is shown elsewhere). */
  exact?: boolean;
  /**
   * Count by reading this key column of the matches (up to the cap), handed to `rows`: when the count is
   * not capped those are all the matches, and the page can be read by them without evaluating the filter
   * again (worth it for a filter that costs, such as a search's index; the cap keeps the list short).
   */
  countKeys?: string;
  /**
   * The page's rows, best read by their keys: `where id in (select id … limit … offset …)` and the rows in
   * the same order, so that the offset is walked over an index's entries alone and only the page's rows
   * are read (a "deferred join"). Told what the count found, for a query that reads differently when
   * the matches are many.
   */
  rows: (window: PageWindow) => Promise<O[]>;
}

/**
 * For lists that can hold millions (the audit log, the directory): the count stops `countCap` matches
 * past the page's offset (`totalCapped` says so), so its cost is bounded by what is shown, not by how
 * much the filters match; the rows come from `rows`.
 */
export async function paginateCapped<TB extends keyof Database, O, T>(
  conn: Db | Tx,
  query: SelectQueryBuilder<Database, TB, O>,
  request: PageRequest,
  map: (row: O) => T,
  options: CappedPageOptions<O>,
): Promise<Page<T>> {
  const { page, pageSize, offset } = window(request);
  const matches = query.clearOrderBy().clearSelect();
  let total: number;
  let totalCapped = false;
  let keys: string[] = [];
  const cap = offset + (options.countCap ?? COUNT_CAP);
  if (options.exact) {
    total = Number((await matches.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  } else if (options.countKeys && cap <= MAX_COUNTED_KEYS) {
    const found = await matches.select(sql.ref(options.countKeys).as('key')).limit(cap + 1).execute();
    total = Math.min(cap, found.length);
    totalCapped = found.length > cap;
    if (!totalCapped) keys = found.map((row) => String((row as { key: unknown }).key));
  } else {
    const counted = await conn
      .selectFrom(matches.select(sql<number>`1`.as('one')).limit(cap + 1).as('matches'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    total = Math.min(cap, Number(counted.n));
    totalCapped = Number(counted.n) > cap;
  }
  const rows = total > offset ? await options.rows({ limit: pageSize, offset, total, totalCapped, keys }) : [];
  return { items: rows.map(map), total, page, pageSize, ...(totalCapped ? { totalCapped } : {}) };
}
