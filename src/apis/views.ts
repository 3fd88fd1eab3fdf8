/**
 * Registered APIs (OAuth resource servers) as the Enterprise Center API shows them, and what an
 * application may be granted of them. Type-only and import-free, so the console (web/src/lib/types.ts) shares them.
 */

/** The algorithms the API's JWT access tokens may be signed with: the ID tokens' (src/protocols/oidc/token-policy.ts). */
export type ApiSigningAlg = 'ES256' | 'RS256' | 'PS256';

/** One permission the API defines (RFC 6749 §3.3 scope-token), with what it lets a client do. */
export interface ApiScope {
  name: string;
  description: string;
}

export interface Api {
  id: string;
  name: string;
  /** The resource indicator (RFC 8707 §2): the access tokens' `aud`. */
  identifier: string;
  description: string;
  scopes: ApiScope[];
  accessTokenLifetimeSeconds: number;
  signingAlg: ApiSigningAlg;
  createdAt: string;
  updatedAt: string;
}

/** Which scopes of one API an application may be granted. */
export interface ApiGrant {
  apiId: string;
  scopes: string[];
}

/** GET /applications/{id}/api-access. */
export interface ApplicationApiAccess {
  applicationId: string;
  apis: ApiGrant[];
}
