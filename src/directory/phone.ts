import { hasInvisibleCharacters } from '../validation.ts';

/** The country calling code assumed for numbers written without one (the product serves mainland China first). */
export const DEFAULT_COUNTRY_CODE = '86';

/** Mainland China mobile numbers: 11 digits starting 13–19. */
const CN_MOBILE = /^1[3-9]\d{9}$/;

/**
 * Normalizes a phone number to E.164 (`+8613800000000`), or returns undefined when it cannot be one.
 * Accepts `+86 138-0000-0000`, `008613800000000`, `13800000000`, and a separate country code
 * (DingTalk returns `stateCode` and `mobile` apart).
 */
export function normalizePhone(raw: string, countryCode: string = DEFAULT_COUNTRY_CODE): string | undefined {
  let s = raw.trim().replace(/[\s\-().]/g, '');
  if (s.startsWith('00')) s = '+' + s.slice(2);
  let cc: string;
  let national: string;
  if (s.startsWith('+')) {
    const digits = s.slice(1);
    if (!/^\d{8,15}$/.test(digits)) return undefined;
    if (digits.startsWith('86')) return CN_MOBILE.test(digits.slice(2)) ? '+' + digits : undefined;
    return '+' + digits;
  }
  cc = countryCode.replace(/^\+/, '');
  national = s;
  if (!/^\d{1,3}$/.test(cc) || !/^\d{4,14}$/.test(national)) return undefined;
  if (cc === '86') return CN_MOBILE.test(national) ? '+86' + national : undefined;
  national = national.replace(/^0+/, '');
  const full = cc + national;
  return full.length >= 8 && full.length <= 15 ? '+' + full : undefined;
}

/**
 * Lower-cased, trimmed email, or undefined when it is not an address. Invisible and control characters
 * are refused: `admin\u200b@example.com` would look like someone else's address.
 */
export function normalizeEmail(raw: string): string | undefined {
  const s = raw.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s) && s.length <= 254 && !hasInvisibleCharacters(s) ? s : undefined;
}
