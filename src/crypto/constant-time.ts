import { timingSafeEqual } from 'node:crypto';

/**
 * Compares two secrets (or their hashes) without leaking, through timing, how much of them matched.
 * Only the length may show, which is public for the fixed-size tokens and digests compared here.
 */
export function secretsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
