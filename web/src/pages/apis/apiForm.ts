/**
 * The API form: its fields, the checks made before sending (the server's rules: src/apis/rules.ts, with
 * the same scope syntax and bounds), and the body (on a change, only what changed).
 */
import type { MessageKey } from '../../i18n/en.ts';
import type { Api, ApiScope, ApiSigningAlg } from '../../lib/types.ts';
import { redirectUriProblem } from '../applications/applicationForm.ts';
import { MAX_API_SCOPES, MAX_SCOPE_NAME_LENGTH, SCOPE_TOKEN } from '../../../../src/apis/scope-syntax.ts';
import { isOidcScopeName } from '../../../../src/protocols/oidc/scopes.ts';
import { ACCESS_TOKEN_TTL_BOUNDS_S, ACCESS_TOKEN_TTL_S, DEFAULT_ID_TOKEN_SIGNING_ALG } from '../../../../src/protocols/oidc/token-policy.ts';

export { ID_TOKEN_SIGNING_ALGS as API_SIGNING_ALGS } from '../../../../src/protocols/oidc/token-policy.ts';
export { ACCESS_TOKEN_TTL_BOUNDS_S, MAX_API_SCOPES };

export interface ApiForm {
  name: string;
  identifier: string;
  description: string;
  scopes: ApiScope[];
  /** As typed. */
  accessTokenLifetimeSeconds: string;
  signingAlg: ApiSigningAlg;
}

export const NEW_API: ApiForm = { name: '', identifier: '', description: '', scopes: [{ name: '', description: '' }], accessTokenLifetimeSeconds: String(ACCESS_TOKEN_TTL_S), signingAlg: DEFAULT_ID_TOKEN_SIGNING_ALG };

export const apiFormOf = (api: Api): ApiForm => ({
  name: api.name,
  identifier: api.identifier,
  description: api.description,
  scopes: api.scopes.map((s) => ({ ...s })),
  accessTokenLifetimeSeconds: String(api.accessTokenLifetimeSeconds),
  signingAlg: api.signingAlg,
});

/** The scope rows that will be sent: rows left wholly blank are dropped. */
const filledScopes = (f: ApiForm) => f.scopes.map((s, row) => ({ name: s.name.trim(), description: s.description.trim(), row })).filter((s) => s.name || s.description);

function scopeProblem(name: string, seen: Set<string>): MessageKey | undefined {
  if (!name) return 'validation.required';
  if (name.length > MAX_SCOPE_NAME_LENGTH) return 'validation.tooLong';
  if (!SCOPE_TOKEN.test(name)) return 'apis.validation.scopeSyntax';
  if (isOidcScopeName(name)) return 'apis.validation.scopeReserved';
  if (seen.has(name)) return 'apis.validation.scopeDuplicate';
  return undefined;
}

/** Problems by field key (`name`, `scopes.2.name`), as the server would name them. */
export function checkApiForm(f: ApiForm): Record<string, MessageKey> {
  const problems: Record<string, MessageKey> = {};
  if (!f.name.trim()) problems.name = 'validation.required';
  const identifier = f.identifier.trim();
  const uri = identifier ? redirectUriProblem(identifier) : 'validation.required';
  if (uri) problems.identifier = uri;
  const seen = new Set<string>();
  for (const s of filledScopes(f)) {
    const problem = scopeProblem(s.name, seen);
    if (problem) problems[`scopes.${s.row}.name`] = problem;
    seen.add(s.name);
  }
  const lifetime = Number(f.accessTokenLifetimeSeconds);
  if (!Number.isInteger(lifetime) || lifetime < ACCESS_TOKEN_TTL_BOUNDS_S.min || lifetime > ACCESS_TOKEN_TTL_BOUNDS_S.max) problems.accessTokenLifetimeSeconds = 'apis.validation.lifetime';
  return problems;
}

/** The body to send (all of it for a new API, what changed for an existing one), and the form row of each sent scope. */
export function apiBodyOf(f: ApiForm, api?: Api): { body: Record<string, unknown>; rows: number[] } {
  const scopes = filledScopes(f);
  const next: Record<string, unknown> = {
    name: f.name.trim(),
    identifier: f.identifier.trim(),
    description: f.description.trim(),
    scopes: scopes.map(({ name, description }) => ({ name, description })),
    accessTokenLifetimeSeconds: Number(f.accessTokenLifetimeSeconds),
    signingAlg: f.signingAlg,
  };
  const rows = scopes.map((s) => s.row);
  if (!api) return { body: next, rows };
  const before: Record<string, unknown> = { ...api };
  const body = Object.fromEntries(Object.entries(next).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key])));
  return { body, rows };
}

/** A server field key about a sent scope (`scopes.1.name`) → the key of the row it came from. */
export function apiRowKey(key: string, rows: number[]): string {
  const m = /^scopes\.(\d+)\.(name|description)$/.exec(key);
  if (!m) return key;
  const row = rows[Number(m[1])];
  return row === undefined ? 'scopes' : `scopes.${row}.${m[2]}`;
}
