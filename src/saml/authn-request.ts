/**
 * An SP's AuthnRequest (SAML 2.0 Core §3.4.1), read from either binding, and its signature checked
 * with the SP's certificate: over the query string's octets for HTTP-Redirect (SAML Bindings
 * §3.4.4.1), or an enveloped XML signature for HTTP-POST that must sign the request's own root element
 * and nothing else (no signature wrapping: the element read is the element signed).
 */
import { createPublicKey, verify } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import type { Element } from '@xmldom/xmldom';
import { fail } from '../errors.ts';
import { child, NS, parseXml } from './xml.ts';

/** Signature algorithms taken: RSA with SHA-256 (SHA-1 is refused, as collisions exist). */
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const HTTP_POST_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

export interface AuthnRequest {
  id: string;
  issuer: string;
  issueInstant: string;
  destination?: string;
  acsUrl?: string;
  acsIndex?: number;
  forceAuthn: boolean;
  isPassive: boolean;
  /** The parsed document and its root (an HTTP-POST request's signature is checked on them). */
  xml: string;
  root: Element;
}

const malformed = (why: string) => fail('saml.invalid_request', `The AuthnRequest is malformed: ${why}.`);
const bool = (v: string | null) => v === 'true' || v === '1';

export function readAuthnRequest(xml: string): AuthnRequest {
  const root = parseXml(xml).documentElement!;
  if (root.namespaceURI !== NS.protocol || root.localName !== 'AuthnRequest') throw malformed('not an AuthnRequest');
  const id = root.getAttribute('ID') ?? '';
  if (!/^[A-Za-z_][\w.-]{0,255}$/.test(id)) throw malformed('no valid ID');
  if (root.getAttribute('Version') !== '2.0') throw malformed('not SAML 2.0');
  const issuer = child(root, NS.assertion, 'Issuer')?.textContent?.trim();
  if (!issuer) throw malformed('no Issuer');
  const binding = root.getAttribute('ProtocolBinding');
  if (binding && binding !== HTTP_POST_BINDING) throw malformed(`the response binding ${binding} is not offered (HTTP-POST only)`);
  const index = root.getAttribute('AssertionConsumerServiceIndex');
  return {
    id,
    issuer,
    issueInstant: root.getAttribute('IssueInstant') ?? '',
    destination: root.getAttribute('Destination') || undefined,
    acsUrl: root.getAttribute('AssertionConsumerServiceURL') || undefined,
    acsIndex: index !== null && /^\d{1,3}$/.test(index) ? Number(index) : undefined,
    forceAuthn: bool(root.getAttribute('ForceAuthn')),
    isPassive: bool(root.getAttribute('IsPassive')),
    xml,
    root,
  };
}

/** Whether an HTTP-POST request carries an enveloped signature (a ds:Signature child of its root). */
export const isSignedPost = (r: AuthnRequest) => child(r.root, NS.dsig, 'Signature') !== undefined;

/** Checks an HTTP-POST request's enveloped signature: exactly one reference, to the root's ID, RSA-SHA256, valid under `certificate`. */
export function checkPostSignature(r: AuthnRequest, certificate: string): void {
  const signature = child(r.root, NS.dsig, 'Signature')!;
  const signed = new SignedXml({ publicCert: certificate, getCertFromKeyInfo: () => null });
  try {
    signed.loadSignature(signature as unknown as Node); // an xmldom node, as xml-crypto itself parses with xmldom
    const references = signed.getReferences();
    if (signed.signatureAlgorithm !== RSA_SHA256 || references.length !== 1 || references[0].uri !== `#${r.id}`) throw new Error('reference');
    if (!signed.checkSignature(r.xml)) throw new Error('signature');
  } catch {
    throw fail('saml.signature_invalid', "The AuthnRequest's signature does not verify with the application's certificate.");
  }
}

/**
 * Checks an HTTP-Redirect request's signature: over `SAMLRequest=…&RelayState=…&SigAlg=…` exactly as the
 * URL-encoded values arrived (the raw query string), with RSA-SHA256 under `certificate`.
 */
export function checkRedirectSignature(rawQuery: string, certificate: string): void {
  const raw = new Map<string, string>();
  for (const pair of rawQuery.split('&')) {
    const eq = pair.indexOf('=');
    if (eq > 0) raw.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  const sigAlg = raw.get('SigAlg');
  const signature = raw.get('Signature');
  const refuse = () => fail('saml.signature_invalid', "The AuthnRequest's signature does not verify with the application's certificate.");
  if (!sigAlg || !signature || decodeURIComponent(sigAlg) !== RSA_SHA256) throw refuse();
  const octets = [`SAMLRequest=${raw.get('SAMLRequest') ?? ''}`, ...(raw.has('RelayState') ? [`RelayState=${raw.get('RelayState')}`] : []), `SigAlg=${sigAlg}`].join('&');
  let ok = false;
  try {
    ok = verify('sha256', Buffer.from(octets), createPublicKey(certificate), Buffer.from(decodeURIComponent(signature), 'base64'));
  } catch {
    ok = false;
  }
  if (!ok) throw refuse();
}
