import { test } from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto, X509Certificate } from 'node:crypto';
import { generateServiceProviderMetadata } from '@node-saml/node-saml';
import 'reflect-metadata';
import { X509CertificateGenerator } from '@peculiar/x509';
import { PorticoError } from '../errors.ts';
import { readSpMetadata, SP_METADATA_MAX_BYTES } from './sp-metadata.ts';

const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const MD = 'xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"';
const DS = 'xmlns:ds="http://www.w3.org/2000/09/xmldsig#"';

/** An RSA key and its self-signed certificate, as an SP administrator makes them. */
async function keyAndCertificate(name: string) {
  const keys = (await webcrypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await X509CertificateGenerator.createSelfSigned({ name: `CN=${name}`, keys, signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, notAfter: new Date(Date.now() + 365 * 86400_000) }, webcrypto as unknown as Crypto);
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  return { certificate: cert.toString('pem'), privateKey: `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n` };
}
const [signing, encryption] = await Promise.all([keyAndCertificate('SP signing'), keyAndCertificate('SP encryption')]);
const ecCertificate = await (async () => {
  const keys = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  return (await X509CertificateGenerator.createSelfSigned({ name: 'CN=SP EC', keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } }, webcrypto as unknown as Crypto)).toString('pem');
})();
const body = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
const pem = (cert: string) => new X509Certificate(cert).toString();

function refused(fn: () => unknown, code: string, message?: RegExp) {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof PorticoError, String(error));
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return true;
  });
}

/** An identity provider's metadata: no SPSSODescriptor. */
const idp = (entityId: string) =>
  `<md:EntityDescriptor ${MD} entityID="${entityId}"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:SingleSignOnService Binding="${REDIRECT}" Location="${entityId}/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>`;
const sp = (entityId: string, inner: string, attrs = '') =>
  `<md:EntityDescriptor ${MD} ${DS} entityID="${entityId}"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"${attrs}>${inner}</md:SPSSODescriptor></md:EntityDescriptor>`;
const acs = (url: string, o: { binding?: string; index?: number; isDefault?: boolean } = {}) =>
  `<md:AssertionConsumerService Binding="${o.binding ?? POST}" Location="${url}" index="${o.index ?? 0}"${o.isDefault ? ' isDefault="true"' : ''}/>`;
