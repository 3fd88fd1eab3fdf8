/**
 * An external identity waiting to be bound by phone + code. It lives 10 minutes in the shared store,
 * is bound to this browser by a cookie, and is consumed when the binding is made.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ShortLivedStore } from '../store/short-lived.ts';
import { fail } from '../errors.ts';
import type { ExternalIdentity } from '../identity/types.ts';

export const PENDING_TTL_MS = 10 * 60 * 1000;
export const PENDING_COOKIE = 'portico_pending';

export interface PendingBinding {
  applicationId: string;
  sourceId: string;
  /** The source's type, naming the events and the page's words. */
  type: string;
  /** The sign-in method the attempt is recorded under, when not the type (an in-app sign-in). */
  method?: string;
  returnTo: string;
  identity: ExternalIdentity;
  reason: string;
}

const key = (id: string) => `pending-binding:${id}`;

export function createPendingBindings(shortLived: ShortLivedStore, secureCookies: boolean) {
  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, secure: secureCookies, path: '/login' };
  return {
    async put(reply: FastifyReply, pending: PendingBinding): Promise<string> {
      const id = randomBytes(24).toString('base64url');
      await shortLived.set(key(id), pending, PENDING_TTL_MS);
      reply.setCookie(PENDING_COOKIE, id, { ...cookieOptions, maxAge: PENDING_TTL_MS / 1000 });
      return id;
    },
    async get(request: FastifyRequest): Promise<{ id: string; pending: PendingBinding }> {
      const id = request.cookies[PENDING_COOKIE];
      const pending = id ? await shortLived.get<PendingBinding>(key(id)) : undefined;
      if (!id || !pending) throw fail('login.pending_missing', 'This binding page expired. Start the sign-in again.');
      return { id, pending };
    },
    /** Used once: the second of two concurrent submissions finds nothing. */
    async consume(reply: FastifyReply, id: string): Promise<PendingBinding | undefined> {
      reply.clearCookie(PENDING_COOKIE, cookieOptions);
      return shortLived.take<PendingBinding>(key(id));
    },
  };
}

export type PendingBindings = ReturnType<typeof createPendingBindings>;
