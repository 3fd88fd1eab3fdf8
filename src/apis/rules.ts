/**
 * The rules a registered API (an OAuth resource server) follows, as plain functions: its identifier,
 * its scopes, and what an application may be granted of it. The store (./apis.ts) applies them.
 */
import { invalid } from '../errors.ts';
import { registeredUriProblem } from '../protocols/oidc/redirect-uris.ts';
import { isOidcScopeName } from '../protocols/oidc/scopes.ts';
import type { ApiGrant, ApiScope } from './views.ts';
import { SCOPE_TOKEN } from './scope-syntax.ts';


/**
 * RFC 8707 §2: the resource indicator is an absolute URI without a fragment. Like every address an
 * application registers, https, or http only on a loopback host (RFC 9700 §2.6), and no credentials.
 */
export function checkApiIdentifier(raw: string): string {
  const problem = registeredUriProblem(raw, 'An API identifier');
  if (problem) throw invalid('api.invalid_identifier', problem, '/identifier');
  return raw;
}

/** Each scope a scope-token, named once, and none of OpenID Connect's (those mean the person's data, not this API). */
export function checkApiScopes(scopes: ApiScope[]): ApiScope[] {
  const seen = new Set<string>();
  return scopes.map((scope, i) => {
    const name = scope.name;
    if (!SCOPE_TOKEN.test(name)) {
      throw invalid('api.invalid_scope_name', 'A scope name is visible ASCII without spaces, quotes or backslashes (RFC 6749 §3.3).', `/scopes/${i}/name`);
    }
    if (isOidcScopeName(name)) throw invalid('api.reserved_scope_name', `${name} is an OpenID Connect scope: give the API's permission a name of its own.`, `/scopes/${i}/name`);
    if (seen.has(name)) throw invalid('api.duplicate_scope', `The scope ${name} is listed twice.`, `/scopes/${i}/name`);
    seen.add(name);
    return { name, description: scope.description.trim() };
  });
}

/** An application's grants: each API once, each scope one the API defines and named once. */
export function checkApiGrants(grants: ApiGrant[], apis: ReadonlyMap<string, { scopes: ApiScope[] }>): ApiGrant[] {
  const seenApis = new Set<string>();
  return grants.map((grant, i) => {
    const api = apis.get(grant.apiId);
    if (!api) throw invalid('api_access.unknown_api', `No API with id ${JSON.stringify(grant.apiId)}.`, `/apiAccess/${i}/apiId`);
    if (seenApis.has(grant.apiId)) throw invalid('api_access.duplicate_api', 'This API is listed twice.', `/apiAccess/${i}/apiId`);
    seenApis.add(grant.apiId);
    const defined = new Set(api.scopes.map((s) => s.name));
    const seen = new Set<string>();
    grant.scopes.forEach((scope, j) => {
      if (!defined.has(scope) || seen.has(scope)) {
        throw invalid('api_access.unknown_scope', `${scope} is not a scope of this API, or is listed twice.`, `/apiAccess/${i}/scopes/${j}`);
      }
      seen.add(scope);
    });
    return { apiId: grant.apiId, scopes: grant.scopes };
  });
}
