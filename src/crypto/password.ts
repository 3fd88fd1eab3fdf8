/**
 * Password hashing: argon2id through @node-rs/argon2, a prebuilt N-API binding (no node-gyp build)
 * that costs about half the CPU of node:crypto's OpenSSL argon2id at the same parameters (measured
 * here: 165 against 80 hashes/s on two cores), and password hashing sets the CPU budget for sign-ins.
 * It runs on libuv's thread pool, so the limiter below still applies.
 */
import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { createLimiter } from './limiter.ts';

/** libuv's pool size when UV_THREADPOOL_SIZE is not set (main.ts sets it: src/bootstrap/threadpool.ts). */
const LIBUV_DEFAULT_POOL = 4;
/** Pool threads argon2id never takes, so DNS lookups (DingTalk's hosts) and file work never queue behind a burst of sign-ins. */
const POOL_THREADS_KEPT_FREE = 1;
/** Hashes running at once: every pool thread but the ones kept free (one per core is not enough to keep the cores busy). */
export const ARGON2_CONCURRENCY = Math.max(1, (Number(process.env.UV_THREADPOOL_SIZE) || LIBUV_DEFAULT_POOL) - POOL_THREADS_KEPT_FREE);
const hashing = createLimiter(ARGON2_CONCURRENCY);

/** The binding's `Algorithm` is a const enum, which type stripping cannot read: 2 is its Argon2id. */
const ARGON2ID = 2 as Algorithm.Argon2id;
/**
 * Argon2id at OWASP's second listed minimum: 19 MiB, 2 passes, parallelism 1
 * (OWASP Password Storage Cheat Sheet; ASVS 5.0 V6.2). Stored in PHC format
 * (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`), so the parameters can be raised later and old
 * hashes, whose parameters travel with them, still verify.
 */
export const ARGON2ID_OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 };
/** ASVS 6.2.9 asks to allow at least 64 characters; the cap stops hashing megabytes on purpose. */
export const PASSWORD_MAX_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hashing.run(() => hash(password, ARGON2ID_OPTIONS));
}

export async function verifyPassword(password: string, phc: string): Promise<boolean> {
  if (!phc.startsWith('$argon2id$')) return false;
  // The binding compares in constant time; it rejects a string that is no PHC hash, which is no match.
  return hashing.run(() => verify(phc, password)).catch(() => false);
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
