/**
 * The SSO session: who is signed in to Portico in this browser. Kept in the shared short-lived
 * store under the hash of an unguessable token, so any node can read it and the token never rests in clear.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ShortLivedStore } from '../store/short-lived.ts';

/** 256-bit tokens from the CSPRNG (ASVS 5.0 §7.2.3 asks ≥ 128). */
const SESSION_TOKEN_BYTES = 32;
/** Idle and absolute timeouts, both enforced (ASVS 5.0 §7.3.1, §7.3.2). */
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** Extend the idle window at most once a minute: reads stay cheap. */
const TOUCH_EVERY_MS = 60 * 1000;
export const SESSION_COOKIE = 'portico_session';

export interface SsoSession {
  userId: string;
  /** How the user proved who they are, e.g. `pwd`, `sms`, `dingtalk` (OIDC `amr`). */
  amr: string[];
  /**
   * The application the person signed in for, by its Portico id, whatever its protocol (absent from
   * sessions started before it was kept). The session itself serves every application (SSO).
   */
  applicationId?: string;
  createdAt: number;
  lastSeenAt: number;
}

const keyOf = (token: string) => `session:${createHash('sha256').update(token).digest('base64url')}`;

export function createSessions(shortLived: ShortLivedStore, secureCookies: boolean) {
  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, secure: secureCookies, path: '/' };

  // Only the cookies are read, so the OIDC provider (a Koa app inside) can ask too.
  async function read(request: Pick<FastifyRequest, 'cookies'>): Promise<{ token: string; session: SsoSession } | undefined> {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return undefined;
    const session = await shortLived.get<SsoSession>(keyOf(token));
    const now = Date.now();
    if (!session || session.createdAt + SESSION_ABSOLUTE_MS <= now || session.lastSeenAt + SESSION_IDLE_MS <= now) return undefined;
    if (session.lastSeenAt + TOUCH_EVERY_MS < now) {
      const touched = { ...session, lastSeenAt: now };
      await shortLived.set(keyOf(token), touched, Math.min(SESSION_IDLE_MS, session.createdAt + SESSION_ABSOLUTE_MS - now));
      return { token, session: touched };
    }
    return { token, session };
  }

  return {
    read,
    /** Starts a new session at every sign-in, ending the old one (no fixation; ASVS §7.2.4). */
    async start(request: FastifyRequest, reply: FastifyReply, who: Pick<SsoSession, 'userId' | 'amr'> & { applicationId: string }): Promise<SsoSession> {
      const old = request.cookies[SESSION_COOKIE];
      if (old) await shortLived.delete(keyOf(old));
      const token = randomBytes(SESSION_TOKEN_BYTES).toString('base64url');
      const now = Date.now();
      const session: SsoSession = { userId: who.userId, amr: who.amr, applicationId: who.applicationId, createdAt: now, lastSeenAt: now };
      await shortLived.set(keyOf(token), session, SESSION_IDLE_MS);
      reply.setCookie(SESSION_COOKIE, token, cookieOptions);
      return session;
    },
    /** Ends the session a token names, wherever the request came from (RP-initiated logout at the provider). */
    async revoke(token: string): Promise<void> {
      await shortLived.delete(keyOf(token));
    },
    async end(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await shortLived.delete(keyOf(token));
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
