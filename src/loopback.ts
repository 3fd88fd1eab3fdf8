/** Which hosts are this machine itself: where development conveniences (plain http, the demo) are allowed. */
import { BlockList, isIP } from 'node:net';

/** Loopback addresses: 127.0.0.0/8 (RFC 1122 §3.2.1.3) and ::1 (RFC 4291 §2.5.3); IPv4-mapped forms match too. */
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
/** The one name taken as loopback; any other name may resolve anywhere (RFC 6761 §6.3 reserves it). */
const LOOPBACK_NAME = 'localhost';

/** True for a loopback address or `localhost`; brackets around an IPv6 address are allowed (URL form). */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === LOOPBACK_NAME) return true;
  const family = isIP(h);
  return family !== 0 && LOOPBACK.check(h, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The rule for a URL Portico sends people, codes or secrets to: https, or plain http to this machine
 * only (development: a simulator, a gateway beside the node), and never with credentials in it.
 */
export function isHttpsOrLoopback(url: URL): boolean {
  if (url.username || url.password) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}
