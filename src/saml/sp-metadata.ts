/**
 * A service provider's SAML 2.0 metadata (SAML 2.0 Metadata §2.3.2, §2.4.4) read into the settings a SAML
 * application takes, for an administrator to review: its entity ID, its ACS URLs (HTTP-POST, the default
 * first), its single logout URL, its certificates, what it signs and wants signed, its NameID format. What
 * Portico cannot use is left out with a warning. Pure: no store, no network (./metadata-fetch.ts fetches).
 */
import { X509Certificate } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { fail } from '../errors.ts';
import { MAX_ACS_URLS } from '../protocols/saml/settings.ts';
import { SAML_NAMEID_FORMAT_URIS, SAML_NAMEID_FORMATS, type ImportedSamlSettings, type SamlMetadataImport, type SamlNameIdFormat } from '../protocols/saml/views.ts';
import { children, NS, parseXml } from './xml.ts';

/**
 * The largest metadata read, pasted or fetched: one SP's is a few KiB (certificates, a handful of
 * endpoints, contacts); 512 KiB leaves room for a small EntitiesDescriptor without reading a federation's.
 */
export const SP_METADATA_MAX_BYTES = 512 * 1024;

const BINDING = {
  post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
} as const;
const SAML2_PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';

/** Entity IDs named in an error: enough to choose from, not a federation's list. */
const MAX_LISTED_ENTITIES = 50;

const invalidMetadata = (why: string) => fail('saml.metadata_invalid', `This is not SP metadata Portico can read: ${why}.`);

const attr = (e: Element, name: string) => e.getAttribute(name)?.trim() || undefined;
/** xs:boolean: "true" or "1". */
const isTrue = (value: string | undefined) => value === 'true' || value === '1';

/**
 * Reads an md:EntityDescriptor, or one SP of an md:EntitiesDescriptor (`entityId` chooses when it holds
 * several). Refuses what is not SAML 2.0 SP metadata, with the reason (`saml.metadata_invalid`).
 */
export function readSpMetadata(xml: string, options: { entityId?: string } = {}): SamlMetadataImport {
  if (Buffer.byteLength(xml) > SP_METADATA_MAX_BYTES) throw fail('saml.metadata_too_large', `The metadata is larger than ${SP_METADATA_MAX_BYTES / 1024} KiB.`);
  const chosen = options.entityId?.trim() || undefined;
  // Not well-formed, or with a DOCTYPE: refused as metadata, with the parser's reason.
  const root = parseXml(xml.replace(/^\uFEFF/, ''), { maxBytes: SP_METADATA_MAX_BYTES, refuse: invalidMetadata }).documentElement!;
  const warnings: string[] = [];
  const entity = chooseEntity(root, chosen);
  const entityId = attr(entity, 'entityID');
  if (!entityId) throw invalidMetadata('the EntityDescriptor has no entityID');
  if (entityId.length > 1024) throw invalidMetadata('the entityID is longer than 1024 characters');

  const descriptors = children(entity, NS.metadata, 'SPSSODescriptor');
  if (!descriptors.length) throw invalidMetadata(`${entityId} has no SPSSODescriptor (it is not a service provider)`);
  const sp = descriptors.find((d) => (attr(d, 'protocolSupportEnumeration') ?? '').split(/\s+/).includes(SAML2_PROTOCOL));
  if (!sp) throw invalidMetadata(`the SPSSODescriptor of ${entityId} does not support SAML 2.0 (protocolSupportEnumeration)`);

  if (children(entity, NS.dsig, 'Signature').length || children(root, NS.dsig, 'Signature').length) {
    warnings.push("The metadata is signed; Portico does not check metadata signatures: make sure it came from the SP's administrator.");
  }
  const validUntil = attr(entity, 'validUntil') ?? attr(root, 'validUntil');
  if (validUntil && Date.parse(validUntil) < Date.now()) warnings.push(`The metadata expired on ${validUntil} (validUntil): ask the SP for current metadata.`);

  const acsUrls = assertionConsumerServices(sp, warnings);
  const keys = certificates(sp, warnings);
  const sloUrl = singleLogoutService(sp, warnings);
  if (sloUrl && !keys.signing) warnings.push('The SP has a single logout URL but no signing certificate: Portico checks signed LogoutRequests with it, so give the certificate before saving.');
  const settings: ImportedSamlSettings = {
    entityId,
    acsUrls,
    sloUrl,
    spCertificate: keys.signing,
    encryptionCertificate: keys.encryption,
    requireSignedRequests: false,
  };
  if (isTrue(attr(sp, 'AuthnRequestsSigned'))) {
    if (keys.signing) settings.requireSignedRequests = true;
    else warnings.push('The SP signs its AuthnRequests (AuthnRequestsSigned) but gives no signing certificate: signed requests are not required.');
  }
  if (isTrue(attr(sp, 'WantAssertionsSigned'))) settings.signAssertion = true;
  if (keys.decrypts) settings.encryptAssertion = true;
  const format = nameIdFormat(sp, warnings);
  if (format) settings.nameIdFormat = format;
  return { settings, warnings };
}

