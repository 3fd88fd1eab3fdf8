/** The EncryptedAssertion opened by hand with node:crypto: its structure, its algorithms, the round trip, and a changed byte refused. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createDecipheriv, createPrivateKey, privateDecrypt, webcrypto } from 'node:crypto';
import 'reflect-metadata';
import { X509CertificateGenerator } from '@peculiar/x509';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { CONTENT_ENCRYPTION, KEY_TRANSPORT, encryptedAssertion } from './encrypt.ts';

const XENC = 'http://www.w3.org/2001/04/xmlenc#';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const ASSERTION = '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1" Version="2.0" IssueInstant="2026-01-01T00:00:00Z"><saml:Subject><saml:NameID>张三@example.com</saml:NameID></saml:Subject></saml:Assertion>';

async function keys(algorithm: { name: string; namedCurve?: string }) {
  const params = algorithm.name === 'ECDSA' ? { ...algorithm, hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
  const pair = (await webcrypto.subtle.generateKey(params, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await X509CertificateGenerator.createSelfSigned({ name: 'CN=SP', keys: pair, signingAlgorithm: params }, webcrypto as unknown as Crypto);
  const privateKey = createPrivateKey({ key: Buffer.from(await webcrypto.subtle.exportKey('pkcs8', pair.privateKey)), format: 'der', type: 'pkcs8' });
  return { certificate: cert.toString('pem'), privateKey };
}

const only = (parent: Element, ns: string, name: string): Element => {
  const found = Array.from(parent.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === name);
  assert.equal(found.length, 1, name);
  return found[0];
};
const cipherValue = (parent: Element) => Buffer.from(only(only(parent, XENC, 'CipherData'), XENC, 'CipherValue').textContent!, 'base64');

/** XML Encryption's decryption, by hand: the key with RSA-OAEP (SHA-1), then the content with AES-256-GCM (IV ‖ ciphertext ‖ tag). */
function open(xml: string, privateKey: ReturnType<typeof createPrivateKey>, change?: (content: Buffer) => void) {
  const root = new DOMParser().parseFromString(xml, 'text/xml').documentElement!;
  assert.equal(root.localName, 'EncryptedAssertion');
  assert.equal(root.namespaceURI, 'urn:oasis:names:tc:SAML:2.0:assertion');
  const data = only(root, XENC, 'EncryptedData');
  assert.equal(data.getAttribute('Type'), 'http://www.w3.org/2001/04/xmlenc#Element');
  assert.equal(only(data, XENC, 'EncryptionMethod').getAttribute('Algorithm'), CONTENT_ENCRYPTION);
  const encryptedKey = only(only(data, DS, 'KeyInfo'), XENC, 'EncryptedKey');
  assert.equal(encryptedKey.getAttribute('Recipient'), 'https://sp.example.com/metadata');
  const method = only(encryptedKey, XENC, 'EncryptionMethod');
  assert.equal(method.getAttribute('Algorithm'), KEY_TRANSPORT);
  assert.equal(only(method, DS, 'DigestMethod').getAttribute('Algorithm'), 'http://www.w3.org/2000/09/xmldsig#sha1');
  const key = privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, cipherValue(encryptedKey));
  assert.equal(key.length, 32);
  const content = cipherValue(data);
  change?.(content);
  const decipher = createDecipheriv('aes-256-gcm', key, content.subarray(0, 12));
  decipher.setAuthTag(content.subarray(content.length - 16));
  return Buffer.concat([decipher.update(content.subarray(12, content.length - 16)), decipher.final()]).toString('utf8');
}

test('the assertion decrypts with the private key of the certificate it was encrypted to, and is not readable without', async () => {
  const sp = await keys({ name: 'RSASSA-PKCS1-v1_5' });
  const xml = encryptedAssertion(ASSERTION, sp.certificate, 'https://sp.example.com/metadata');
  assert.ok(!xml.includes('张三') && !xml.includes('NameID'), 'nothing of the assertion in the clear');
  assert.equal(open(xml, sp.privateKey), ASSERTION);
  assert.notEqual(encryptedAssertion(ASSERTION, sp.certificate, 'x'), encryptedAssertion(ASSERTION, sp.certificate, 'x'), 'a fresh key and IV each time');
  const other = await keys({ name: 'RSASSA-PKCS1-v1_5' });
  assert.throws(() => open(xml, other.privateKey), 'another private key cannot unwrap the content key');
});

test('a changed ciphertext byte fails GCM authentication rather than decrypting to something else', async () => {
  const sp = await keys({ name: 'RSASSA-PKCS1-v1_5' });
  const xml = encryptedAssertion(ASSERTION, sp.certificate, 'https://sp.example.com/metadata');
  assert.throws(() => open(xml, sp.privateKey, (content) => void (content[20] ^= 1)));
});

test('a certificate without an RSA key is refused', async () => {
  const ec = await keys({ name: 'ECDSA', namedCurve: 'P-256' });
  assert.throws(() => encryptedAssertion(ASSERTION, ec.certificate, 'https://sp.example.com/metadata'), /RSA/);
});
