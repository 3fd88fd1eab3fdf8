/**
 * The "Advanced" part of an OpenID Connect application's form: client authentication, the ID token's
 * algorithm, token lifetimes, PKCE, PAR, logout URIs and the initiate login URI. The checks follow the server's
 * (src/protocols/oidc/), with its bounds and defaults; only what differs from the application's
 * current settings is sent (from the defaults, for a new application or a new client type), so that
 * an application keeps following Portico's defaults in what its administrator left alone.
 */
import type { MessageKey } from '../../../i18n/en.ts';
import type { ClientType, IdTokenSigningAlg, OidcAdvancedSettings, TokenEndpointAuthMethod } from '../../../../../src/protocols/oidc/views.ts';
import { advancedSettingsOf, defaultAuthMethod } from '../../../../../src/protocols/oidc/advanced-defaults.ts';
import { ACCESS_TOKEN_TTL_BOUNDS_S, ID_TOKEN_TTL_BOUNDS_S, REFRESH_TOKEN_TTL_BOUNDS_S, type LifetimeBounds } from '../../../../../src/protocols/oidc/token-policy.ts';

export { ID_TOKEN_SIGNING_ALGS } from '../../../../../src/protocols/oidc/token-policy.ts';
import type { FormProblem } from '../form-rules.ts';

/** The form's values: text as typed for addresses, keys and numbers. */
export interface OidcAdvancedForm {
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  jwksUri: string;
  /** A JWK Set, as JSON text. */
  jwks: string;
  idTokenSignedResponseAlg: IdTokenSigningAlg;
  accessTokenLifetimeSeconds: string;
  idTokenLifetimeSeconds: string;
  refreshTokenLifetimeSeconds: string;
  offlineAccessWithoutConsent: boolean;
  pkceRequired: boolean;
  parRequired: boolean;
  backchannelLogoutUri: string;
  backchannelLogoutSessionRequired: boolean;
  frontchannelLogoutUri: string;
  frontchannelLogoutSessionRequired: boolean;
  initiateLoginUri: string;
}

type LifetimeKey = 'accessTokenLifetimeSeconds' | 'idTokenLifetimeSeconds' | 'refreshTokenLifetimeSeconds';
export const LIFETIMES: { key: LifetimeKey; label: MessageKey; bounds: LifetimeBounds }[] = [
  { key: 'accessTokenLifetimeSeconds', label: 'apps.field.accessTokenLifetime', bounds: ACCESS_TOKEN_TTL_BOUNDS_S },
  { key: 'idTokenLifetimeSeconds', label: 'apps.field.idTokenLifetime', bounds: ID_TOKEN_TTL_BOUNDS_S },
  { key: 'refreshTokenLifetimeSeconds', label: 'apps.field.refreshTokenLifetime', bounds: REFRESH_TOKEN_TTL_BOUNDS_S },
];
export const LOGOUT_URIS = ['backchannelLogoutUri', 'frontchannelLogoutUri'] as const;
/** Each logout channel's address and session flag, with their words (what Portico does with them: src/oidc/logout/). */
export const LOGOUT_CHANNELS: {
  uri: (typeof LOGOUT_URIS)[number];
  label: MessageKey;
  hint: MessageKey;
  session: 'backchannelLogoutSessionRequired' | 'frontchannelLogoutSessionRequired';
  sessionLabel: MessageKey;
  sessionHint: MessageKey;
  placeholder: string;
}[] = [
  {
    uri: 'backchannelLogoutUri',
    label: 'apps.field.backchannelLogoutUri',
    hint: 'apps.field.backchannelLogoutUri.hint',
    session: 'backchannelLogoutSessionRequired',
    sessionLabel: 'apps.field.backchannelLogoutSessionRequired',
    sessionHint: 'apps.field.backchannelLogoutSessionRequired.hint',
    placeholder: 'https://app.example.com/backchannel-logout',
  },
  {
    uri: 'frontchannelLogoutUri',
    label: 'apps.field.frontchannelLogoutUri',
    hint: 'apps.field.frontchannelLogoutUri.hint',
    session: 'frontchannelLogoutSessionRequired',
    sessionLabel: 'apps.field.frontchannelLogoutSessionRequired',
    sessionHint: 'apps.field.frontchannelLogoutSessionRequired.hint',
    placeholder: 'https://app.example.com/frontchannel-logout',
  },
];

/** Every method, with its words; a confidential client chooses among all but `none`, a public one has only `none`. */
export const AUTH_METHODS: Record<TokenEndpointAuthMethod, MessageKey> = {
  client_secret_basic: 'apps.auth.client_secret_basic',
  client_secret_post: 'apps.auth.client_secret_post',
  client_secret_jwt: 'apps.auth.client_secret_jwt',
  private_key_jwt: 'apps.auth.private_key_jwt',
  none: 'apps.auth.none',
};
export const authMethodsFor = (clientType: ClientType): TokenEndpointAuthMethod[] =>
  clientType === 'public' ? ['none'] : (Object.keys(AUTH_METHODS) as TokenEndpointAuthMethod[]).filter((m) => m !== 'none');

/** The form's fields, as the server names them: where its answers about them belong. */
export const ADVANCED_FIELDS = Object.keys(advancedSettingsOf('{}', 'confidential')) as (keyof OidcAdvancedSettings)[];

