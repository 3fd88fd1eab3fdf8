// The simulated DingTalk client's "who is signed in": one cookie on the simulator's origin, read by the
// workbench and by the JSAPI's code endpoint (a real client knows its user; a browser needs the cookie).
import type { FastifyRequest } from 'fastify';
import type { SimUser } from './fixture.ts';
import type { World } from './world.ts';

export const CLIENT_COOKIE = 'sim_dt_client';

/** DingTalk's containers name themselves in the user agent (ref §3.1). */
export const IN_DINGTALK_UA = /DingTalk/;
/** The PC client; "Mac" alone would also match iPhones ("like Mac OS X"). */
export const PC_UA = /Windows|Macintosh/;
export const IOS_UA = /iPhone|iPad/;

/**
 * SameSite=Lax: sent on the JSAPI's credentialed fetch from a page of the same site (same host name,
 * any port), not from other sites. HttpOnly: only the simulator reads it.
 */
export function clientCookie(unionId: string | undefined): string {
  const attrs = 'Path=/; SameSite=Lax; HttpOnly';
  return unionId === undefined ? `${CLIENT_COOKIE}=; Max-Age=0; ${attrs}` : `${CLIENT_COOKIE}=${encodeURIComponent(unionId)}; ${attrs}`;
}

/** The active member signed in to the simulated client, if any. */
export function signedInUser(world: World, request: FastifyRequest): SimUser | undefined {
  const header = request.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== CLIENT_COOKIE) continue;
    let unionId: string;
    try {
      unionId = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
    const user = world.users.get(unionId);
    return user?.active ? user : undefined;
  }
  return undefined;
}

/** The homepage the client opens for the user agent: the PC one from the PC client (ref §3.4). */
export function isPcClient(userAgent: string | undefined): boolean {
  const ua = userAgent ?? '';
  return IN_DINGTALK_UA.test(ua) && PC_UA.test(ua);
}
