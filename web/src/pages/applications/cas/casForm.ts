/**
 * A CAS application's part of the form: its service URLs (each exact or a prefix: the rules of
 * src/protocols/cas/services.ts), what cas:user is, and the attributes released.
 */
import type { CasServiceRule, CasUserField } from '../../../../../src/protocols/cas/views.ts';
import type { CasApplication } from '../../../lib/types.ts';
import { LIMITS, redirectUriProblem, changedOnly, type FormProblem } from '../form-rules.ts';
import type { ProtocolForm } from '../protocol-form.ts';

export interface CasForm {
  services: CasServiceRule[];
  userField: CasUserField;
  attributes: CasUserField[];
}

/** A new CAS application: one service URL to fill in, as a prefix; cas:user the username; name and email released. */
export const NEW_CAS: CasForm = { services: [{ url: '', match: 'prefix' }], userField: 'username', attributes: ['displayName', 'email'] };

const rowsOf = (services: CasServiceRule[]) => services.map((s, row) => ({ ...s, url: s.url.trim(), row })).filter((s) => s.url !== '');

export const casForm: ProtocolForm<CasForm, CasApplication> = {
  formOf: (app) => ({ services: app.services.map((s) => ({ ...s })), userField: app.userField, attributes: [...app.attributes] }),

  check(f) {
    const problems: Record<string, FormProblem> = {};
    const rows = rowsOf(f.services);
    if (!rows.length) problems.services = 'validation.cas.noService';
    if (rows.length > LIMITS.uris) problems.services = 'validation.uri.tooMany';
    for (const { url, match, row } of rows) {
      const problem = redirectUriProblem(url) ?? (match === 'prefix' && (!new URL(url).pathname.endsWith('/') || new URL(url).search) ? 'validation.cas.prefix' : undefined);
      if (problem) problems[`services.${row}.url`] = problem;
    }
    return problems;
  },

  body(f, app) {
    const rows = rowsOf(f.services);
    const next: Record<string, unknown> = { services: rows.map(({ url, match }) => ({ url, match })), userField: f.userField, attributes: f.attributes };
    const changed = changedOnly(next, app as unknown as Record<string, unknown> | undefined);
    return {
      body: changed,
      // The server's `/services/N/url` → the row it came from.
      rowKey: (key) => key.replace(/^services\.(\d+)/, (_, n: string) => `services.${rows[Number(n)]?.row ?? n}`),
    };
  },
};
