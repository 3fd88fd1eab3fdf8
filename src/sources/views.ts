/**
 * Authentication sources' answer shapes (a stored source, a connection test), as the Enterprise
 * Center API sends them. Type-only and import-free, so the console (web/src/lib/types.ts) shares them.
 */
export interface SourceView {
  id: string;
  type: string;
  name: string;
  /** The configuration without its secrets. */
  config: Record<string, unknown>;
  /** Names of the secret fields that hold a value (shown masked by the console). */
  secretsSet: string[];
  /** Where DingTalk sends users back; the admin pastes it into the DingTalk developer backend. */
  callbackUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What "Test connection" found: `ok`, or a stable `code` and advice in `message`. */
export interface ConnectionTestResult {
  ok: boolean;
  code?: string;
  message: string;
  upstreamCode?: string;
  requestId?: string;
}
