/**
 * An OpenID Connect application's part of the Enterprise Center API's answer. Type-only and import-free,
 * so the console (web/src/lib/types.ts) shares it.
 */
export type ClientType = 'confidential' | 'public';

export interface OidcApplicationSettings {
  clientId: string;
  clientType: ClientType;
  hasSecret: boolean;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  firstParty: boolean;
}
