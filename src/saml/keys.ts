/**
 * The SAML identity provider's signing key: RSA-2048 with a self-signed certificate (SAML SPs pin the
 * certificate from metadata; no CA is involved), made on first use, its private key sealed at rest.
 * Of two nodes making the first key at once, the unique index on the active key keeps one.
 */
import { randomBytes, webcrypto, createPrivateKey, type KeyObject } from 'node:crypto';
// @peculiar/x509 (the certificate) needs the Reflect metadata polyfill loaded first, as @simplewebauthn/server loads it.
import 'reflect-metadata';
import { X509CertificateGenerator } from '@peculiar/x509';
import type { Db } from '../store/database.ts';
import { nowIso } from '../store/database.ts';
import type { SecretBox } from '../crypto/secret-box.ts';

/** How long the certificate is valid: SPs pin it from metadata, and rotation, not expiry, replaces it. */
const CERTIFICATE_YEARS = 10;
/** RSA with SHA-256: what every SAML SP verifies (SAML 2.0 metadata interoperability; SHA-1 is refused). */
const KEY_ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };

export interface SigningKey {
  id: string;
  privateKey: KeyObject;
  /** PEM. */
  certificate: string;
}

const context = (id: string) => `saml_signing_keys:${id}`;
/** Opened keys by id: a key never changes once made (rotation makes a new one), so each node opens it once, not at every response. */
const opened = new Map<string, KeyObject>();

async function newKey(box: SecretBox) {
  const id = `sk_${randomBytes(9).toString('base64url')}`;
  const keys = (await webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(notBefore.getTime() + CERTIFICATE_YEARS * 365 * 24 * 3600 * 1000);
  const cert = await X509CertificateGenerator.createSelfSigned({ name: 'CN=Portico SAML IdP', keys, notBefore, notAfter, signingAlgorithm: KEY_ALGORITHM }, webcrypto as unknown as Crypto);
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const pem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/(.{64})/g, '$1\n').trim()}\n-----END PRIVATE KEY-----\n`;
  return { id, private_key_enc: box.seal(pem, context(id)), certificate: cert.toString('pem') };
}

/** The key that signs now, made on first use. */
export async function activeSigningKey(db: Db, box: SecretBox): Promise<SigningKey> {
  let row = await db.selectFrom('saml_signing_keys').selectAll().where('state', '=', 'active').executeTakeFirst();
  if (!row) {
    const made = await newKey(box);
    // Another node may have made one meanwhile: the unique index keeps theirs, and it is read back.
    await db.insertInto('saml_signing_keys').values({ ...made, state: 'active', created_at: nowIso(), retire_after: null }).onConflict((oc) => oc.doNothing()).execute();
    row = await db.selectFrom('saml_signing_keys').selectAll().where('state', '=', 'active').executeTakeFirstOrThrow();
  }
  let privateKey = opened.get(row.id);
  if (!privateKey) opened.set(row.id, (privateKey = createPrivateKey(box.open(row.private_key_enc, context(row.id)))));
  return { id: row.id, privateKey, certificate: row.certificate };
}

/** The certificates metadata publishes: the active one first, then a next and retired ones still in their overlap. */
export async function publishedCertificates(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('saml_signing_keys')
    .select(['certificate', 'state', 'retire_after'])
    .where((eb) => eb.or([eb('state', '!=', 'retired'), eb('retire_after', '>', nowIso())]))
    .execute();
  const order = { active: 0, next: 1, retired: 2 } as const;
  return rows.sort((a, b) => order[a.state] - order[b.state]).map((r) => r.certificate);
}

/** A PEM certificate's base64 body, as <ds:X509Certificate> holds it. */
export const certificateBody = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