/** The EntityDescriptor to read: the root, or the SP `chosen` (or the only SP) of an EntitiesDescriptor, nested ones included. */
function chooseEntity(root: Element, chosen: string | undefined): Element {
  if (root.namespaceURI !== NS.metadata || (root.localName !== 'EntityDescriptor' && root.localName !== 'EntitiesDescriptor')) {
    throw invalidMetadata(`the document is ${root.localName ? `a ${root.localName}` : 'not XML metadata'}${root.namespaceURI ? ` (${root.namespaceURI})` : ''}, not an md:EntityDescriptor or md:EntitiesDescriptor`);
  }
  const all: Element[] = [];
  const collect = (e: Element) => {
    if (e.localName === 'EntityDescriptor') all.push(e);
    else for (const inner of [...children(e, NS.metadata, 'EntityDescriptor'), ...children(e, NS.metadata, 'EntitiesDescriptor')]) collect(inner);
  };
  collect(root);
  const sps = all.filter((e) => children(e, NS.metadata, 'SPSSODescriptor').length);
  const listed = (es: Element[]) => es.slice(0, MAX_LISTED_ENTITIES).map((e) => attr(e, 'entityID') ?? '');
  if (chosen) {
    const found = all.find((e) => attr(e, 'entityID') === chosen);
    if (found) return found;
    throw fail('saml.metadata_unknown_entity', `The metadata describes no entity ${chosen}; its service providers: ${listed(sps).join(', ') || 'none'}.`, {
      field: '/entityId',
      detail: { entityIds: listed(sps) },
    });
  }
  if (root.localName === 'EntityDescriptor') return root;
  if (sps.length === 1) return sps[0];
  if (!sps.length) throw invalidMetadata('the EntitiesDescriptor holds no service provider (SPSSODescriptor)');
  throw fail('saml.metadata_entity_required', `The metadata describes ${sps.length} service providers: choose one by its entity ID (${listed(sps).join(', ')}).`, {
    field: '/entityId',
    detail: { entityIds: listed(sps) },
  });
}

/** HTTP-POST ACS URLs: isDefault="true" first, then by index (those without one last, in document order). */
function assertionConsumerServices(sp: Element, warnings: string[]): string[] {
  const posted: { url: string; index: number; isDefault: boolean; order: number }[] = [];
  children(sp, NS.metadata, 'AssertionConsumerService').forEach((acs, order) => {
    const url = attr(acs, 'Location');
    const binding = attr(acs, 'Binding') ?? '(none)';
    if (binding !== BINDING.post) {
      warnings.push(`Assertion Consumer Service ${url ?? '(no Location)'} skipped: its binding ${binding} is not HTTP-POST, the only one Portico answers with.`);
      return;
    }
    if (!url) return void warnings.push('An HTTP-POST Assertion Consumer Service without a Location was skipped.');
    const index = Number(attr(acs, 'index'));
    posted.push({ url, index: Number.isInteger(index) && index >= 0 ? index : Number.MAX_SAFE_INTEGER, isDefault: isTrue(attr(acs, 'isDefault')), order });
  });
  posted.sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.index - b.index || a.order - b.order);
  const urls = [...new Set(posted.map((p) => p.url))];
  if (!urls.length) throw invalidMetadata('the SP has no Assertion Consumer Service with the HTTP-POST binding');
  if (urls.length > MAX_ACS_URLS) {
    warnings.push(`The SP lists ${urls.length} HTTP-POST Assertion Consumer Services; the first ${MAX_ACS_URLS} were taken.`);
    return urls.slice(0, MAX_ACS_URLS);
  }
  return urls;
}

