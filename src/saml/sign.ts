/**
 * Portico's enveloped XML signatures on what it sends (SAML 2.0 Core §5): RSA-SHA256, exclusive
 * canonicalization, the certificate in KeyInfo, one reference to the signed element's ID, placed after
 * that element's Issuer as the schema orders it. And the HTTP-Redirect binding's query signature.
 */
import { sign } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import type { SigningKey } from './keys.ts';

/** RSA with SHA-256 (SHA-1 is refused everywhere: collisions exist). */
export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
/** Where xml-crypto puts a signature relative to the element its location names. */
const PLACE_AFTER = 'after';

/** Signs `element`: the Assertion inside a message, or the message itself (its root). */
export function signXml(xml: string, key: SigningKey, element: 'Assertion' | 'Response' | 'LogoutResponse'): string {
  const at = element === 'Assertion' ? `//*[local-name(.)='Assertion']` : `/*[local-name(.)='${element}']`;
  const signed = new SignedXml({
    privateKey: key.privateKey,
    publicCert: key.certificate,
    signatureAlgorithm: RSA_SHA256,
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  signed.addReference({
    xpath: at,
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  // Schema order: the signature follows the element's Issuer (SAML 2.0 Core §2.3.3, §3.2.2).
  signed.computeSignature(xml, { prefix: 'ds', location: { reference: `${at}/*[local-name(.)='Issuer']`, action: PLACE_AFTER } });
  return signed.getSignedXml();
}

/**
 * The HTTP-Redirect binding's signature (SAML Bindings §3.4.4.1): over `<param>=…&RelayState=…&SigAlg=…`
 * exactly as they stand URL-encoded in the query; answers the query to append.
 */
export function signedRedirectQuery(param: 'SAMLRequest' | 'SAMLResponse', encodedMessage: string, relayState: string | undefined, key: SigningKey): string {
  const octets = [`${param}=${encodeURIComponent(encodedMessage)}`, ...(relayState ? [`RelayState=${encodeURIComponent(relayState)}`] : []), `SigAlg=${encodeURIComponent(RSA_SHA256)}`].join('&');
  return `${octets}&Signature=${encodeURIComponent(sign('sha256', Buffer.from(octets), key.privateKey).toString('base64'))}`;
}
