/**
 * Source types' answer shapes as the Enterprise Center API sends them. Type-only and import-free, so the
 * console (web/src/lib/types.ts) shares them.
 */

/** What "Test connection" found: `ok`, or a stable `code` and advice in `message`. */
export interface ConnectionTestResult {
  ok: boolean;
  code?: string;
  message: string;
  upstreamCode?: string;
  requestId?: string;
}