function singleLogoutService(sp: Element, warnings: string[]): string | null {
  const services = children(sp, NS.metadata, 'SingleLogoutService');
  const usable = services.find((s) => (attr(s, 'Binding') === BINDING.redirect || attr(s, 'Binding') === BINDING.post) && attr(s, 'Location'));
  if (usable) return attr(usable, 'Location')!;
  if (services.length) warnings.push('The SP\'s Single Logout Services use neither HTTP-Redirect nor HTTP-POST: no single logout URL was taken.');
  return null;
}

/**
 * The certificate for each use: the first said to be for it, else the first for any use (no `use`); every
 * one given must parse.
 */
function certificates(sp: Element, warnings: string[]): { signing: string | null; encryption: string | null; decrypts: boolean } {
  const found = { signing: [] as X509Certificate[], encryption: [] as X509Certificate[], any: [] as X509Certificate[] };
  for (const key of children(sp, NS.metadata, 'KeyDescriptor')) {
    const use = attr(key, 'use');
    if (use && use !== 'signing' && use !== 'encryption') {
      warnings.push(`A KeyDescriptor with use="${use}" was skipped.`);
      continue;
    }
    const keyInfo = children(key, NS.dsig, 'KeyInfo')[0];
    const base64 = keyInfo && children(keyInfo, NS.dsig, 'X509Data').flatMap((d) => children(d, NS.dsig, 'X509Certificate'))[0]?.textContent;
    if (!base64?.trim()) {
      warnings.push(`A KeyDescriptor${use ? ` for ${use}` : ''} without an X.509 certificate was skipped.`);
      continue;
    }
    const cert = certificate(base64, use ?? 'signing and encryption', warnings);
    // Assertions are encrypted with RSA-OAEP (./encrypt.ts): no other key can be encrypted to.
    if (use === 'encryption' && !isRsa(cert)) {
      warnings.push(`The encryption certificate has a key of type ${cert.publicKey.asymmetricKeyType}: Portico encrypts assertions to RSA keys only, so it was not taken.`);
      continue;
    }
    found[(use as 'signing' | 'encryption' | undefined) ?? 'any'].push(cert);
  }
  const pems = (certs: X509Certificate[]) => [...new Set(certs.map((c) => c.toString()))];
  const signing = pems([...found.signing, ...found.any]);
  const encryption = pems([...found.encryption, ...found.any.filter(isRsa)]);
  if (signing.length > 1) warnings.push(`The SP lists ${signing.length} signing certificates (a key rollover?); the first was taken.`);
  if (encryption.length > 1) warnings.push(`The SP lists ${encryption.length} encryption certificates; the first was taken.`);
  return { signing: signing[0] ?? null, encryption: encryption[0] ?? null, decrypts: found.encryption.length > 0 };
}

const isRsa = (cert: X509Certificate) => cert.publicKey.asymmetricKeyType === 'rsa';

/** ds:X509Certificate's base64 DER, refused unless it parses as an X.509 certificate. */
function certificate(base64: string, use: string, warnings: string[]): X509Certificate {
  const compact = base64.replace(/\s+/g, '');
  let cert: X509Certificate;
  try {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) throw new Error('not base64');
    cert = new X509Certificate(Buffer.from(compact, 'base64'));
  } catch {
    throw invalidMetadata(`the certificate for ${use} is not a base64 X.509 certificate`);
  }
  if (Date.parse(cert.validTo) < Date.now()) warnings.push(`The certificate for ${use} (${cert.subject.replace(/\n/g, ', ')}) expired on ${new Date(cert.validTo).toISOString().slice(0, 10)}.`);
  return cert;
}

function nameIdFormat(sp: Element, warnings: string[]): SamlNameIdFormat | undefined {
  const given = children(sp, NS.metadata, 'NameIDFormat').map((e) => e.textContent?.trim() ?? '').filter(Boolean);
  const known = given.map((uri) => SAML_NAMEID_FORMATS.find((f) => SAML_NAMEID_FORMAT_URIS[f] === uri)).find((f) => f !== undefined);
  if (given.length && !known) warnings.push(`None of the SP's NameID formats (${given.join(', ')}) is one Portico answers with: the NameID format was left as it is.`);
  return known;
}
