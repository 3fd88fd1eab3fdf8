/**
 * The OpenID Connect source type: "sign in with your company's IdP" (Microsoft Entra ID, Okta,
 * Keycloak, another Portico). The admin enters the issuer, Portico's client ID and secret there, and
 * the scopes; Portico registers nothing itself but shows the redirect URI to register at the IdP.
 */
import { isHttpsOrLoopback } from '../../loopback.ts';
import { checkBindingPolicy } from '../binding-policy.ts';
import type { SourceType } from '../types.ts';
import { OPENID_ATTRIBUTES, OpenIdConfigSchema, type OpenIdConfig } from './config.ts';
import { OPENID_TRUST_FIELDS } from './trust.ts';
import { relyingParty } from './client.ts';
import { authorizationUrl, completeOpenId } from './flow.ts';
import { fromOpenId } from './errors.ts';
import { testOpenIdConnection } from './connection-test.ts';
import { openidMessages } from './messages.ts';
import { openidForm } from './form.ts';
import { OPENID_CODES, fail } from './codes.ts';

export const openidSourceType: SourceType<OpenIdConfig> = {
  type: 'openid',
  label: 'OpenID Connect',
  singleton: false,
  configSchema: OpenIdConfigSchema,
  secretFields: ['clientSecret'],
  trustFields: OPENID_TRUST_FIELDS,
  messages: openidMessages,
  codes: OPENID_CODES,
  form: openidForm,
  async check(config, refs) {
    const issuer = URL.parse(config.issuer);
    // Where ID tokens are believed from: never a page in clear on the network (OpenID Connect Discovery §4.3: https).
    if (!issuer || !isHttpsOrLoopback(issuer) || issuer.search || issuer.hash) {
      throw fail('source.issuer_invalid', 'The issuer must be an https URL without query or fragment (plain http only on this machine).', { field: '/config/issuer' });
    }
    // Core §3.1.2.1: without the openid scope the answer is plain OAuth, with no ID token to verify.
    if (!config.scopes.split(' ').includes('openid')) throw fail('source.openid_scope_required', 'The scopes must include openid.', { field: '/config/scopes' });
    await checkBindingPolicy(config, OPENID_ATTRIBUTES, 'The identity provider', refs);
  },
  external: {
    attributes: OPENID_ATTRIBUTES,

    async start({ sourceId, config, deps, redirectUri, state }) {
      const { url, carry } = await authorizationUrl(await relyingParty(sourceId, config, deps), config, { redirectUri, state });
      return { kind: 'redirect', url: url.href, reason: 'openid.redirected', carry };
    },

    async complete({ sourceId, config, deps, redirectUri, query, carry }) {
      return completeOpenId(await relyingParty(sourceId, config, deps), config, { redirectUri, query, carry });
    },

    failure: fromOpenId,

    async testConnection({ sourceId, config, deps }) {
      return testOpenIdConnection(() => relyingParty(sourceId, config, deps), config);
    },
  },
};
