/**
 * XML as the SAML IdP takes it from the outside: bounded in size (and in what a deflated message may
 * expand to), never with a DOCTYPE (so no DTD, no entity expansion, no external entity), parsed by
 * @xmldom/xmldom with every warning an error; and written by escaping every value.
 */
import { randomBytes } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { fail } from '../errors.ts';

/** The largest AuthnRequest taken, before and after inflating: real ones are under 4 KiB. */
export const SAML_MESSAGE_MAX_BYTES = 64 * 1024;

export const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
  metadata: 'urn:oasis:names:tc:SAML:2.0:metadata',
} as const;

const tooLarge = () => fail('saml.request_too_large', `The SAML message is larger than ${SAML_MESSAGE_MAX_BYTES / 1024} KiB.`);
const malformed = (why: string) => fail('saml.invalid_request', `The SAML message is malformed: ${why}.`);

/** A base64 message, as the HTTP-POST binding carries it, or base64 of raw DEFLATE, as HTTP-Redirect does (SAML Bindings §3.4.4.1). */
export function decodeMessage(b64: unknown, deflated: boolean): string {
  if (typeof b64 !== 'string' || !b64) throw malformed('no SAMLRequest');
  if (b64.length > (SAML_MESSAGE_MAX_BYTES * 4) / 3 + 4) throw tooLarge();
  const bytes = Buffer.from(b64, 'base64');
  // HTTP-POST carries the XML itself (SAML Bindings §3.5.4), but some SPs (@node-saml/node-saml among
  // them) deflate it there too: what is not XML is read as DEFLATE, with the same limits.
  if (!deflated && /^\s*</.test(bytes.subarray(0, 64).toString('utf8').replace(/^\uFEFF/, ''))) return bytes.toString('utf8');
  try {
    // A deflate bomb stops at the limit: maxOutputLength makes inflate throw rather than expand further.
    return inflateRawSync(bytes, { maxOutputLength: SAML_MESSAGE_MAX_BYTES }).toString('utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    throw malformed('not DEFLATE data');
  }
}

/**
 * The document, refused if it declares a DOCTYPE or is not well-formed. A message's limit and refusal
 * unless the caller reads something else (an SP's metadata, ./sp-metadata.ts): then its own limit, which
 * it checks first, and its own refusal, told why.
 */
export function parseXml(xml: string, as: { maxBytes: number; refuse: (why: string) => Error } = { maxBytes: SAML_MESSAGE_MAX_BYTES, refuse: malformed }): Document {
  if (Buffer.byteLength(xml) > as.maxBytes) throw tooLarge();
  // No DTD at all (SAML never needs one): entity expansion and external entities cannot happen.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw as.refuse('a DOCTYPE is not allowed');
  let problem: string | undefined;
  let doc: Document | undefined;
  try {
    doc = new DOMParser({ onError: (_level, message) => void (problem ??= message) }).parseFromString(xml, 'text/xml');
  } catch (error) {
    problem ??= (error as Error).message;
  }
  if (problem || !doc?.documentElement) throw as.refuse(problem ?? 'no document element');
  return doc;
}

/** The element's children in `ns` named `name`, in document order. */
export const children = (parent: Element, ns: string, name: string): Element[] =>
  Array.from(parent.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === name);

/** The element's only child in `ns` named `name`, or undefined (several are malformed). */
export function child(parent: Element, ns: string, name: string): Element | undefined {
  const found = children(parent, ns, name);
  if (found.length > 1) throw malformed(`more than one ${name}`);
  return found[0];
}

export const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** A message or assertion ID: 160 random bits, starting with a letter or underscore as xs:ID requires (SAML 2.0 Core §1.3.4). */
export const newMessageId = () => `_${randomBytes(20).toString('hex')}`;
/** An xs:dateTime in UTC without fractions, as SAML SPs parse most reliably. */
export const samlInstant = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
