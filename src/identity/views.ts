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

/** A text in both languages of the console and the pages. */
export interface Localized {
  en: string;
  'zh-CN': string;
}

/**
 * When a form field is shown or required: every field named has the value given, or one of the values
 * of an array (`{ notAssociated: 'create_user' }`, `{ autoBind: true, sourceAttribute: ['jobNumber', 'userId'] }`).
 */
export type FieldCondition = Readonly<Record<string, unknown>>;

/** The operator's rules for every source (from the configuration, not from any admin). */
export interface SourcePolicy {
  /** Whether a source may talk to servers other than its vendor's own (a simulator in development). */
  allowCustomEndpoints: boolean;
}
