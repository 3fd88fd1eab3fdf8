/** The console's "Import from SP metadata", without a browser: what it asks for, and which form fields the answer fills. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NEW_APPLICATION, bodyOf, checkForm } from '../web/src/pages/applications/applicationForm.ts';
import { importedValues, importRequest, type SamlMetadataImport } from '../web/src/pages/applications/saml/samlImport.ts';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const imported: SamlMetadataImport['settings'] = {
  entityId: 'https://sp.example.com/metadata',
  acsUrls: ['https://sp.example.com/acs', 'https://sp.example.com/acs2'],
  sloUrl: null,
  spCertificate: CERT,
  encryptionCertificate: null,
  requireSignedRequests: false,
  signAssertion: true,
  nameIdFormat: 'persistent',
};

test('the request: the URL or the XML, and the SP chosen when one is', () => {
  assert.equal(importRequest('url', '  ', ''), undefined);
  assert.deepEqual(importRequest('url', ' https://sp.example.com/md ', ''), { url: 'https://sp.example.com/md' });
  assert.deepEqual(importRequest('xml', '<md:EntitiesDescriptor/>', ' https://b.example.com '), { xml: '<md:EntitiesDescriptor/>', entityId: 'https://b.example.com' });
});

test('the answer fills only what the metadata gave: no SLO URL or encryption certificate in it leaves those fields; signed requests are never turned off', () => {
  const before = { ...NEW_APPLICATION, protocol: 'saml', name: 'Expenses', sloUrl: 'https://kept.example.com/slo', encryptionCertificate: 'kept', requireSignedRequests: true };
  const form = { ...before, ...importedValues(imported) };
  assert.equal(form.entityId, imported.entityId);
  assert.deepEqual(form.acsUrls, imported.acsUrls);
  assert.equal(form.spCertificate, CERT.trim());
  assert.equal(form.sloUrl, 'https://kept.example.com/slo');
  assert.equal(form.encryptionCertificate, 'kept');
  assert.equal(form.requireSignedRequests, true);
  assert.equal(form.nameIdFormat, 'persistent');
  assert.equal(form.encryptAssertion, false);

  const full = { ...NEW_APPLICATION, protocol: 'saml', name: 'Expenses', ...importedValues({ ...imported, sloUrl: 'https://sp.example.com/slo', encryptionCertificate: CERT, requireSignedRequests: true, encryptAssertion: true }) };
  assert.equal(full.sloUrl, 'https://sp.example.com/slo');
  assert.equal(full.encryptionCertificate, CERT.trim());
  assert.equal(full.encryptAssertion, true);
  assert.equal(full.requireSignedRequests, true);
  // What the form then sends is what was imported, once reviewed.
  assert.deepEqual(checkForm(full, false), {});
  const { body } = bodyOf(full);
  assert.equal(body.entityId, imported.entityId);
  assert.deepEqual(body.acsUrls, imported.acsUrls);
  assert.equal(body.sloUrl, 'https://sp.example.com/slo');
  assert.equal(body.encryptionCertificate, CERT.trim());
});
