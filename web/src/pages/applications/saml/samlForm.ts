/**
 * A SAML application's part of the form: the SP's entity ID, its ACS URLs (the rules of OpenID Connect's
 * redirect URIs, as the server checks them), the NameID, the attribute statement, what is signed, its
 * certificate for signed AuthnRequests, and whether the assertion is encrypted (to its encryption certificate).
 */
import { SAML_DEFAULTS, type SamlApplicationSettings } from '../../../../../src/protocols/saml/views.ts';
import type { SamlApplication } from '../../../lib/types.ts';
import { changedOnly, filled, LIMITS, redirectUriProblem, type FormProblem } from '../form-rules.ts';
import type { ProtocolForm } from '../protocol-form.ts';

/** The settings as the form holds them: the SLO URL and the certificates as text (empty for none). */
export type SamlForm = Omit<SamlApplicationSettings, 'sloUrl' | 'spCertificate' | 'encryptionCertificate'> & { sloUrl: string; spCertificate: string; encryptionCertificate: string };

/** A new SAML application: one ACS URL to fill in; the server's defaults for the rest. */
export const NEW_SAML: SamlForm = { ...SAML_DEFAULTS, entityId: '', acsUrls: [''], sloUrl: '', spCertificate: '', encryptionCertificate: '' };

const CERTIFICATE = /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----$/;

export const samlForm: ProtocolForm<SamlForm, SamlApplication> = {
  formOf: (app) => ({
    entityId: app.entityId,
    acsUrls: [...app.acsUrls],
    sloUrl: app.sloUrl ?? '',
    nameIdFormat: app.nameIdFormat,
    nameIdField: app.nameIdField,
    attributeStatement: app.attributeStatement.map((a) => ({ ...a })),
    signAssertion: app.signAssertion,
    signResponse: app.signResponse,
    spCertificate: app.spCertificate ?? '',
    requireSignedRequests: app.requireSignedRequests,
    encryptAssertion: app.encryptAssertion,
    encryptionCertificate: app.encryptionCertificate ?? '',
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
    const sloUrl = f.sloUrl.trim();
    const sloProblem = sloUrl ? redirectUriProblem(sloUrl) : undefined;
    if (sloProblem) problems.sloUrl = sloProblem;
    const cert = f.spCertificate.trim();
    if (cert && !CERTIFICATE.test(cert)) problems.spCertificate = 'validation.saml.certificate';
    if (f.requireSignedRequests && !cert) problems.spCertificate = 'validation.saml.certificateRequired';
    if (sloUrl && !cert) problems.spCertificate = 'validation.saml.sloNeedsCertificate';
    if (!f.signAssertion && !f.signResponse) problems.signAssertion = 'validation.saml.nothingSigned';
    // The encryption certificate is shown, checked and sent only while encryption is on.
    const encryptionCert = f.encryptionCertificate.trim();
    if (f.encryptAssertion && !encryptionCert) problems.encryptionCertificate = 'validation.saml.encryptionCertificateRequired';
    else if (f.encryptAssertion && !CERTIFICATE.test(encryptionCert)) problems.encryptionCertificate = 'validation.saml.certificate';
    return problems;
  },

  body(f, app) {
    const rows = filled(f.acsUrls);
    const next: Record<string, unknown> = {
      entityId: f.entityId.trim(),
      acsUrls: rows.map((r) => r.uri),
      sloUrl: f.sloUrl.trim() || null,
      nameIdFormat: f.nameIdFormat,
      nameIdField: f.nameIdField,
      attributeStatement: f.attributeStatement.map((a) => ({ field: a.field, name: a.name.trim(), format: a.format ?? 'basic' })),
      signAssertion: f.signAssertion,
      signResponse: f.signResponse,
      spCertificate: f.spCertificate.trim() || null,
      requireSignedRequests: f.requireSignedRequests,
      encryptAssertion: f.encryptAssertion,
      // Off, the hidden certificate is left as the server has it (switched back on, it is still there).
      ...(f.encryptAssertion ? { encryptionCertificate: f.encryptionCertificate.trim() || null } : {}),
    };
    return {
      body: changedOnly(next, app as unknown as Record<string, unknown> | undefined),
      // The server's `/acsUrls/N` → the row it came from.
      rowKey: (key) => key.replace(/^acsUrls\.(\d+)$/, (_, n: string) => `acsUrls.${rows[Number(n)]?.row ?? n}`),
    };
  },
};