/** The form's values for the settings `s` (an application's: only its advanced settings are read). */
export function advancedFormOf(s: OidcAdvancedSettings): OidcAdvancedForm {
  return {
    tokenEndpointAuthMethod: s.tokenEndpointAuthMethod,
    jwksUri: s.jwksUri ?? '',
    jwks: s.jwks ? JSON.stringify(s.jwks, null, 2) : '',
    idTokenSignedResponseAlg: s.idTokenSignedResponseAlg,
    accessTokenLifetimeSeconds: String(s.accessTokenLifetimeSeconds),
    idTokenLifetimeSeconds: String(s.idTokenLifetimeSeconds),
    refreshTokenLifetimeSeconds: String(s.refreshTokenLifetimeSeconds),
    offlineAccessWithoutConsent: s.offlineAccessWithoutConsent,
    pkceRequired: s.pkceRequired,
    parRequired: s.parRequired,
    backchannelLogoutUri: s.backchannelLogoutUri ?? '',
    backchannelLogoutSessionRequired: s.backchannelLogoutSessionRequired,
    frontchannelLogoutUri: s.frontchannelLogoutUri ?? '',
    frontchannelLogoutSessionRequired: s.frontchannelLogoutSessionRequired,
    initiateLoginUri: s.initiateLoginUri ?? '',
  };
}

/** A new application's: the server's defaults. */
export const NEW_ADVANCED = advancedFormOf(advancedSettingsOf('{}', 'confidential'));

/** What a method means for a client of the type (a public client: none; a confidential one never none). */
export const methodFor = (clientType: ClientType, method: TokenEndpointAuthMethod): TokenEndpointAuthMethod =>
  clientType === 'public' ? 'none' : method === 'none' ? defaultAuthMethod(clientType) : method;

const parsedJwks = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};
const isJwks = (v: unknown) => typeof v === 'object' && v !== null && Array.isArray((v as { keys?: unknown }).keys);


/**
 * Problems by field. `uriProblem` is the application form's rule for an address it registers.
 * The server checks the keys themselves (public keys only).
 */
export function checkAdvanced(f: OidcAdvancedForm & { clientType: ClientType; firstParty: boolean }, uriProblem: (uri: string) => MessageKey | undefined): Record<string, FormProblem> {
  const problems: Record<string, FormProblem> = {};
  for (const { key, bounds } of LIFETIMES) {
    const value = f[key].trim();
    if (!/^\d+$/.test(value) || Number(value) < bounds.min || Number(value) > bounds.max) problems[key] = { key: 'validation.range', vars: { min: bounds.min, max: bounds.max } };
  }
  for (const key of ['jwksUri', 'initiateLoginUri', ...LOGOUT_URIS] as const) {
    const problem = f[key].trim() ? uriProblem(f[key].trim()) : undefined;
    if (problem) problems[key] = problem;
  }
  if (f.jwks.trim() && !isJwks(parsedJwks(f.jwks))) problems.jwks = 'validation.jwks';
  if (methodFor(f.clientType, f.tokenEndpointAuthMethod) === 'private_key_jwt') {
    if (!f.jwksUri.trim() && !f.jwks.trim()) problems.jwks ??= 'validation.jwksMissing';
    if (f.jwksUri.trim() && f.jwks.trim()) problems.jwksUri ??= 'validation.jwksBoth';
  }
  if (f.offlineAccessWithoutConsent && !f.firstParty) problems.offlineAccessWithoutConsent = 'validation.firstPartyOnly';
  return problems;
}

/** The settings the form says, as the API takes them (a public client's method and PKCE are the server's to set). */
function settingsOf(f: OidcAdvancedForm & { clientType: ClientType }): Partial<OidcAdvancedSettings> {
  const number = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : (text as unknown as number));
  return {
    ...(f.clientType === 'public' ? {} : { tokenEndpointAuthMethod: methodFor(f.clientType, f.tokenEndpointAuthMethod), pkceRequired: f.pkceRequired }),
    jwksUri: f.jwksUri.trim() || null,
    jwks: f.jwks.trim() ? (parsedJwks(f.jwks) as OidcAdvancedSettings['jwks']) : null,
    idTokenSignedResponseAlg: f.idTokenSignedResponseAlg,
    accessTokenLifetimeSeconds: number(f.accessTokenLifetimeSeconds),
    idTokenLifetimeSeconds: number(f.idTokenLifetimeSeconds),
    refreshTokenLifetimeSeconds: number(f.refreshTokenLifetimeSeconds),
    offlineAccessWithoutConsent: f.offlineAccessWithoutConsent,
    parRequired: f.parRequired,
    backchannelLogoutUri: f.backchannelLogoutUri.trim() || null,
    backchannelLogoutSessionRequired: f.backchannelLogoutSessionRequired,
    frontchannelLogoutUri: f.frontchannelLogoutUri.trim() || null,
    frontchannelLogoutSessionRequired: f.frontchannelLogoutSessionRequired,
    initiateLoginUri: f.initiateLoginUri.trim() || null,
  };
}

/**
 * What the server holds before this change, for the form to compare with: the application's settings,
 * or the defaults of a new one. A new client type resets what depends on it, as the server does.
 */
export function baselineOf(clientType: ClientType, app?: OidcAdvancedSettings & { clientType: ClientType }): OidcAdvancedSettings {
  if (!app) return advancedSettingsOf('{}', clientType);
  if (app.clientType === clientType) return app;
  return { ...app, tokenEndpointAuthMethod: defaultAuthMethod(clientType), pkceRequired: clientType === 'public' };
}

/** The settings that differ from `baseline`: what to send. */
export function advancedBody(f: OidcAdvancedForm & { clientType: ClientType }, baseline: OidcAdvancedSettings): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settingsOf(f)).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(baseline[key as keyof OidcAdvancedSettings])));
}
