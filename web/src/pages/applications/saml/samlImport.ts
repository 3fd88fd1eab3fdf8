/**
 * "Import from SP metadata": what the server reads from an SP's metadata (POST /applications/saml-metadata,
 * src/saml/sp-metadata.ts), and the form values it fills: only those the metadata gave, the rest left as
 * they are for the administrator to review before saving.
 */
import type { ImportedSamlSettings } from '../../../../../src/protocols/saml/views.ts';
import type { SamlForm } from './samlForm.ts';

/** The server's answer (null: the metadata has none; left out: it says nothing). */
export type { SamlMetadataImport } from '../../../../../src/protocols/saml/views.ts';

/** What to ask for: the metadata's URL or the XML itself, and which SP of several. */
export function importRequest(source: 'url' | 'xml', text: string, entityId: string): Record<string, string> | undefined {
  const value = source === 'url' ? text.trim() : text;
  if (!value.trim()) return undefined;
  return { [source]: value, ...(entityId.trim() ? { entityId: entityId.trim() } : {}) };
}

/**
 * The form values the import fills. What the metadata does not say is not touched: no certificate in it
 * leaves the one in the form, and signed requests are only ever turned on (an SP that does not sign
 * them says nothing, which must not lift a requirement an administrator set).
 */
export function importedValues(s: ImportedSamlSettings): Partial<SamlForm> {
  const values: Partial<SamlForm> = { entityId: s.entityId, acsUrls: [...s.acsUrls] };
  if (s.sloUrl) values.sloUrl = s.sloUrl;
  if (s.spCertificate) values.spCertificate = s.spCertificate.trim();
  if (s.encryptionCertificate) values.encryptionCertificate = s.encryptionCertificate.trim();
  if (s.requireSignedRequests) values.requireSignedRequests = true;
  if (s.signAssertion) values.signAssertion = true;
  if (s.encryptAssertion) values.encryptAssertion = true;
  if (s.nameIdFormat) values.nameIdFormat = s.nameIdFormat;
  return values;
}
