/** One page of a listing, as the Enterprise Center API sends it. Type-only and import-free, so the console (web/src/lib/types.ts) shares it. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
