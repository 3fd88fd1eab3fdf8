/**
 * Signs and checks the provider's cookies. Same signatures as Koa's default signer (keygrip:
 * HMAC-SHA1, base64url), so cookies set before still verify; HMAC-SHA1 remains a sound MAC
 * (NIST SP 800-107). The comparison is crypto.timingSafeEqual on the two digests: keygrip's
 * (tsscmp) HMACs both sides again under a fresh random key on every check, and that alone was 4 %
 * of a sign-in's CPU through the provider.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type Keygrip from 'keygrip';

/** What the provider's `cookies.keys` accepts in place of a key list (keygrip's three methods). */
type CookieSigner = Pick<Keygrip, 'sign' | 'verify' | 'index'>;

export function cookieSigner(keys: readonly string[]): CookieSigner {
  if (keys.length === 0) throw new Error('cookie keys must be given');
  const mac = (data: string, key: string) => createHmac('sha1', key).update(data).digest('base64url');
  const index = (data: string, digest: string) => {
    const given = Buffer.from(digest);
    return keys.findIndex((key) => {
      const expected = Buffer.from(mac(data, key));
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
  };
  return {
    sign: (data) => mac(data, keys[0]),
    verify: (data, digest) => index(data, digest) > -1,
    index,
  };
}
