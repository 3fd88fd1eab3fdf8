/**
 * Recovery codes: ten single-use codes for when the phone is lost, shown once. Each is 10 characters of
 * a 32-letter alphabet (50 bits from the CSPRNG) written `xxxxx-xxxxx`, which five tries per challenge
 * cannot guess. They are stored as HMAC-SHA-256 under a key derived from the master key, not in clear:
 * the table alone reveals none of them (OWASP ASVS 5.0 §6.5.2, recovery codes stored protected).
 */
import { createHmac, randomInt } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
/** Crockford's base32 without I, L, O, U: nothing to misread when typing it from paper. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const HALF = 5;

export function newRecoveryCodes(): string[] {
  const one = () => Array.from({ length: HALF * 2 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const c = one();
    return `${c.slice(0, HALF)}-${c.slice(HALF)}`;
  });
}

/** The form a typed code is compared in: upper case, no separators, the letters people confuse folded. */
export function canonicalRecoveryCode(typed: string): string | null {
  const c = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return c.length === HALF * 2 && [...c].every((ch) => ALPHABET.includes(ch)) ? c : null;
}

export const hashRecoveryCode = (key: Buffer, canonical: string) => createHmac('sha256', key).update(canonical).digest('base64url');