const key = (cert: string, use?: string) => `<md:KeyDescriptor${use ? ` use="${use}"` : ''}><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;

test("@node-saml/node-saml's SP metadata, signed, with both keys: every setting read", () => {
  const xml = generateServiceProviderMetadata({
    issuer: 'https://sp.example.com/metadata',
    callbackUrl: 'https://sp.example.com/saml/acs',
    logoutCallbackUrl: 'https://sp.example.com/saml/logout',
    identifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    wantAssertionsSigned: true,
    privateKey: signing.privateKey,
    publicCerts: signing.certificate,
    decryptionPvk: encryption.privateKey,
    decryptionCert: encryption.certificate,
    signMetadata: true,
    signatureAlgorithm: 'sha256',
  });
  const { settings, warnings } = readSpMetadata(xml);
  assert.deepEqual(settings, {
    entityId: 'https://sp.example.com/metadata',
    acsUrls: ['https://sp.example.com/saml/acs'],
    sloUrl: 'https://sp.example.com/saml/logout',
    spCertificate: pem(signing.certificate),
    encryptionCertificate: pem(encryption.certificate),
    requireSignedRequests: true,
    signAssertion: true,
    encryptAssertion: true,
    nameIdFormat: 'emailAddress',
  });
  assert.match(settings.spCertificate!, /^-----BEGIN CERTIFICATE-----\n/);
  assert.deepEqual(warnings.length, 1);
  assert.match(warnings[0], /signed; Portico does not check metadata signatures/);
});

test("@node-saml/node-saml's SP metadata without keys: no certificates, nothing required, the NameID format its default (emailAddress)", () => {
  const xml = generateServiceProviderMetadata({ issuer: 'urn:sp:plain', callbackUrl: 'http://127.0.0.1:8080/acs', wantAssertionsSigned: false });
  const { settings, warnings } = readSpMetadata(xml);
  assert.deepEqual(settings, { entityId: 'urn:sp:plain', acsUrls: ['http://127.0.0.1:8080/acs'], sloUrl: null, spCertificate: null, encryptionCertificate: null, requireSignedRequests: false, nameIdFormat: 'emailAddress' });
  assert.deepEqual(warnings, []);
});

test('an EntitiesDescriptor with two SPs (and an IdP): the one chosen; none chosen is an error listing them', () => {
  const xml = `<?xml version="1.0"?><md:EntitiesDescriptor ${MD}>${sp('https://a.example.com', acs('https://a.example.com/acs'))}<md:EntitiesDescriptor>${sp('https://b.example.com', acs('https://b.example.com/acs'))}</md:EntitiesDescriptor>${idp('https://idp.example.com')}</md:EntitiesDescriptor>`;
  assert.throws(() => readSpMetadata(xml), (error: PorticoError) => {
    assert.equal(error.code, 'saml.metadata_entity_required');
    assert.match(error.message, /2 service providers.*https:\/\/a\.example\.com, https:\/\/b\.example\.com/);
    assert.deepEqual(error.detail, { entityIds: ['https://a.example.com', 'https://b.example.com'] });
    assert.equal(error.field, '/entityId');
    return true;
  });
  assert.deepEqual(readSpMetadata(xml, { entityId: 'https://b.example.com' }).settings.acsUrls, ['https://b.example.com/acs']);
  refused(() => readSpMetadata(xml, { entityId: 'https://c.example.com' }), 'saml.metadata_unknown_entity', /no entity https:\/\/c\.example\.com/);
  refused(() => readSpMetadata(xml, { entityId: 'https://idp.example.com' }), 'saml.metadata_invalid', /has no SPSSODescriptor/);
  // One SP among other entities is taken without being named.
  const one = `<md:EntitiesDescriptor ${MD}>${sp('https://a.example.com', acs('https://a.example.com/acs'))}</md:EntitiesDescriptor>`;
  assert.equal(readSpMetadata(one).settings.entityId, 'https://a.example.com');
});

test('a DOCTYPE is refused (no entity is ever expanded), as is what is not XML', () => {
  const xxe = `<?xml version="1.0"?><!DOCTYPE md:EntityDescriptor [<!ENTITY x SYSTEM "file:///etc/passwd">]>${sp('https://sp.example.com', `${acs('https://sp.example.com/acs')}<md:NameIDFormat>&x;</md:NameIDFormat>`)}`;
  refused(() => readSpMetadata(xxe), 'saml.metadata_invalid', /DOCTYPE is not allowed/);
  refused(() => readSpMetadata('{"not": "xml"}'), 'saml.metadata_invalid');
  refused(() => readSpMetadata('<html><body>Not found</body></html>'), 'saml.metadata_invalid', /a html.*not an md:EntityDescriptor/);
});

test('unsupported bindings are skipped with a warning; the default ACS first, then by index; the first usable logout service', () => {
  const xml = sp(
    'https://sp.example.com',
    [
      '<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:SOAP" Location="https://sp.example.com/slo/soap"/>',
      `<md:SingleLogoutService Binding="${REDIRECT}" Location="https://sp.example.com/slo/redirect"/>`,
      `<md:SingleLogoutService Binding="${POST}" Location="https://sp.example.com/slo/post"/>`,
      '<md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:kerberos</md:NameIDFormat>',
      '<md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>',
      acs('https://sp.example.com/acs/3', { index: 3 }),
      acs('https://sp.example.com/artifact', { binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact', index: 0 }),
      acs('https://sp.example.com/acs/2', { index: 2, isDefault: true }),
      acs('https://sp.example.com/acs/1', { index: 1 }),
      acs('https://sp.example.com/paos', { binding: 'urn:oasis:names:tc:SAML:2.0:bindings:PAOS', index: 4 }),
    ].join(''),
    ' WantAssertionsSigned="false"',
  );
  const { settings, warnings } = readSpMetadata(xml);
  assert.deepEqual(settings.acsUrls, ['https://sp.example.com/acs/2', 'https://sp.example.com/acs/1', 'https://sp.example.com/acs/3']);
  assert.equal(settings.sloUrl, 'https://sp.example.com/slo/redirect');
  assert.equal(settings.nameIdFormat, 'persistent');
  assert.equal(settings.signAssertion, undefined);
  assert.equal(warnings.length, 3, warnings.join('\n'));
  assert.match(warnings[0], /https:\/\/sp\.example\.com\/artifact skipped: its binding .*HTTP-Artifact is not HTTP-POST/);
  assert.match(warnings[1], /https:\/\/sp\.example\.com\/paos skipped: its binding .*PAOS/);
  assert.match(warnings[2], /single logout URL but no signing certificate/);

  const onlyArtifact = sp('https://sp.example.com', acs('https://sp.example.com/artifact', { binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact' }));
  refused(() => readSpMetadata(onlyArtifact), 'saml.metadata_invalid', /no Assertion Consumer Service with the HTTP-POST binding/);
  const soapOnly = sp('https://sp.example.com', `<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:SOAP" Location="https://sp.example.com/slo"/>${acs('https://sp.example.com/acs')}`);
  const read = readSpMetadata(soapOnly);
  assert.equal(read.settings.sloUrl, null);
  assert.match(read.warnings.join('\n'), /neither HTTP-Redirect nor HTTP-POST/);
});

