// DingTalk's HTTP-push callback crypto (ref §2.2, official DingTalk-Callback-Crypto): AES-256-CBC with the
// IV = first 16 key bytes, manual PKCS#7-style padding to 32, plaintext = random16 ‖ len32be ‖ msg ‖ owner,
// and signature = sha1hex(sorted [token, timestamp, nonce, encrypt] joined). Written here, not shared with
// the connector: the simulator is the other side of the wire.
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHANUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const AES_KEY_RE = /^[a-zA-Z0-9]{43}$/;

export function isAesKey(aesKey: string): boolean {
  return AES_KEY_RE.test(aesKey);
}

function keyOf(aesKey: string): Buffer {
  if (!isAesKey(aesKey)) throw new Error('aesKey must be 43 characters from [a-zA-Z0-9]');
  return Buffer.from(`${aesKey}=`, 'base64');
}

/** 16 ASCII letters and digits, what the official libraries put in front of the message. */
export function randomAscii(length = 16): string {
  let s = '';
  for (const b of randomBytes(length)) s += ALPHANUM[b % ALPHANUM.length];
  return s;
}

export function callbackSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join(''), 'utf8').digest('hex');
}

export function signatureMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function encryptMessage(msg: string, aesKey: string, owner: string, random16: string = randomAscii()): string {
  const key = keyOf(aesKey);
  const body = Buffer.from(msg, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  const plain = Buffer.concat([Buffer.from(random16, 'utf8'), len, body, Buffer.from(owner, 'utf8')]);
  const pad = 32 - (plain.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

/** The message inside `encrypt`; throws unless it decrypts, unpads (1…32) and names `owner`. */
export function decryptMessage(encrypt: string, aesKey: string, owner: string): string {
  const key = keyOf(aesKey);
  const data = Buffer.from(encrypt, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) throw new Error('ciphertext is not a whole number of AES blocks');
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(data), decipher.final()]);
  const pad = plain[plain.length - 1];
  // Pads of 1…32 are accepted: the Go and Rust libraries pad to 16, the others to 32 (ref §2.2 step 4).
  if (pad < 1 || pad > 32 || pad > plain.length) throw new Error('bad padding');
  const unpadded = plain.subarray(0, plain.length - pad);
  if (unpadded.length < 20) throw new Error('plaintext too short');
  const len = unpadded.readUInt32BE(16);
  if (20 + len > unpadded.length) throw new Error('length field exceeds the plaintext');
  const got = unpadded.subarray(20 + len).toString('utf8');
  if (got !== owner) throw new Error(`owner mismatch: ${got}`);
  return unpadded.subarray(20, 20 + len).toString('utf8');
}
