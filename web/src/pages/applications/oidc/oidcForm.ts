/**
 * An OpenID Connect application's part of the form: client type, first party, its URIs (the rules of
 * src/protocols/oidc/redirect-uris.ts), its API access, and the "Advanced" settings (./advancedForm.ts).
 */
import type { ApiGrant, OidcApplication } from '../../../lib/types.ts';
import type { ClientType } from '../../../../../src/protocols/oidc/views.ts';
import { signsPeopleIn } from '../../../../../src/protocols/oidc/client-types.ts';
import { advancedBody, advancedFormOf, baselineOf, checkAdvanced, NEW_ADVANCED, type OidcAdvancedForm } from './advancedForm.ts';
import { filled, LIMITS, redirectUriProblem, changedOnly, type FormProblem } from '../form-rules.ts';
import type { ProtocolForm } from '../protocol-form.ts';

export const URI_LISTS = ['redirectUris', 'postLogoutRedirectUris'] as const;
export type UriList = (typeof URI_LISTS)[number];

export interface OidcForm extends OidcAdvancedForm {
  clientType: ClientType;
  firstParty: boolean;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** The API scopes it may be granted, once the administrator changed them (undefined: left as they are). */
  apiAccess?: ApiGrant[];
}

/** A new client: confidential (it gets a client secret), with one redirect URI to fill in. */
export const NEW_OIDC: OidcForm = { clientType: 'confidential', firstParty: false, redirectUris: [''], postLogoutRedirectUris: [], ...NEW_ADVANCED };

/** A server field key about a sent URI (`redirectUris.1`) → the key of the row it came from. */
function rowKeyOf(key: string, rows: Record<UriList, number[]>): string {
  // A key of the JWK Set (`jwks.keys.0`): beside the one field it is typed in.
  if (key.startsWith('jwks.')) return 'jwks';
  const m = /^(redirectUris|postLogoutRedirectUris)\.(\d+)$/.exec(key);
  if (!m) return key;
  const row = rows[m[1] as UriList][Number(m[2])];
  return row === undefined ? m[1] : `${m[1]}.${row}`;
}

export const oidcForm: ProtocolForm<OidcForm, OidcApplication> = {
  formOf: (app) => ({
    clientType: app.clientType,
    firstParty: app.firstParty,
    redirectUris: [...app.redirectUris],
    postLogoutRedirectUris: [...app.postLogoutRedirectUris],
    ...advancedFormOf(app),
  }),

  check(f) {
    const problems: Record<string, FormProblem> = {};
    // A machine-to-machine client has no URIs: the lists are neither shown nor sent.
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
  },

  body(f, app) {
    const people = signsPeopleIn(f.clientType);
    const lists = { redirectUris: people ? filled(f.redirectUris) : [], postLogoutRedirectUris: people ? filled(f.postLogoutRedirectUris) : [] };
    const rows = { redirectUris: lists.redirectUris.map((r) => r.row), postLogoutRedirectUris: lists.postLogoutRedirectUris.map((r) => r.row) };
    const next: Record<string, unknown> = {
      clientType: f.clientType,
      firstParty: f.firstParty,
      redirectUris: lists.redirectUris.map((r) => r.uri),
      postLogoutRedirectUris: lists.postLogoutRedirectUris.map((r) => r.uri),
    };
    const advanced = advancedBody(f, baselineOf(f.clientType, app));
    if (f.apiAccess) advanced.apiAccess = f.apiAccess.filter((g) => g.scopes.length);
    const changed = changedOnly(next, app as unknown as Record<string, unknown> | undefined);
    return { body: { ...changed, ...advanced }, rowKey: (key) => rowKeyOf(key, rows) };
  },
};
