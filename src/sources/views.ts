/**
 * Authentication sources' answer shape (a stored source; a connection test's is in src/identity/views.ts), as the Enterprise
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
  /** Where the upstream (DingTalk, an identity provider) sends people back; the admin registers it there. */
  callbackUrl: string | null;
  createdAt: string;
  updatedAt: string;
}
