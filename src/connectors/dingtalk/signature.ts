// Legacy sns signature (ref §4.3): Base64(HMAC-SHA256(key = appSecret, message = timestamp alone)).
import { createHmac } from 'node:crypto';

/** Returns the raw base64 signature; URL-encode it once when putting it in the query (ref §4.3 step 3). */
export function legacySignature(appSecret: string, timestampMs: number | string): string {
  const ts = String(timestampMs);
  if (!/^\d+$/.test(ts)) throw new TypeError('timestampMs must be a non-negative integer in milliseconds');
  return createHmac('sha256', appSecret).update(ts, 'utf8').digest('base64');
}
