/** A CAS application's settings as the API shows and takes them. Type-only and import-free (the console shares them). */

/** How a service URL a CAS client sends is matched: exactly, or as a path below a registered prefix on the same origin. */
export const CAS_SERVICE_MATCHES = ['exact', 'prefix'] as const;
export type CasServiceMatch = (typeof CAS_SERVICE_MATCHES)[number];

export interface CasServiceRule {
  url: string;
  match: CasServiceMatch;
}

/** The user fields a CAS application may be told: `cas:user` is one of them, the released attributes any. */
export const CAS_USER_FIELDS = ['username', 'id', 'email', 'mobile', 'employeeNumber', 'displayName'] as const;
export type CasUserField = (typeof CAS_USER_FIELDS)[number];

export interface CasApplicationSettings {
  /** The service URLs it may ask tickets for (CAS 3.0 §2.1.1 `service`): nothing else gets a ticket, or a redirect. */
  services: CasServiceRule[];
  /** What `cas:user` is (default the username). */
  userField: CasUserField;
  /** The user fields released as attributes by /p3/serviceValidate. */
  attributes: CasUserField[];
}
