/**
 * Time-based one-time passwords (RFC 6238) as authenticator apps expect them: SHA-1, 6 digits, 30 s,
 * a 160-bit secret (RFC 4226 §4 asks ≥ 128). `otpauth` (well kept, no dependencies) does the HOTP
 * arithmetic and the otpauth:// URI; the rules around it (one use per code, the clock skew) are here.
 */
import { Secret, TOTP } from 'otpauth';

/** SHA-1, 6 digits, 30 s: what every authenticator app supports (issue 16; RFC 6238 §4). */
const ALGORITHM = 'SHA1';
const DIGITS = 6;
const PERIOD_S = 30;
/** 160 bits, the HMAC-SHA-1 block's natural size (RFC 4226 §4: at least 128). */
const SECRET_BYTES = 20;
/** One step either side of now: a phone's clock a little off still works (RFC 6238 §5.2 recommends at most one). */
export const TOTP_WINDOW_STEPS = 1;

export const newTotpSecret = (): string => new Secret({ size: SECRET_BYTES }).base32;

const totpOf = (secret: string, label = 'Portico', issuer = 'Portico') =>
  new TOTP({ issuer, label, algorithm: ALGORITHM, digits: DIGITS, period: PERIOD_S, secret: Secret.fromBase32(secret) });

/** What the QR code encodes: the app names the account `<issuer>: <label>`. */
export const totpUri = (secret: string, label: string, issuer: string) => totpOf(secret, label, issuer).toString();

/** The code for a time (tests and the bench compute codes as an authenticator app would). */
export const totpCode = (secret: string, atMs = Date.now()) => totpOf(secret).generate({ timestamp: atMs });

const stepAt = (atMs: number) => Math.floor(atMs / 1000 / PERIOD_S);

/**
 * The time step a code belongs to when it is right within the window, else null. A step not after
 * `lastStep` (the last one accepted for this secret) is refused: each code is accepted once.
 */
export function acceptTotp(secret: string, code: string, lastStep: number | null, atMs = Date.now()): { step: number } | { refused: 'invalid' | 'replayed' } {
  const typed = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(typed)) return { refused: 'invalid' };
  const delta = totpOf(secret).validate({ token: typed, timestamp: atMs, window: TOTP_WINDOW_STEPS });
  if (delta === null) return { refused: 'invalid' };
  const step = stepAt(atMs) + delta;
  if (lastStep !== null && step <= lastStep) return { refused: 'replayed' };
  return { step };
}
