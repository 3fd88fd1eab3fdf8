/**
 * What each OpenID Connect client type is: a confidential or public client signs people in with the
 * authorization code flow; a machine-to-machine client signs no one in and gets access tokens for
 * registered APIs with its own credentials (RFC 6749 §4.4 client credentials), so it has a secret or
 * a key, and no redirect or logout URIs. Import-free, so the console (web/) decides the same way.
 */
import type { ClientType } from './views.ts';

/** Code flow only for people (RFC 9700 §2.1.2: no implicit; §2.4: no password grant); client credentials for machines. */
const GRANT_TYPES: Record<ClientType, string[]> = {
  confidential: ['authorization_code', 'refresh_token'],
  public: ['authorization_code', 'refresh_token'],
  machine: ['client_credentials'],
};

export const grantTypesOf = (clientType: ClientType) => GRANT_TYPES[clientType];
/** Whether people sign in to it (the login page, Login Configuration, redirect URIs, consent). */
export const signsPeopleIn = (clientType: ClientType) => clientType !== 'machine';
/** Whether it holds a client secret: every type that authenticates but the public client. */
export const hasClientSecret = (clientType: ClientType) => clientType !== 'public';
