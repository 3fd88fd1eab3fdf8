/**
 * The SAML identity provider's signing key: RSA-2048 with a self-signed certificate (SAML SPs pin the
 * certificate from metadata; no CA is involved), made on first use, its private key sealed at rest.
 * Of two nodes making the first key at once, the unique index on the active key keeps one.
 *
 * Rotation takes two steps, as the OpenID Connect provider's keys do (src/oidc/signing-keys.ts): a next
 * key is published in the metadata without signing, and activated once SPs that load the metadata hold
 * its certificate (SAML_NEXT_KEY_MIN_PUBLISHED_S); the key it replaces stays in the metadata, retired,
 * for SAML_RETIRED_KEY_PUBLISHED_S. Activation is an administrator's audited act, never scheduled.
 */
import { randomBytes, webcrypto, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
// @peculiar/x509 (the certificate) needs the Reflect metadata polyfill loaded first, as @simplewebauthn/server loads it.
import 'reflect-metadata';
import { X509CertificateGenerator } from '@peculiar/x509';
import type { Db, Tx } from '../store/database.ts';
import { nowIso } from '../store/database.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { fail } from '../errors.ts';

/** How long the certificate is valid: SPs pin it from metadata, and rotation, not expiry, replaces it. */
const CERTIFICATE_YEARS = 10;
/** RSA with SHA-256: what every SAML SP verifies (SAML 2.0 metadata interoperability; SHA-1 is refused). */
const KEY_ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };

/**
 * A next key may sign only once its certificate has been in the metadata this long, 24 hours: SPs that
 * load the IdP metadata by URL refresh it on their own schedule, often daily, and one that has not
 * refreshed since cannot verify what the new key signs. (A JWKS is refetched within minutes, hence
 * OpenID Connect's much shorter NEXT_KEY_MIN_PUBLISHED_S; SAML metadata has no such habit.) An SP whose
 * administrator pasted the certificate in by hand needs the next one given to it before activation,
 * whatever the wait: the console offers it for download.
 */
export const SAML_NEXT_KEY_MIN_PUBLISHED_S = 24 * 3600;

/**
 * A retired key's certificate stays in the metadata 30 days after activation. What the key signed expires
 * within minutes (a Response's Conditions), so this is not for old signatures: SPs refresh metadata on
 * their own schedule (often daily, some weekly or monthly, some only when an administrator re-imports
 * it), and for 30 days each one that does sees the certificate it trusted beside the one that now signs,
 * so the change it meets is an addition, and later a removal, never a swap at once; a Response signed
 * just before activation and still on its way verifies too.
 */
export const SAML_RETIRED_KEY_PUBLISHED_S = 30 * 24 * 3600;

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

/**
 * The key that signs now, made on first use. Its row is read at every response (one row, by index), never
 * kept: an activation on any node reaches every node's next response. Only the opened private key is kept,
 * by id, which an activation does not change.
 */
