/**
 * Protocols' answer shapes as the Enterprise Center API sends them. Type-only and import-free, so the
 * console (web/src/lib/types.ts) shares them.
 */

/** One protocol applications may speak (GET /protocols): what the create dialog offers. */
export interface ProtocolView {
  protocol: string;
  label: string;
  /** The settings it takes beside an application's name (JSON Schema). */
  settingsSchema: unknown;
}

/** One address or identifier an administrator registers in the application (`key` names it: `issuer`, `discovery`…). */
export interface ProtocolEndpoint {
  key: string;
  value: string;
  /** A file to download (e.g. a certificate), not only an address to copy. */
  download?: true;
}

/** GET /applications/{id}/endpoints. */
export interface ApplicationEndpoints {
  applicationId: string;
  protocol: string;
  endpoints: ProtocolEndpoint[];
}
