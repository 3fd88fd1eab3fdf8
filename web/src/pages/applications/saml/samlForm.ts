/**
 * A SAML application's part of the form: the SP's entity ID, its ACS URLs (the rules of OpenID Connect's
 * redirect URIs, as the server checks them), the NameID, the attribute statement, what is signed, and
 * its certificate for signed AuthnRequests.
 */
import { SAML_DEFAULTS, type SamlApplicationSettings } from '../../../../../src/protocols/saml/views.ts';
import type { SamlApplication } from '../../../lib/types.ts';
import { changedOnly, filled, LIMITS, redirectUriProblem, type FormProblem } from '../form-rules.ts';
import type { ProtocolForm } from '../protocol-form.ts';

/** The settings as the form holds them: the certificate as text (empty for none). */
export type SamlForm = Omit<SamlApplicationSettings, 'spCertificate'> & { spCertificate: string };

/** A new SAML application: one ACS URL to fill in; the server's defaults for the rest. */
export const NEW_SAML: SamlForm = { ...SAML_DEFAULTS, entityId: '', acsUrls: [''], spCertificate: '' };

const CERTIFICATE = /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----$/;

export const samlForm: ProtocolForm<SamlForm, SamlApplication> = {
  formOf: (app) => ({
    entityId: app.entityId,
    acsUrls: [...app.acsUrls],
    nameIdFormat: app.nameIdFormat,
    nameIdField: app.nameIdField,
    attributeStatement: app.attributeStatement.map((a) => ({ ...a })),
    signAssertion: app.signAssertion,
    signResponse: app.signResponse,
    spCertificate: app.spCertificate ?? '',
    requireSignedRequests: app.requireSignedRequests,
  }),

  check(f) {
    const problems: Record<string, FormProblem> = {};
    if (!f.entityId.trim()) problems.entityId = 'validation.required';
    const rows = filled(f.acsUrls);
    if (!rows.length) problems.acsUrls = 'validation.saml.noAcs';
    if (rows.length > LIMITS.uris) problems.acsUrls = 'validation.uri.tooMany';
    for (const { uri, row } of rows) {
      const problem = redirectUriProblem(uri);
      if (problem) problems[`acsUrls.${row}`] = problem;
    }
    f.attributeStatement.forEach((a, i) => {
      if (!/^\S+$/.test(a.name.trim())) problems[`attributeStatement.${i}.name`] = 'validation.required';
    });
    const cert = f.spCertificate.trim();
    if (cert && !CERTIFICATE.test(cert)) problems.spCertificate = 'validation.saml.certificate';
    if (f.requireSignedRequests && !cert) problems.spCertificate = 'validation.saml.certificateRequired';
    if (!f.signAssertion && !f.signResponse) problems.signAssertion = 'validation.saml.nothingSigned';
    return problems;
  },

  body(f, app) {
    const rows = filled(f.acsUrls);
    const next: Record<string, unknown> = {
      entityId: f.entityId.trim(),
      acsUrls: rows.map((r) => r.uri),
      nameIdFormat: f.nameIdFormat,
      nameIdField: f.nameIdField,
      attributeStatement: f.attributeStatement.map((a) => ({ field: a.field, name: a.name.trim() })),
      signAssertion: f.signAssertion,
      signResponse: f.signResponse,
      spCertificate: f.spCertificate.trim() || null,
      requireSignedRequests: f.requireSignedRequests,
    };
    return {
      body: changedOnly(next, app as unknown as Record<string, unknown> | undefined),
      // The server's `/acsUrls/N` → the row it came from.
      rowKey: (key) => key.replace(/^acsUrls\.(\d+)$/, (_, n: string) => `acsUrls.${rows[Number(n)]?.row ?? n}`),
    };
  },
};