export async function activeSigningKey(db: Db, box: SecretBox): Promise<SigningKey> {
  let row = await db.selectFrom('saml_signing_keys').selectAll().where('state', '=', 'active').executeTakeFirst();
  if (!row) {
    const made = await newKey(box);
    // Another node may have made one meanwhile: the unique index keeps theirs, and it is read back.
    const now = nowIso();
    await db.insertInto('saml_signing_keys').values({ ...made, state: 'active', created_at: now, activated_at: now, retire_after: null }).onConflict((oc) => oc.doNothing()).execute();
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
    .select(['id', 'certificate', 'state', 'created_at', 'retire_after'])
    .where((eb) => eb.or([eb('state', '!=', 'retired'), eb('retire_after', '>', nowIso())]))
    .execute();
  const order = { active: 0, next: 1, retired: 2 } as const;
  // Newest first within a state, then by id: every node publishes them in the same order.
  return rows.sort((a, b) => order[a.state] - order[b.state] || b.created_at.localeCompare(a.created_at) || a.id.localeCompare(b.id)).map((r) => r.certificate);
}

/** A PEM certificate's base64 body, as <ds:X509Certificate> holds it. */
export const certificateBody = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');

/** next: in the metadata, not signing; active: signing; retiring: in the metadata until retireAfter; retired: gone from it. */
export type SamlKeyState = 'next' | 'active' | 'retiring' | 'retired';

export interface SamlSigningKeyView {
  id: string;
  state: SamlKeyState;
  createdAt: string;
  /** When it started signing; null for a next key (and for one replaced unused). */
  activatedAt: string | null;
  /** Null while the key signs or waits to; otherwise it stays in the metadata until then. */
  retireAfter: string | null;
  /** The certificate's SHA-256 fingerprint, colon-separated hex, as SP consoles show it. */
  fingerprint: string;
  /** When the certificate expires. */
  notAfter: string;
}

/** When a next key published at `publishedAt` may sign without `force`. */
const activatableAt = (publishedAt: string) => new Date(Date.parse(publishedAt) + SAML_NEXT_KEY_MIN_PUBLISHED_S * 1000).toISOString();

const certificateFacts = (pem: string) => {
  const cert = new X509Certificate(pem);
  return { fingerprint: cert.fingerprint256, notAfter: new Date(cert.validTo).toISOString() };
};

/**
 * Step one: publishes a next key, in the metadata but not signing (run inside the audit transaction).
 * One next key at a time: publishing again replaces an unused one, which leaves the metadata at once
 * (it never signed; its row stays, retired, for the record), and the wait starts over. Of two
 * administrators publishing at once, the unique index on the next key keeps one and the other is told.
 */
export async function publishNextKey(tx: Tx, box: SecretBox) {
  const made = await newKey(box);
  const now = nowIso();
  const replaced = await tx.selectFrom('saml_signing_keys').select('id').where('state', '=', 'next').executeTakeFirst();
  if (replaced) await tx.updateTable('saml_signing_keys').set({ state: 'retired', retire_after: now }).where('id', '=', replaced.id).where('state', '=', 'next').execute();
  await tx.insertInto('saml_signing_keys').values({ ...made, state: 'next', created_at: now, activated_at: null, retire_after: null }).onConflict((oc) => oc.doNothing()).execute();
  const stored = await tx.selectFrom('saml_signing_keys').select('id').where('id', '=', made.id).executeTakeFirst();
  if (!stored) throw fail('saml_signing_keys.changed_meanwhile', 'Another next SAML signing certificate was published meanwhile: reload, and publish again only if you need to replace it.');
  return { published: { id: made.id, ...certificateFacts(made.certificate) }, replaced: replaced?.id ?? null, activatableAt: activatableAt(now) };
}

/**
 * Step two, in one transaction: the next key signs from now on; the active one is retired, still in the
 * metadata for SAML_RETIRED_KEY_PUBLISHED_S. Refused until the next key has been published
 * SAML_NEXT_KEY_MIN_PUBLISHED_S, unless `force` (a compromised key). Of two activations at once, the
 * later finds the next key claimed and rolls back.
 */
export async function activateNextKey(tx: Tx, { force }: { force: boolean }) {
  const next = await tx.selectFrom('saml_signing_keys').select(['id', 'created_at']).where('state', '=', 'next').executeTakeFirst();
  if (!next) throw fail('saml_signing_keys.no_next', 'There is no next SAML signing certificate to activate: publish one first.');
  const safeAt = activatableAt(next.created_at);
  const now = nowIso();
  if (now < safeAt && !force) {
    throw fail('saml_signing_keys.activation_too_early', `SPs that load the metadata may not hold the next certificate yet: activate it after ${safeAt}, or force it if the key is compromised.`, {
      detail: { activatableAt: safeAt },
    });
  }
  const retireAfter = new Date(Date.now() + SAML_RETIRED_KEY_PUBLISHED_S * 1000).toISOString();
  // The active key is retired first: the unique index allows one active key.
  const retiring = await tx.selectFrom('saml_signing_keys').select('id').where('state', '=', 'active').executeTakeFirst();
  if (retiring) {
    await tx
      .updateTable('saml_signing_keys')
      // A key a node before migration 017 made has no activated_at: it signed from its creation.
      .set((eb) => ({ state: 'retired', retire_after: retireAfter, activated_at: eb.fn.coalesce('activated_at', 'created_at') }))
      .where('id', '=', retiring.id)
      .where('state', '=', 'active')
      .execute();
  }
  const claimed = await tx.updateTable('saml_signing_keys').set({ state: 'active', activated_at: now }).where('id', '=', next.id).where('state', '=', 'next').executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) throw fail('saml_signing_keys.no_next', 'The next SAML signing certificate was activated meanwhile.');
  return { activated: next.id, retiring: retiring ? { id: retiring.id, retireAfter } : null };
}

const stateOf = (r: { state: 'active' | 'next' | 'retired'; retire_after: string | null }, now: string): SamlKeyState =>
  r.state !== 'retired' ? r.state : r.retire_after !== null && r.retire_after > now ? 'retiring' : 'retired';

const RANK: Record<SamlKeyState, number> = { active: 0, next: 1, retiring: 2, retired: 3 };

/** Every key, the signing one first, then the next, then the retired ones, newest first. */
export async function listSigningKeys(conn: Db | Tx): Promise<SamlSigningKeyView[]> {
  const rows = await conn.selectFrom('saml_signing_keys').select(['id', 'state', 'certificate', 'created_at', 'activated_at', 'retire_after']).execute();
  const now = nowIso();
  return rows
    .map((r) => ({
      id: r.id,
      state: stateOf(r, now),
      createdAt: r.created_at,
      // An active key a node before migration 017 made signed from its creation; a next key, or one replaced unused, never signed.
      activatedAt: r.activated_at ?? (r.state === 'active' ? r.created_at : null),
      retireAfter: r.retire_after,
      ...certificateFacts(r.certificate),
    }))
    .sort((a, b) => RANK[a.state] - RANK[b.state] || b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
}

/** One key's certificate (PEM), whatever its state: it is public. */
export async function signingCertificate(conn: Db | Tx, id: string): Promise<string | undefined> {
  return (await conn.selectFrom('saml_signing_keys').select('certificate').where('id', '=', id).executeTakeFirst())?.certificate;
}
