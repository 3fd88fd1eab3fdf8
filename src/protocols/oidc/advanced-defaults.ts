/**
 * An OpenID Connect application's settings beyond its client type and URIs, with their defaults filled
 * in, as read from the application's `protocol_settings` JSON (migration 008). Only what an
 * administrator set is stored, so an application integrated before these settings existed keeps
 * working as it did. Pure, so the console (web/) fills in the same defaults.
 */
import { ACCESS_TOKEN_TTL_S, DEFAULT_ID_TOKEN_SIGNING_ALG, ID_TOKEN_TTL_S, REFRESH_TOKEN_TTL_S } from './token-policy.ts';
import type { ClientType, OidcAdvancedSettings, TokenEndpointAuthMethod } from './views.ts';

const DEFAULTS: Omit<OidcAdvancedSettings, 'tokenEndpointAuthMethod' | 'pkceRequired'> = {
  jwksUri: null,
  jwks: null,
  idTokenSignedResponseAlg: DEFAULT_ID_TOKEN_SIGNING_ALG,
  accessTokenLifetimeSeconds: ACCESS_TOKEN_TTL_S,
  idTokenLifetimeSeconds: ID_TOKEN_TTL_S,
  refreshTokenLifetimeSeconds: REFRESH_TOKEN_TTL_S,
  offlineAccessWithoutConsent: false,
  parRequired: false,
  backchannelLogoutUri: null,
  backchannelLogoutSessionRequired: false,
  frontchannelLogoutUri: null,
  frontchannelLogoutSessionRequired: false,
  initiateLoginUri: null,
};

/** What a client of the type authenticates with when its administrator names nothing. */
export const defaultAuthMethod = (clientType: ClientType): TokenEndpointAuthMethod => (clientType === 'public' ? 'none' : 'client_secret_basic');

/**
 * The settings with their defaults (`{}`: every default). A public client always authenticates with
 * none and always needs PKCE, whatever is stored (a node of the previous version may have changed the
 * client type alone).
 */
export function advancedSettingsOf(json: string, clientType: ClientType): OidcAdvancedSettings {
  const s: OidcAdvancedSettings = { ...DEFAULTS, tokenEndpointAuthMethod: defaultAuthMethod(clientType), pkceRequired: clientType === 'public', ...JSON.parse(json) };
  if (clientType === 'public') return { ...s, tokenEndpointAuthMethod: 'none', pkceRequired: true };
  return s.tokenEndpointAuthMethod === 'none' ? { ...s, tokenEndpointAuthMethod: defaultAuthMethod(clientType) } : s;
}
