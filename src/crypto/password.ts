import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { createLimiter } from './limiter.ts';

/** libuv's pool size when UV_THREADPOOL_SIZE is not set (main.ts sets it: src/bootstrap/threadpool.ts). */
const LIBUV_DEFAULT_POOL = 4;
/** Pool threads argon2id never takes, so DNS lookups (DingTalk's hosts) and file work never queue behind a burst of sign-ins. */
export const POOL_THREADS_KEPT_FREE = 1;
/** Hashes running at once: every pool thread but the ones kept free (one per core is not enough to keep the cores busy). */
export const ARGON2_CONCURRENCY = Math.max(1, (Number(process.env.UV_THREADPOOL_SIZE) || LIBUV_DEFAULT_POOL) - POOL_THREADS_KEPT_FREE);
const hashing = createLimiter(ARGON2_CONCURRENCY);
const argon2Raw = promisify(argon2);
const argon2Async = (algorithm: 'argon2id', parameters: Parameters<typeof argon2Raw>[1]) => hashing.run(() => argon2Raw(algorithm, parameters));

/**
 * Argon2id at OWASP's second listed minimum: 19 MiB, 2 passes, parallelism 1
 * (OWASP Password Storage Cheat Sheet; ASVS 5.0 V6.2). Stored in PHC format so the
 * parameters can be raised later and old hashes still verify.
 */
export const ARGON2ID_PARAMS = { memory: 19456, passes: 2, parallelism: 1, tagLength: 32 } as const;
const SALT_BYTES = 16;
/** ASVS 6.2.9 asks to allow at least 64 characters; the cap stops hashing megabytes on purpose. */
export const PASSWORD_MAX_LENGTH = 256;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await argon2Async('argon2id', { message: password, nonce: salt, ...ARGON2ID_PARAMS });
  const { memory, passes, parallelism } = ARGON2ID_PARAMS;
  return `$argon2id$v=19$m=${memory},t=${passes},p=${parallelism}$${b64(salt)}$${b64(hash)}`;
}

export async function verifyPassword(password: string, phc: string): Promise<boolean> {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(phc);
  if (!match) return false;
  const expected = Buffer.from(match[5], 'base64');
  const actual = await argon2Async('argon2id', {
    message: password,
    nonce: Buffer.from(match[4], 'base64'),
    memory: Number(match[1]),
    passes: Number(match[2]),
    parallelism: Number(match[3]),
    tagLength: expected.length,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A fixed hash to verify against when the account does not exist, so that "no such user" and
 * "wrong password" take the same time (ASVS 6.3.8: no enumeration through timing).
 */
let decoy: Promise<string> | undefined;
export async function verifyDecoy(password: string): Promise<false> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await decoy);
  return false;
}

const b64 = (buf: Buffer) => buf.toString('base64').replace(/=+$/, '');