test('certificates: one without use serves both; a certificate that does not parse is refused; signed requests need one', () => {
  // One for any use serves both, but says nothing of the SP decrypting: encryption is not turned on.
  const both = readSpMetadata(sp('https://sp.example.com', `${key(body(signing.certificate))}${acs('https://sp.example.com/acs')}`, ' AuthnRequestsSigned="true"'));
  assert.equal(both.settings.spCertificate, pem(signing.certificate));
  assert.equal(both.settings.encryptionCertificate, pem(signing.certificate));
  assert.equal(both.settings.requireSignedRequests, true);
  assert.equal(both.settings.encryptAssertion, undefined);

  const split = readSpMetadata(sp('https://sp.example.com', `${key(body(encryption.certificate), 'encryption')}${key(body(signing.certificate), 'signing')}${acs('https://sp.example.com/acs')}`));
  assert.equal(split.settings.spCertificate, pem(signing.certificate));
  assert.equal(split.settings.encryptionCertificate, pem(encryption.certificate));
  assert.equal(split.settings.requireSignedRequests, false);
  assert.equal(split.settings.encryptAssertion, true);
  // A certificate said to be for a use comes before one for any use.
  const explicit = readSpMetadata(sp('https://sp.example.com', `${key(body(signing.certificate))}${key(body(encryption.certificate), 'encryption')}${acs('https://sp.example.com/acs')}`));
  assert.equal(explicit.settings.encryptionCertificate, pem(encryption.certificate));
  assert.equal(explicit.settings.spCertificate, pem(signing.certificate));
  // Assertions are encrypted to RSA keys only.
  const ec = readSpMetadata(sp('https://sp.example.com', `${key(body(ecCertificate), 'encryption')}${acs('https://sp.example.com/acs')}`));
  assert.equal(ec.settings.encryptionCertificate, null);
  assert.equal(ec.settings.encryptAssertion, undefined);
  assert.match(ec.warnings.join('\n'), /key of type ec: Portico encrypts assertions to RSA keys only/);

  const garbled = body(signing.certificate).slice(0, 400); // base64 still, DER cut short
  refused(() => readSpMetadata(sp('https://sp.example.com', `${key(garbled, 'signing')}${acs('https://sp.example.com/acs')}`)), 'saml.metadata_invalid', /certificate for signing is not a base64 X\.509 certificate/);
  refused(() => readSpMetadata(sp('https://sp.example.com', `${key('not base64!', 'encryption')}${acs('https://sp.example.com/acs')}`)), 'saml.metadata_invalid', /certificate for encryption/);

  const unsigned = readSpMetadata(sp('https://sp.example.com', acs('https://sp.example.com/acs'), ' AuthnRequestsSigned="true"'));
  assert.equal(unsigned.settings.requireSignedRequests, false);
  assert.match(unsigned.warnings.join('\n'), /gives no signing certificate/);
});

test('what is not SP metadata is refused with the reason: an IdP, no entityID, too large', () => {
  refused(() => readSpMetadata(idp('https://idp.example.com')), 'saml.metadata_invalid', /https:\/\/idp\.example\.com has no SPSSODescriptor/);
  refused(() => readSpMetadata(sp('', acs('https://sp.example.com/acs'))), 'saml.metadata_invalid', /no entityID/);
  refused(() => readSpMetadata(sp('https://sp.example.com', `<!-- ${'x'.repeat(SP_METADATA_MAX_BYTES)} -->`)), 'saml.metadata_too_large');
  // Larger than an AuthnRequest may be (64 KiB), within the metadata's limit: read.
  const padded = sp('https://sp.example.com', `<!-- ${'x'.repeat(200 * 1024)} -->${acs('https://sp.example.com/acs')}`);
  assert.equal(readSpMetadata(padded).settings.entityId, 'https://sp.example.com');
});
