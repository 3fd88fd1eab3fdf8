/**
 * Demo mode runs only on the machine it was started on. It serves every recent SMS code at /dev/sms
 * without authentication, starts a DingTalk simulator whose app secrets are published, and seeds users
 * with a known password: reachable from a network, any of these signs a stranger in. So demo mode is
 * refused unless both where Portico listens and where browsers reach it are loopback.
 */
import { isLoopbackHost } from '../loopback.ts';

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
