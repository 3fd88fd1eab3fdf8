/**
 * Fetching an SP's metadata from the URL an administrator gives, without letting that URL reach inside
 * Portico's network (SSRF; OWASP SSRF Prevention Cheat Sheet, "Case 2: the application can send requests
 * to any external IP address or domain name"): https only (plain http to loopback only when Portico itself
 * runs on loopback: development, the tests; src/loopback.ts); the host resolved here and refused when any
 * of its addresses is special-use (private, loopback, link-local, unique-local, shared, documentation,
 * multicast…: the IANA special-purpose registries), the connection then made to the address checked (so a
 * second DNS answer cannot swap it: DNS rebinding); no redirect followed; bounded in time and size.
 */
import http from 'node:http';
import https from 'node:https';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { fail, PorticoError } from '../errors.ts';
import { isLoopbackHost } from '../loopback.ts';
import { SP_METADATA_MAX_BYTES } from './sp-metadata.ts';

/**
 * The whole fetch (resolving, connecting, TLS, the answer) gives up after this: the administrator is
 * waiting, and a slow server must not hold a request open (OWASP: limit what an outbound call may cost).
 */
export const METADATA_FETCH_TIMEOUT_MS = 5_000;
/** Read no further than the metadata Portico takes (./sp-metadata.ts): a larger answer is refused, not buffered. */
export const METADATA_FETCH_MAX_BYTES = SP_METADATA_MAX_BYTES;

/**
 * Addresses no metadata is fetched from: IANA's IPv4 and IPv6 Special-Purpose Address Registries, and
 * multicast. IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are checked against the IPv4 rules by BlockList;
 * NAT64 (64:ff9b::/96) by the IPv4 address they embed (isSpecialUseAddress below).
 */
const SPECIAL_USE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private (RFC 1918)
  ['100.64.0.0', 10], // shared address space, carrier-grade NAT (RFC 6598)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local: cloud metadata services answer here (169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and broadcast
] as const) {
  SPECIAL_USE.addSubnet(net, bits, 'ipv4');
}
/** IPv6: only global unicast (2000::/3) is taken, less its special-purpose blocks. */
const GLOBAL_UNICAST = new BlockList();
GLOBAL_UNICAST.addSubnet('2000::', 3, 'ipv6');
for (const [net, bits] of [
  ['2001::', 23], // IETF protocol assignments (Teredo among them)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: reaches whatever IPv4 address it embeds
  ['3fff::', 20], // documentation (RFC 9637)
] as const) {
  SPECIAL_USE.addSubnet(net, bits, 'ipv6');
}
const IPV4_MAPPED = new BlockList();
IPV4_MAPPED.addSubnet('::ffff:0:0', 96, 'ipv6');
const NAT64 = new BlockList();
NAT64.addSubnet('64:ff9b::', 96, 'ipv6');

/** The 8 groups of an IPv6 address (any textual form; a zone ID dropped). */
function ipv6Groups(address: string): number[] {
  const canonical = new URL(`http://[${address.split('%')[0]}]`).hostname.slice(1, -1);
  const [head, tail] = canonical.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - h.length - t.length).fill('0');
  return [...h, ...zeros, ...t].map((g) => parseInt(g, 16));
}

/** True when no request should reach `address` from an administrator's URL. */
export function isSpecialUseAddress(address: string): boolean {
  const family = isIP(address.split('%')[0]);
  if (family === 4) return SPECIAL_USE.check(address, 'ipv4');
  if (family !== 6) return true;
  const ip = address.split('%')[0];
  if (IPV4_MAPPED.check(ip, 'ipv6')) return SPECIAL_USE.check(ip, 'ipv6');
  if (NAT64.check(ip, 'ipv6')) {
    const g = ipv6Groups(ip);
    return SPECIAL_USE.check(`${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}`, 'ipv4');
  }
  return !GLOBAL_UNICAST.check(ip, 'ipv6') || SPECIAL_USE.check(ip, 'ipv6');
}

