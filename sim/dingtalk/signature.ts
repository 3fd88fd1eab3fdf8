// Legacy sns signature (ref §4.3): base64(HMAC-SHA256(key = appSecret, message = timestamp)).
import { createHmac, timingSafeEqual } from 'node:crypto';

export function legacySignature(appSecret: string, timestamp: string): string {
  return createHmac('sha256', appSecret).update(timestamp, 'utf8').digest('base64');
}

/** `signature` as received after query decoding (so '+' must have been sent as %2B). */
export function verifyLegacySignature(appSecret: string, timestamp: string, signature: string): boolean {
  const expected = Buffer.from(legacySignature(appSecret, timestamp));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
