/**
 * Unguessable tokens (SSO session, login state, CSRF) from the CSPRNG, drawn from a pool it fills 4 KiB
 * at a time, as Node's own randomUUID does: one getrandom call per hundred-odd tokens rather than one
 * per token (each a system call: 2 µs alone, several times that on a busy machine, four per sign-in).
 * Each byte is handed out once; the pool is this process's alone (node:cluster workers are new processes).
 */
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafeSlow(POOL_BYTES);
let used = POOL_BYTES;

/** `bytes` random bytes, base64url-encoded. */
export function randomToken(bytes: number): string {
  if (!Number.isInteger(bytes) || bytes <= 0 || bytes > POOL_BYTES) throw new RangeError(`a token of 1 to ${POOL_BYTES} bytes, not ${bytes}`);
  if (used + bytes > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  const token = pool.toString('base64url', used, used + bytes);
  used += bytes;
  return token;
}
