/**
 * Encrypted assertions (SAML 2.0 Core §2.3.4, §6): the assertion, already signed when it is, becomes an
 * <xenc:EncryptedData> of Type Element inside <saml:EncryptedAssertion>. Its content is under a fresh
 * AES-256-GCM key, and that key is transported under the RSA public key of the SP's encryption
 * certificate in an <xenc:EncryptedKey> within the EncryptedData's KeyInfo (Core §6.2 allows it there),
 * addressed to the SP by Recipient. Only the SP's private key opens it: the browser that carries the
 * Response, and anything that logs it, sees no NameID and no attribute.
 *
 * Written with node:crypto rather than xml-encryption: encrypting is one random key, one AES-GCM pass and
 * one RSA-OAEP operation in a fixed template, and the SPs in the tests (@node-saml/node-saml, which
 * decrypts with xml-encryption) then check it against an implementation that is not this one.
 */
import { X509Certificate, constants, createCipheriv, publicEncrypt, randomBytes } from 'node:crypto';
import { certificateBody } from './keys.ts';
import { escapeXml } from './xml.ts';

/**
 * The content encryption: AES-256-GCM (XML Encryption 1.1 §5.2.4), authenticated, so a changed
 * ciphertext fails to decrypt instead of decrypting to something else. Never a CBC mode: XML Encryption's
 * CBC is open to padding-oracle attacks that recover the plaintext (Jager & Somorovsky, "How to Break XML
 * Encryption", CCS 2011).
 */
export const CONTENT_ENCRYPTION = 'http://www.w3.org/2009/xmlenc11#aes256-gcm';
/**
 * The key transport: RSA-OAEP (XML Encryption 1.1 §5.5.2). This identifier fixes the mask generation
 * function as MGF1 with SHA-1, and its digest defaults to SHA-1, which the DigestMethod states. node:crypto's
 * `oaepHash` sets both the digest and MGF1's hash, so SHA-1 is the one digest where it is exactly this URI;
 * SHA-1 inside OAEP needs no collision resistance, and it is what every SP that decrypts this URI expects.
 * Not RSA PKCS#1 v1.5 (`xmlenc#rsa-1_5`): Bleichenbacher's attack (XML Encryption 1.1 §5.5.1).
 */
export const KEY_TRANSPORT = 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p';
/** OAEP's digest as KEY_TRANSPORT defines it (above), named in its DigestMethod. */
const OAEP_DIGEST = { node: 'sha1', uri: 'http://www.w3.org/2000/09/xmldsig#sha1' } as const;

/** AES-256: a 32-byte key; GCM: a 96-bit IV and a 128-bit tag, sent as IV ‖ ciphertext ‖ tag (XML Encryption 1.1 §5.2.4). */
const KEY_BYTES = 32;
const IV_BYTES = 12;

/** The <saml:EncryptedAssertion> for `assertion` (a standalone <saml:Assertion> element), readable only with the private key of `certificate` (PEM, RSA). */
export function encryptedAssertion(assertion: string, certificate: string, recipient: string): string {
  const publicKey = new X509Certificate(certificate).publicKey;
  if (publicKey.asymmetricKeyType !== 'rsa') throw new Error('SAML: the encryption certificate has no RSA key');
  const key = randomBytes(KEY_BYTES);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const content = Buffer.concat([iv, cipher.update(assertion, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  const wrapped = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: OAEP_DIGEST.node }, key);
  return (
    `<saml:EncryptedAssertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">` +
    `<xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Type="http://www.w3.org/2001/04/xmlenc#Element">` +
    `<xenc:EncryptionMethod Algorithm="${CONTENT_ENCRYPTION}"/>` +
    `<ds:KeyInfo><xenc:EncryptedKey Recipient="${escapeXml(recipient)}">` +
    `<xenc:EncryptionMethod Algorithm="${KEY_TRANSPORT}"><ds:DigestMethod Algorithm="${OAEP_DIGEST.uri}"/></xenc:EncryptionMethod>` +
    `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificateBody(certificate)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>` +
    `<xenc:CipherData><xenc:CipherValue>${wrapped.toString('base64')}</xenc:CipherValue></xenc:CipherData>` +
    `</xenc:EncryptedKey></ds:KeyInfo>` +
    `<xenc:CipherData><xenc:CipherValue>${content.toString('base64')}</xenc:CipherValue></xenc:CipherData>` +
    `</xenc:EncryptedData></saml:EncryptedAssertion>`
  );
}
