/**
 * Demo mode runs only on the machine it was started on. It serves every recent SMS code at /dev/sms
 * without authentication, starts a DingTalk simulator whose app secrets are published, and seeds users
 * with a known password: reachable from a network, any of these signs a stranger in. So demo mode is
 * refused unless both where Portico listens and where browsers reach it are loopback.
 */
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
 * Why demo mode may not run with this listen address and public URL, or undefined when both are
 * loopback. The public URL's host is read as browsers read it (`new URL`), so `http://127.1` counts as
 * 127.0.0.1 and `http://0x7f000001` too.
 */
export function demoExposure(listenHost: string, publicUrl: string): string | undefined {
  if (!isLoopbackHost(listenHost)) return `PORTICO_HOST is ${listenHost}, not a loopback address`;
  const publicHost = new URL(publicUrl).hostname;
  if (!isLoopbackHost(publicHost)) return `PORTICO_PUBLIC_URL's host is ${publicHost}, not localhost or a loopback address`;
  return undefined;
}
