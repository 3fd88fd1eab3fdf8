/**
 * SAML 2.0: an application is a service provider, known by its entity ID (its identifier: the login
 * page's ?app= takes it), with its Assertion Consumer Service URLs (HTTP-POST), what fills the NameID,
 * the attribute statement, and what is signed; its AuthnRequests are checked against its certificate
 * when it has one. src/saml/ serves the protocol: one IdP entity for every application.
 */
import { X509Certificate } from 'node:crypto';
import { invalid } from '../../errors.ts';
import type { ApplicationTable } from '../../store/schema.ts';
import type { ApplicationProtocol, ProtocolColumns } from '../types.ts';
import { checkRedirectUri, checkRedirectUris } from '../oidc/redirect-uris.ts';
import { SamlSettingsSchema, SamlViewSchema, type SamlSettings } from './settings.ts';
import { SAML_DEFAULTS, type SamlApplicationSettings } from './views.ts';

/** Where Portico's SAML IdP answers; its entity ID is `<public URL>/saml`. */
export const SAML_MOUNT_PATH = '/saml';
export const samlIdpEntityId = (publicUrl: string) => publicUrl + SAML_MOUNT_PATH;

/** An application's SAML settings, read from its row (the entity ID is its identifier column). */
export function samlSettingsOf(row: Pick<ApplicationTable, 'protocol_settings' | 'client_id'>): SamlApplicationSettings {
  return { ...SAML_DEFAULTS, acsUrls: [], ...(JSON.parse(row.protocol_settings) as Partial<SamlApplicationSettings>), entityId: row.client_id };
}

/** A PEM certificate with an RSA key (an assertion's key is transported with RSA-OAEP: src/saml/encrypt.ts), or undefined. */
function rsaCertificate(pem: string): X509Certificate | undefined {
  try {
    const certificate = new X509Certificate(pem);
    return certificate.publicKey.asymmetricKeyType === 'rsa' ? certificate : undefined;
  } catch {
    return undefined;
  }
}

/** The rules across fields: addresses as OpenID Connect's redirect URIs are, certificates that parse, something signed, a certificate to encrypt to. */
function checked(s: SamlApplicationSettings): SamlApplicationSettings {
  const entityId = s.entityId.trim();
  if (!entityId) throw invalid('application.saml_invalid_entity_id', 'The entity ID cannot be blank.', '/entityId');
  const acsUrls = checkRedirectUris(s.acsUrls, '/acsUrls');
  if (!acsUrls.length) throw invalid('application.saml_invalid_acs', 'List at least one Assertion Consumer Service URL.', '/acsUrls');
  let spCertificate = s.spCertificate?.trim() || null;
  if (spCertificate) {
    try {
      spCertificate = new X509Certificate(spCertificate).toString();
    } catch {
      throw invalid('application.saml_invalid_certificate', 'The SP certificate is not a PEM X.509 certificate.', '/spCertificate');
    }
  }
  const sloUrl = s.sloUrl?.trim() ? checkRedirectUri(s.sloUrl.trim(), '/sloUrl') : null;
  if (sloUrl && !spCertificate) throw invalid('application.saml_slo_needs_certificate', 'LogoutRequests must be signed (SAML Profiles §4.4.4.1): give the SP certificate to check them.', '/spCertificate');
  if (s.requireSignedRequests && !spCertificate) throw invalid('application.saml_certificate_required', 'Signed AuthnRequests are checked with the SP certificate: give it.', '/spCertificate');
  let encryptionCertificate = s.encryptionCertificate?.trim() || null;
  if (encryptionCertificate) {
    const parsed = rsaCertificate(encryptionCertificate);
    if (!parsed) throw invalid('application.saml_invalid_encryption_certificate', 'The SP encryption certificate is not a PEM X.509 certificate with an RSA key.', '/encryptionCertificate');
    encryptionCertificate = parsed.toString();
  }
  if (s.encryptAssertion && !encryptionCertificate) throw invalid('application.saml_encryption_certificate_required', 'The assertion is encrypted for the SP encryption certificate: give it.', '/encryptionCertificate');
  if (!s.signAssertion && !s.signResponse) throw invalid('application.saml_nothing_signed', 'Sign the assertion, the response, or both: an unsigned assertion proves nothing.', '/signAssertion');
  return { ...s, entityId, acsUrls, sloUrl, spCertificate, encryptionCertificate };
}

const columnsOf = (s: SamlApplicationSettings) => {
  const { entityId, ...rest } = checked(s);
  return { client_id: entityId, protocol_settings: JSON.stringify(rest) };
};

export const samlProtocol: ApplicationProtocol<SamlSettings> = {
  name: 'saml',
  label: 'SAML 2.0',
  settingsSchema: SamlSettingsSchema,
  viewSchema: SamlViewSchema,

  create(settings) {
    const columns: ProtocolColumns = { client_type: 'saml', client_secret_enc: null, redirect_uris: '[]', post_logout_redirect_uris: '[]', first_party: 0, ...columnsOf({ ...SAML_DEFAULTS, ...settings }) };
    return { columns };
  },

  change(row, settings) {
    const next = columnsOf({ ...samlSettingsOf(row), ...settings });
    const columns: Partial<ProtocolColumns> = {};
    if (next.client_id !== row.client_id) columns.client_id = next.client_id;
    if (next.protocol_settings !== row.protocol_settings) columns.protocol_settings = next.protocol_settings;
    return { columns };
  },

  view: (row) => samlSettingsOf(row),

  endpoints(_row, publicUrl) {
    const base = publicUrl + SAML_MOUNT_PATH;
    return [
      { key: 'samlMetadata', value: `${base}/metadata` },
      { key: 'samlEntityId', value: samlIdpEntityId(publicUrl) },
      { key: 'samlSso', value: `${base}/sso` },
      { key: 'samlSlo', value: `${base}/slo` },
      { key: 'samlCertificate', value: `${base}/certificate`, download: true },
    ];
  },

  resumePath: (handle) => `${SAML_MOUNT_PATH}/resume/${handle}`,

  // IdP-initiated sign-in (Profiles §4.1.5): Portico's own address that posts an unsolicited Response to the default ACS URL.
  continueUrl: (row, publicUrl) => `${publicUrl}${SAML_MOUNT_PATH}/start/${encodeURIComponent(row.id)}`,

  signsPeopleIn: () => true,
};
