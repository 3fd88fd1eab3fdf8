/**
 * Applications' answer shapes (the application, its Login Configuration), as the Enterprise Center
 * API sends them. Type-only and import-free, so the console (web/src/lib/types.ts) shares them.
 */
export type ApplicationKind = 'user_center' | 'oidc';
export type ClientType = 'confidential' | 'public';

export interface Application {
  id: string;
  kind: ApplicationKind;
  builtIn: boolean;
  name: string;
  description: string;
  logoUrl: string | null;
  clientId: string;
  clientType: ClientType;
  hasSecret: boolean;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  firstParty: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One authentication source in an application's Login Configuration. */
export interface LoginMethod {
  sourceId: string;
  type: string;
  name: string;
  enabled: boolean;
  /** 0-based order on the login page; null when disabled. */
  position: number | null;
}
