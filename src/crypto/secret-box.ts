import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** AES-256-GCM with a fresh 96-bit IV per message (NIST SP 800-38D); the tag is 128 bits. */
const IV_BYTES = 12;
const VERSION = 'v1';
/**
 * Secrets opened are remembered, so the login flow and the token endpoint do not set up AES-GCM on
 * every request (a tenth of a millisecond each here). A changed secret is a new sealed value (fresh
 * IV), so a rotation is seen at once; what is kept is what the node uses anyway.
 */
const OPENED_KEPT = 1_000;

/**
 * Encrypts secrets at rest under the master key. `context` (e.g. `auth_sources:src_x`) is bound as
 * additional authenticated data, so a ciphertext copied into another row does not decrypt.
 */
export interface SecretBox {
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('master key must be 32 bytes');
  const opened = new Map<string, string>();

  function decrypt(sealed: string, context: string) {
    const [version, iv, body, tag] = sealed.split('.');
    if (version !== VERSION || !iv || body === undefined || !tag) throw new Error('unrecognised sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  return {
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
    },
    open(sealed, context) {
      // The context is part of the key: the same ciphertext under another context must still fail.
      const id = `${context}\u0000${sealed}`;
      let plaintext = opened.get(id);
      if (plaintext === undefined) {
        plaintext = decrypt(sealed, context);
        if (opened.size >= OPENED_KEPT) opened.delete(opened.keys().next().value!);
        opened.set(id, plaintext);
      }
      return plaintext;
    },
  };
}
