/**
 * An SP's signature on what it sends (an AuthnRequest, a LogoutRequest), checked with its certificate:
 * over the query string's octets for HTTP-Redirect (SAML Bindings §3.4.4.1), or an enveloped XML
 * signature for HTTP-POST that must sign the message's own root element and nothing else (no
 * signature wrapping: the element read is the element signed).
 */
import { createPublicKey, verify } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import type { Element } from '@xmldom/xmldom';
import { fail } from '../errors.ts';
import { RSA_SHA256 } from './sign.ts';
import { child, NS } from './xml.ts';

/** A message as read: its ID, its XML and its parsed root (an HTTP-POST message's signature is checked on them). */
export interface SignableMessage {
  id: string;
  xml: string;
  root: Element;
}

const refuse = () => fail('saml.signature_invalid', "The request's signature does not verify with the application's certificate.");

/** A message's signature as it came by its binding: whether it has one, and its check with the SP's certificate (which throws). */
export interface SpSignature {
  present: boolean;
  check(certificate: string): void;
}

/** HTTP-POST: an enveloped signature (a ds:Signature child of the message's root). */
export const postSignature = (m: SignableMessage): SpSignature => ({ present: child(m.root, NS.dsig, 'Signature') !== undefined, check: (certificate) => checkPostSignature(m, certificate) });

/** HTTP-Redirect: the query's Signature, over the query string as it arrived (`rawUrl`, the request's URL before parsing). */
export function redirectSignature(query: Record<string, string>, rawUrl: string | undefined): SpSignature {
  const rawQuery = rawUrl?.split('?')[1] ?? '';
  return { present: 'Signature' in query, check: (certificate) => checkRedirectSignature(rawQuery, certificate) };
}

/** Checks an HTTP-POST message's enveloped signature: exactly one reference, to the root's ID, RSA-SHA256, valid under `certificate`. */
function checkPostSignature(m: SignableMessage, certificate: string): void {
  const signature = child(m.root, NS.dsig, 'Signature');
  if (!signature) throw refuse();
  const signed = new SignedXml({ publicCert: certificate, getCertFromKeyInfo: () => null });
  try {
    signed.loadSignature(signature as unknown as Node); // an xmldom node, as xml-crypto itself parses with xmldom
    const references = signed.getReferences();
    if (signed.signatureAlgorithm !== RSA_SHA256 || references.length !== 1 || references[0].uri !== `#${m.id}`) throw new Error('reference');
    if (!signed.checkSignature(m.xml)) throw new Error('signature');
  } catch {
    throw refuse();
  }
}

/**
 * Checks an HTTP-Redirect message's signature: over `SAMLRequest=…&RelayState=…&SigAlg=…` exactly as the
 * URL-encoded values arrived (the raw query string), with RSA-SHA256 under `certificate`.
 */
function checkRedirectSignature(rawQuery: string, certificate: string): void {
  const raw = new Map<string, string>();
  for (const pair of rawQuery.split('&')) {
    const eq = pair.indexOf('=');
    if (eq > 0) raw.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  const sigAlg = raw.get('SigAlg');
  const signature = raw.get('Signature');
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
