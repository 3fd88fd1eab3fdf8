/**
 * Registered APIs as the provider's resource servers (RFC 8707 resource indicators): an application
 * names one with `resource` and gets a JWT access token for it (RFC 9068), with the API's identifier
 * as `aud`, its lifetime and signing algorithm, and only the scopes the application may be granted of
 * it (src/apis/). An API that is unknown, or that the application may not be granted, is invalid_target.
 *
 * A request that names no resource works as before: its access token is opaque, for userinfo. JWT
 * access tokens are checked by the API itself against the provider's JWKS; the provider's introspection
 * and revocation endpoints answer unsupported_token_type for them (oidc-provider's
 * reject_structured_tokens), so their short lifetime (1 minute to 1 hour) is what bounds a leaked one.
 */
import { errors, type Client, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Db } from '../store/database.ts';
import { apiForApplication, getApi, getApiAccess } from '../apis/apis.ts';
import { applicationIdOf } from './clients.ts';
import { OIDC_SCOPES } from '../protocols/oidc/scopes.ts';

type ResourceIndicators = NonNullable<NonNullable<Configuration['features']>['resourceIndicators']>;

const requested = (value: unknown): string[] => (Array.isArray(value) ? value : typeof value === 'string' ? [value] : []).map(String);
const scopesOf = (ctx: KoaContextWithOIDC) => String(ctx.oidc.params?.scope ?? '').split(' ').filter(Boolean);
const isClientCredentials = (ctx: KoaContextWithOIDC) => ctx.oidc.route === 'token' && ctx.oidc.params?.grant_type === 'client_credentials';
/** Where the scopes asked for are decided: the authorization request (pushed or not) and client credentials. */
const decidesScopes = (ctx: KoaContextWithOIDC) => isClientCredentials(ctx) || ctx.oidc.route === 'authorization' || ctx.oidc.route === 'pushed_authorization_request';

export function resourceIndicators(db: Db): ResourceIndicators {
  /** The API and the scopes the client may be granted of it, or invalid_target. */
  async function grantable(identifier: string, client: Client) {
    const applicationId = applicationIdOf(client);
    const found = applicationId ? await apiForApplication(db, identifier, applicationId) : undefined;
    if (!found) throw new errors.InvalidTarget();
    return found;
  }

  /**
   * A scope asked for that the client may not be granted is invalid_scope (RFC 6749 §5.2), not dropped
   * silently. With several resources in one authorization request, a scope may be any of theirs; the
   * OpenID Connect scopes are the provider's own. Client credentials without a scope get every scope
   * the application may be granted of the API (RFC 6749 §3.3's pre-defined default).
   */
  async function checkScopes(ctx: KoaContextWithOIDC, client: Client, scopes: string[]) {
    if (isClientCredentials(ctx) && !ctx.oidc.params!.scope) {
      ctx.oidc.params!.scope = scopes.join(' ') || undefined;
      return;
    }
    const allowed = new Set(scopes);
    for (const other of requested(ctx.oidc.params?.resource)) for (const s of (await grantable(other, client)).scopes) allowed.add(s);
    const refused = scopesOf(ctx).find((s) => !allowed.has(s) && (isClientCredentials(ctx) || !OIDC_SCOPES.includes(s)));
    if (refused) throw new errors.InvalidScope('requested scope is not allowed', refused);
  }

  return {
    enabled: true,
    /**
     * Client credentials without `resource`: the one API the application may be granted, or
     * invalid_target naming the need (a machine token with no audience is good for nothing). Otherwise
     * no default: no resource means today's opaque token for userinfo.
     */
    async defaultResource(ctx, client, oneOf) {
      if (oneOf) return oneOf;
      if (!isClientCredentials(ctx)) return undefined;
      const access = await getApiAccess(db, applicationIdOf(client) ?? '');
      if (access.length !== 1) throw new errors.InvalidTarget('name the API with the resource parameter (RFC 8707)');
      return (await getApi(db, access[0].apiId)).identifier;
    },
    /**
     * The token request names the API again to get a token for it (RFC 8707 §2.2); one that does not,
     * for an openid request, gets the token for userinfo as before (oidc-provider then uses the granted
     * resource only when there is no openid scope).
     */
    useGrantedResource: async () => false,
    async getResourceServerInfo(ctx, identifier, client) {
      const { api, scopes } = await grantable(identifier, client);
      if (decidesScopes(ctx)) await checkScopes(ctx, client, scopes);
      return {
        scope: scopes.join(' '),
        audience: api.identifier,
        accessTokenTTL: api.accessTokenLifetimeSeconds,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: api.signingAlg } },
      };
    },
  };
}