const notAllowed = (why: string) => fail('saml.metadata_url_not_allowed', `Portico does not fetch metadata from this URL: ${why}.`, { field: '/url' });
const unreachable = (why: string, cause?: unknown) => fail('saml.metadata_unreachable', `The metadata could not be fetched: ${why}.`, { field: '/url', cause });

/**
 * The metadata at `rawUrl`, as text. `publicUrl` is Portico's own: on loopback, plain http and loopback
 * addresses are allowed for loopback hosts (an SP beside a development Portico), as elsewhere in Portico.
 */
export async function fetchSpMetadata(rawUrl: string, publicUrl: string): Promise<string> {
  let url: URL;
  try {
    url = new URL(rawUrl.trim());
  } catch {
    throw notAllowed('it is not an absolute URL');
  }
  const onLoopback = isLoopbackHost(new URL(publicUrl).hostname);
  if (url.username || url.password) throw notAllowed('it holds credentials');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && onLoopback && isLoopbackHost(url.hostname))) throw notAllowed('only https URLs are fetched');
  const allowed = (address: string) => !isSpecialUseAddress(address) || (onLoopback && isLoopbackHost(address));

  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) && !allowed(host)) throw notAllowed(`${host} is a special-use address (private, loopback, link-local…)`);

  // Every address the name resolves to is checked, and the connection goes to one of them: the answer checked is the one used.
  const lookup = (hostname: string, options: { family?: number | string; all?: boolean }, callback: (...args: any[]) => void) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : Number(options.family ?? 0) || 0;
    dnsLookup(hostname, { all: true, family: family as 0 | 4 | 6 }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error);
      const refused = addresses.find((a) => !allowed(a.address));
      if (refused || !addresses.length) return callback(notAllowed(`${hostname} resolves to ${refused?.address ?? 'nothing'}, a special-use address (private, loopback, link-local…)`));
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };

  return new Promise<string>((resolve, reject) => {
    let settled = false;
    const settle = (error: unknown, text?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        request.destroy();
        reject(error);
      } else resolve(text!);
    };
    const request = (url.protocol === 'https:' ? https : http).get(url, {
      lookup: lookup as never,
      // No Accept-Encoding: the answer comes uncompressed, so the size read is the size taken (no decompression bomb).
      headers: { accept: 'application/samlmetadata+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1', 'user-agent': 'Portico SAML metadata import' },
    });
    const timer = setTimeout(() => settle(unreachable(`no answer within ${METADATA_FETCH_TIMEOUT_MS / 1000} s`)), METADATA_FETCH_TIMEOUT_MS);
    request.on('error', (error: NodeJS.ErrnoException) => settle(error instanceof PorticoError ? error : unreachable(networkProblem(error, url.hostname), error)));
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        const to = response.headers.location;
        return settle(unreachable(`it answered with a redirect (HTTP ${status}${to ? ` to ${to}` : ''}); redirects are not followed: give the final URL`));
      }
      if (status !== 200) return settle(unreachable(`it answered HTTP ${status}`));
      const tooLarge = () => fail('saml.metadata_too_large', `The metadata at this URL is larger than ${METADATA_FETCH_MAX_BYTES / 1024} KiB.`, { field: '/url' });
      if (Number(response.headers['content-length']) > METADATA_FETCH_MAX_BYTES) return settle(tooLarge());
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        // Stop reading at the limit: the connection is closed, the rest never read.
        if (size > METADATA_FETCH_MAX_BYTES) return settle(tooLarge());
        chunks.push(chunk);
      });
      response.on('error', (error) => settle(unreachable('the answer was cut off', error)));
      response.on('end', () => settle(null, Buffer.concat(chunks).toString('utf8')));
    });
  });
}

function networkProblem(error: NodeJS.ErrnoException, host: string): string {
  switch (error.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${host} could not be resolved`;
    case 'ECONNREFUSED':
      return `${host} refused the connection`;
    case 'ECONNRESET':
      return 'the connection was reset';
    default:
      return error.code?.startsWith('ERR_TLS') || error.code?.includes('CERT') ? `its TLS certificate is not trusted (${error.code})` : error.message || 'a network error';
  }
}
