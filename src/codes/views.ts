/**
 * GET /api/admin/v1/codes as the Enterprise Center API sends it: the registry's words, by code and by
 * source type. Type-only, importing only the import-free ./entry.ts, so the console (web/src/lib/types.ts) shares it.
 */
import type { Texts } from './entry.ts';

export interface CodesView {
  /** Every error code, audit reason and audit action. */
  codes: Record<string, Texts>;
  /** Every source type's name (a sign-in method is named by its type), and the names of a type's further methods (`dingtalk_inapp`). */
  sourceTypes: Record<string, Texts>;
}
