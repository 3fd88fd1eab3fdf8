/**
 * The application form: its fields, the checks made before sending (the redirect-URI rules of
 * src/protocols/oidc/redirect-uris.ts), the API body, and where the server's answers belong.
 */
import type { MessageKey } from '../../i18n/en.ts';
import type { ApiGrant, Application } from '../../lib/types.ts';
import type { ClientType } from '../../../../src/protocols/oidc/views.ts';
import { signsPeopleIn } from '../../../../src/protocols/oidc/client-types.ts';
import { advancedBody, advancedFormOf, baselineOf, checkAdvanced, NEW_ADVANCED, type FormProblem, type OidcAdvancedForm } from './oidc/advancedForm.ts';

export const URI_LISTS = ['redirectUris', 'postLogoutRedirectUris'] as const;
export type UriList = (typeof URI_LISTS)[number];
/** The API's limits (src/admin/schemas.ts). */
export const LIMITS = { name: 100, description: 500, url: 2000, uris: 20 };

export interface ApplicationForm extends OidcAdvancedForm {
  /** Chosen when the application is created; fixed after. */
  protocol: string;
  name: string;
  description: string;
  logoUrl: string;
  clientType: ClientType;
  firstParty: boolean;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** The API scopes it may be granted, once the administrator changed them (undefined: left as they are). */
  apiAccess?: ApiGrant[];
}

/** A new application: OpenID Connect (the server's default), confidential (it gets a client secret), with one redirect URI to fill in. */
export const NEW_APPLICATION: ApplicationForm = {
  protocol: 'oidc',
  name: '',
  description: '',
  logoUrl: '',
  clientType: 'confidential',
  firstParty: false,
  redirectUris: [''],
  postLogoutRedirectUris: [],
  ...NEW_ADVANCED,
};

export function formOf(app: Application): ApplicationForm {
  return {
    protocol: app.protocol,
    name: app.name,
    description: app.description,
    logoUrl: app.logoUrl ?? '',
    clientType: app.clientType,
    firstParty: app.firstParty,
    redirectUris: [...app.redirectUris],
    postLogoutRedirectUris: [...app.postLogoutRedirectUris],
    ...advancedFormOf(app),
  };
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Why a redirect URI would be refused: absolute, http(s), no fragment, no credentials, http only on loopback. */
export function redirectUriProblem(raw: string): MessageKey | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'validation.uri.absolute';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'validation.uri.scheme';
  if (url.hash || raw.includes('#')) return 'validation.uri.fragment';
  if (url.username || url.password) return 'validation.uri.credentials';
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) return 'validation.uri.https';
  if (raw.length > LIMITS.url) return 'validation.tooLong';
  return undefined;
}

const isHttpUrl = (v: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
};

/** The rows that will be sent (blank rows are dropped), with the row each came from. */
function filled(rows: string[]): { uri: string; row: number }[] {
  return rows.map((uri, row) => ({ uri: uri.trim(), row })).filter((r) => r.uri !== '');
}

/** Problems by field key (`name`, `redirectUris.2`, `redirectUris` for the list as a whole). */
export function checkForm(f: ApplicationForm, builtIn: boolean): Record<string, FormProblem> {
  const problems: Record<string, FormProblem> = {};
  if (!f.name.trim()) problems.name = 'validation.required';
  else if (f.name.trim().length > LIMITS.name) problems.name = 'validation.tooLong';
  if (f.description.trim().length > LIMITS.description) problems.description = 'validation.tooLong';
  const logo = f.logoUrl.trim();
  if (logo && !isHttpUrl(logo)) problems.logoUrl = 'validation.url';
  else if (logo.length > LIMITS.url) problems.logoUrl = 'validation.tooLong';
  // A machine-to-machine client has no URIs: the lists are neither shown nor sent.
  if (builtIn) return problems;
  for (const list of signsPeopleIn(f.clientType) ? URI_LISTS : []) {
    const rows = filled(f[list]);
    if (rows.length > LIMITS.uris) problems[list] = 'validation.uri.tooMany';
    const seen = new Set<string>();
    for (const { uri, row } of rows) {
      const problem = redirectUriProblem(uri) ?? (seen.has(uri) ? 'validation.uri.duplicate' : undefined);
      if (problem) problems[`${list}.${row}`] = problem;
      seen.add(uri);
    }
  }
  return { ...problems, ...checkAdvanced(f, redirectUriProblem) };
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * The body to send: everything on create; on edit only what changed, never the protocol (the User
 * Center only its name, description and logo: Portico manages the rest). `rows` maps the index of each sent URI
 * back to its row in the form, for the server's `/redirectUris/N` answers.
 */
export function bodyOf(f: ApplicationForm, app?: Application): { body: Record<string, unknown>; rows: Record<UriList, number[]> } {
  const people = signsPeopleIn(f.clientType);
  const lists = { redirectUris: people ? filled(f.redirectUris) : [], postLogoutRedirectUris: people ? filled(f.postLogoutRedirectUris) : [] };
  const rows = { redirectUris: lists.redirectUris.map((r) => r.row), postLogoutRedirectUris: lists.postLogoutRedirectUris.map((r) => r.row) };
  const next: Record<string, unknown> = {
    name: f.name.trim(),
    description: f.description.trim(),
    logoUrl: f.logoUrl.trim() || null,
  };
  if (!app) next.protocol = f.protocol;
  if (!app?.builtIn) {
    next.clientType = f.clientType;
    next.firstParty = f.firstParty;
    next.redirectUris = lists.redirectUris.map((r) => r.uri);
    next.postLogoutRedirectUris = lists.postLogoutRedirectUris.map((r) => r.uri);
  }
  const advanced: Record<string, unknown> = app?.builtIn ? {} : advancedBody(f, baselineOf(f.clientType, app));
  if (f.apiAccess) advanced.apiAccess = f.apiAccess.filter((g) => g.scopes.length);
  if (!app) return { body: { ...next, ...advanced }, rows };
  const before: Record<string, unknown> = { ...app, logoUrl: app.logoUrl ?? null };
  const body = Object.fromEntries(
    Object.entries(next).filter(([key, value]) => (Array.isArray(value) ? !sameList(value, before[key] as string[]) : value !== before[key])),
  );
  return { body: { ...body, ...advanced }, rows };
}

/** A server field key about a sent URI (`redirectUris.1`) → the key of the row it came from. */
export function rowKey(key: string, rows: Record<UriList, number[]>): string {
  // A key of the JWK Set (`jwks.keys.0`): beside the one field it is typed in.
  if (key.startsWith('jwks.')) return 'jwks';
  const m = /^(redirectUris|postLogoutRedirectUris)\.(\d+)$/.exec(key);
  if (!m) return key;
  const row = rows[m[1] as UriList][Number(m[2])];
  return row === undefined ? m[1] : `${m[1]}.${row}`;
}
