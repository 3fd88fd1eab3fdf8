// HTTP push (事件订阅 "HTTP推送") crypto, exactly as DingTalk's official library does it (ref §2.2): SHA-1 signature over the
// sorted [token, timestamp, nonce, encrypt], AES-256-CBC with key = base64(aesKey + "=") and iv = key[0:16], manual padding.
import { createCipheriv, createDecipheriv, createHash, randomInt, timingSafeEqual } from 'node:crypto';

export type DingTalkPushErrorCode =
  | 'dingtalk.push_signature_invalid' // the signature does not match: not from DingTalk, or another token
  | 'dingtalk.push_aes_key_invalid' // the configured AES key is not 43 characters of [a-zA-Z0-9]
  | 'dingtalk.push_owner_mismatch' // decrypted, but for another app (owner ≠ AppKey / corpId / suiteKey)
  | 'dingtalk.push_malformed'; // missing fields, not base64, bad length or padding, not JSON

export const DINGTALK_PUSH_ERROR_CODES: readonly DingTalkPushErrorCode[] = [
  'dingtalk.push_signature_invalid', 'dingtalk.push_aes_key_invalid', 'dingtalk.push_owner_mismatch', 'dingtalk.push_malformed',
];

/** A refused push (answer 4xx and change nothing). The message names the code and the reason, never a key or the plaintext. */
export class DingTalkPushError extends Error {
  readonly code: DingTalkPushErrorCode;
  constructor(code: DingTalkPushErrorCode, reason: string) {
    super(`DingTalk push refused ${code}: ${reason}`);
    this.name = 'DingTalkPushError';
    this.code = code;
  }
}

export interface PushCryptoConfig {
  /** The 签名 token set in the console (free text). */
  token: string;
  /** The 加密 aes_key set in the console: 43 characters of [a-zA-Z0-9]. */
  aesKey: string;
  /** The app's AppKey for an internal app's event subscription (corpId for the legacy API, suiteKey for ISV apps), ref §2.1. */
  ownerKey: string;
}

/** What DingTalk sends: the query's signature (or msg_signature), timestamp (or timeStamp), nonce, and the body's encrypt. */
export interface PushRequest {
  signature: string;
  timestamp: string;
  nonce: string;
  encrypt: string;
}

/** The JSON body to answer a push with (ref §2.1): field names as DingTalk's libraries write them. */
export interface PushReply {
  msg_signature: string;
  timeStamp: string;
  nonce: string;
  encrypt: string;
}

export interface PushReplyOptions {
  /** Default: now in ms, as the official Java library. */
  timestamp?: string;
  /** Default: 16 random characters of [a-zA-Z0-9]. */
  nonce?: string;
  /** Exactly 16 ASCII characters; default random (only tests fix it). */
  random16?: string;
}

export interface PushCrypto {
  /** Verifies the signature (first, in constant time), decrypts, checks the owner; returns the plaintext (JSON text). */
  decrypt(req: PushRequest): string;
  /** The encrypted answer; DingTalk expects msg "success" (also to check_url, within 1500 ms). */
  encryptReply(msg?: string, opts?: PushReplyOptions): PushReply;
  /** sha1 hex of the sorted, concatenated [token, timestamp, nonce, encrypt]. */
  signature(timestamp: string, nonce: string, encrypt: string): string;
}

const AES_KEY = /^[a-zA-Z0-9]{43}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Java, Python, PHP and C# pad to 32, Go and Rust to 16 (ref §2.2): any pad 1…32 is accepted, we write 32-block padding. */
const PAD_BLOCK = 32;

