// Alibaba Cloud RPC-style request signature, version 1.0 (HMAC-SHA1), as Dysmsapi 2017-05-25 expects it.
//
// Source: Alibaba Cloud "Request signature" (RPC API) and Short Message Service "Signature method" pages:
//   1. Sort every parameter except Signature by name (byte order).
//   2. Percent-encode names and values in UTF-8 per RFC 3986: A–Z a–z 0–9 - _ . ~ stay, everything else
//      becomes %XY (upper-case hex), a space is %20 (not +), `*` is %2A, `~` stays.
//   3. Join `name=value` pairs with `&`: the canonicalized query string.
//   4. StringToSign = HTTPMethod + '&' + percentEncode('/') + '&' + percentEncode(canonicalized query string).
//   5. Signature = Base64(HMAC-SHA1(key = AccessKeySecret + '&', StringToSign)).
// The published worked examples are pinned in aliyun-signature.test.ts.
import { createHmac } from 'node:crypto';

/** Aliyun's percent-encoding: encodeURIComponent plus the five characters it leaves alone but Aliyun does not. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `name=value&…`, sorted by name, both percent-encoded. `Signature` itself never takes part. */
export function canonicalQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((name) => name !== 'Signature')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name])}`)
    .join('&');
}

export function stringToSign(method: 'GET' | 'POST', params: Readonly<Record<string, string>>): string {
  return `${method}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
}

export function signRpc(method: 'GET' | 'POST', params: Readonly<Record<string, string>>, accessKeySecret: string): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign(method, params), 'utf8').digest('base64');
}

/** ISO 8601 UTC without milliseconds: `2017-07-12T02:42:19Z`. */
export function aliyunTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
