/** One page of a listing, as the Enterprise Center API sends it. Type-only and import-free, so the console (web/src/lib/types.ts) shares it. */
export interface Page<T> {
  items: T[];
  /** How many match; with `totalCapped`, how many were counted before the count stopped. */
  total: number;
  page: number;
  pageSize: number;
  /** True when there are more than `total` (lists that can hold millions count only so far: src/store/paginate.ts). */
  totalCapped?: boolean;
}
