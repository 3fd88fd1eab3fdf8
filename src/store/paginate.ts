import type { SelectQueryBuilder } from 'kysely';
import type { Database } from './schema.ts';
import type { Page } from './views.ts';

export type { Page };

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageRequest {
  page?: number;
  pageSize?: number;
}

/** Runs a filtered query twice: once counted, once sliced to the requested page (1-based). */
export async function paginate<TB extends keyof Database, O, T>(
  query: SelectQueryBuilder<Database, TB, O>,
  request: PageRequest,
  map: (row: O) => T,
): Promise<Page<T>> {
  const page = Math.max(1, request.page ?? 1);
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, request.pageSize ?? DEFAULT_PAGE_SIZE));
  const counted = await query
    .clearSelect()
    .clearOrderBy()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await query.limit(pageSize).offset((page - 1) * pageSize).execute();
  return { items: rows.map(map), total: Number((counted as { n: number }).n), page, pageSize };
}