export function createPushCrypto(cfg: PushCryptoConfig): PushCrypto {
  if (typeof cfg.token !== 'string' || cfg.token === '') throw new TypeError('token is required');
  if (typeof cfg.ownerKey !== 'string' || cfg.ownerKey === '') throw new TypeError('ownerKey is required');
  if (typeof cfg.aesKey !== 'string' || !AES_KEY.test(cfg.aesKey)) {
    throw new DingTalkPushError('dingtalk.push_aes_key_invalid', 'the AES key must be 43 characters of a-z, A-Z and 0-9');
  }
  // 43 base64 characters + "=" → 32 bytes. Node tolerates the non-zero trailing bits some keys have (ref §2.2 step 1).
  const key = Buffer.from(cfg.aesKey + '=', 'base64');
  const iv = key.subarray(0, 16);
  const owner = Buffer.from(cfg.ownerKey, 'utf8');

  const signature = (timestamp: string, nonce: string, encrypt: string) =>
    createHash('sha1').update([cfg.token, timestamp, nonce, encrypt].sort().join(''), 'utf8').digest('hex');

  return {
    signature,

    decrypt(req) {
      for (const field of ['signature', 'timestamp', 'nonce', 'encrypt'] as const) {
        if (typeof req[field] !== 'string' || req[field] === '') throw new DingTalkPushError('dingtalk.push_malformed', `${field} is missing`);
      }
      const expected = Buffer.from(signature(req.timestamp, req.nonce, req.encrypt), 'utf8');
      const given = Buffer.from(req.signature.toLowerCase(), 'utf8');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new DingTalkPushError('dingtalk.push_signature_invalid', 'the signature does not match');
      }
      const cipher = Buffer.from(req.encrypt, 'base64');
      if (!BASE64.test(req.encrypt) || cipher.length < 32 || cipher.length % 16 !== 0) {
        throw new DingTalkPushError('dingtalk.push_malformed', 'encrypt is not AES-CBC ciphertext in base64');
      }
      const decipher = createDecipheriv('aes-256-cbc', key, iv);
      decipher.setAutoPadding(false);
      const plain = Buffer.concat([decipher.update(cipher), decipher.final()]);
      const pad = plain[plain.length - 1];
      if (pad < 1 || pad > PAD_BLOCK) throw new DingTalkPushError('dingtalk.push_malformed', 'bad padding');
      const content = plain.subarray(0, plain.length - pad);
      // random16 ‖ uint32be length ‖ msg ‖ owner
      if (content.length < 20) throw new DingTalkPushError('dingtalk.push_malformed', 'too short');
      const msgLength = content.readUInt32BE(16);
      if (20 + msgLength > content.length) throw new DingTalkPushError('dingtalk.push_malformed', 'bad length field');
      const gotOwner = content.subarray(20 + msgLength);
      if (gotOwner.length !== owner.length || !timingSafeEqual(gotOwner, owner)) {
        throw new DingTalkPushError('dingtalk.push_owner_mismatch', 'the message is for another app');
      }
      return content.subarray(20, 20 + msgLength).toString('utf8');
    },

    encryptReply(msg = 'success', opts = {}) {
      const random16 = opts.random16 ?? randomAlnum(16);
      if (!/^[\x20-\x7e]{16}$/.test(random16)) throw new TypeError('random16 must be 16 ASCII characters');
      const body = Buffer.from(msg, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(body.length);
      const plain = Buffer.concat([Buffer.from(random16, 'ascii'), length, body, owner]);
      const pad = PAD_BLOCK - (plain.length % PAD_BLOCK);
      const cipher = createCipheriv('aes-256-cbc', key, iv);
      cipher.setAutoPadding(false);
      const encrypt = Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
      const timeStamp = opts.timestamp ?? String(Date.now());
      const nonce = opts.nonce ?? randomAlnum(16);
      return { msg_signature: signature(timeStamp, nonce, encrypt), timeStamp, nonce, encrypt };
    },
  };
}

/**
 * The PushRequest of an incoming HTTP push: DingTalk's own handler reads msg_signature then signature, and timeStamp then
 * timestamp (ref §2.1, §6.7), so both spellings are accepted. Throws push_malformed when a part is missing.
 */
export function readPushRequest(query: Record<string, unknown>, body: unknown): PushRequest {
  const pick = (...names: string[]) => names.map((n) => query[n]).find((v): v is string => typeof v === 'string' && v !== '');
  const encrypt = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).encrypt : undefined;
  const req = {
    signature: pick('msg_signature', 'signature'),
    timestamp: pick('timeStamp', 'timestamp'),
    nonce: pick('nonce'),
    encrypt: typeof encrypt === 'string' ? encrypt : undefined,
  };
  for (const [field, value] of Object.entries(req)) {
    if (value === undefined || value === '') throw new DingTalkPushError('dingtalk.push_malformed', `${field} is missing`);
  }
  return req as PushRequest;
}

function randomAlnum(n: number): string {
  return Array.from({ length: n }, () => ALNUM[randomInt(ALNUM.length)]).join('');
}
