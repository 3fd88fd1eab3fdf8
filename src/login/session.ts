/**
 * The SSO session: who is signed in to Portico in this browser. Kept in the shared short-lived
 * store under the hash of an unguessable token, so any node can read it and the token never rests in clear.
 */
import type { GivenFactor } from '../factors/views.ts';
import { createHash } from 'node:crypto';
import { randomToken } from '../crypto/random-token.ts';
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
  /** The source type of the first factor (an application's second-factor policy may ask only after some). */
  method?: string;
  /** The second factors given, and when: an application accepting other kinds asks for one of its own (src/factors/policy.ts). */
  factors?: GivenFactor[];
  /**
   * The application the person signed in for, by its Portico id, whatever its protocol (absent from
   * sessions started before it was kept). The session itself serves every application (SSO).
   */
  applicationId?: string;
  createdAt: number;
  lastSeenAt: number;
}

/** A session's id: the hash of its token, which names it in the store and to the protocols (never the token itself). */
export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('base64url');
const keyOfId = (sessionId: string) => `session:${sessionId}`;
const keyOf = (token: string) => keyOfId(sessionIdOf(token));
/** When an administrator last signed the user out everywhere: their sessions begun before then are over. */
const signedOutAtKey = (userId: string) => `session-signed-out:${userId}`;

/** What ended: one browser's sign-in (`sessionId`), or, without one, every sign-in of the user (an administrator's action). */
export interface EndedSignIn {
  userId: string;
  sessionId?: string;
}
/**
 * Told whenever sign-ins end, so that each protocol signs the person out of its applications too
 * (src/oidc/logout/). Answers the pages a browser signing out should load for that (front-channel
 * logout); it reports its own failures, which never stop the sign-out.
 */
export type SignOutListener = (ended: EndedSignIn) => Promise<string[]>;

export function createSessions(shortLived: ShortLivedStore, secureCookies: boolean) {
  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, secure: secureCookies, path: '/' };
  const listeners: SignOutListener[] = [];

  /** Tells every protocol; answers the pages to load in the browser, from those that answered. */
  async function signedOut(ended: EndedSignIn): Promise<string[]> {
    const answers = await Promise.allSettled(listeners.map((listener) => listener(ended)));
    return answers.flatMap((a) => (a.status === 'fulfilled' ? a.value : []));
  }
  /** Ends the session a token names; the protocols are told when there was one. */
  async function endToken(token: string): Promise<string[]> {
    const ended = await shortLived.take<SsoSession>(keyOf(token));
    return ended ? signedOut({ userId: ended.userId, sessionId: sessionIdOf(token) }) : [];
  }

  // Only the cookies are read, so the OIDC provider (a Koa app inside) can ask too.
  async function read(request: Pick<FastifyRequest, 'cookies'>): Promise<{ token: string; session: SsoSession } | undefined> {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return undefined;
    const session = await shortLived.get<SsoSession>(keyOf(token));
    const now = Date.now();
    if (!session || session.createdAt + SESSION_ABSOLUTE_MS <= now || session.lastSeenAt + SESSION_IDLE_MS <= now) return undefined;
    const signedOutAt = await shortLived.get<number>(signedOutAtKey(session.userId));
    if (signedOutAt !== undefined && session.createdAt <= signedOutAt) return undefined;
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
    async start(request: FastifyRequest, reply: FastifyReply, who: Pick<SsoSession, 'userId' | 'amr' | 'method' | 'factors'> & { applicationId: string }): Promise<SsoSession> {
      const old = request.cookies[SESSION_COOKIE];
      if (old) await shortLived.delete(keyOf(old));
      const token = randomToken(SESSION_TOKEN_BYTES);
      const now = Date.now();
      const session: SsoSession = { userId: who.userId, amr: who.amr, method: who.method, factors: who.factors, applicationId: who.applicationId, createdAt: now, lastSeenAt: now };
      await shortLived.set(keyOf(token), session, SESSION_IDLE_MS);
      reply.setCookie(SESSION_COOKIE, token, cookieOptions);
      return session;
    },
    /** Ends the session a token names, wherever the request came from (RP-initiated logout at the provider). */
    async revoke(token: string): Promise<void> {
      await endToken(token);
    },
    /**
     * Ends the session its id names, wherever it is used, when `holds` agrees it is the person's (a SAML
     * SP's LogoutRequest names it by SessionIndex); answers whose it was and the pages to load, when one ended.
     */
    async endById(sessionId: string, holds: (session: SsoSession) => boolean | Promise<boolean>): Promise<{ userId: string; frames: string[] } | undefined> {
      const key = keyOfId(sessionId);
      const session = await shortLived.get<SsoSession>(key);
      if (!session || !(await holds(session)) || !(await shortLived.take<SsoSession>(key))) return undefined;
      return { userId: session.userId, frames: await signedOut({ userId: session.userId, sessionId }) };
    },
    /** Signs this browser out; answers the pages it should load to sign out of the applications too. */
    async end(request: FastifyRequest, reply: FastifyReply): Promise<string[]> {
      const token = request.cookies[SESSION_COOKIE];
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return token ? endToken(token) : [];
    },
    /**
     * Signs the user out of Portico and every application, in every browser (an administrator disabled,
     * locked or deleted them). Sessions are not listed by user: a mark ends every one begun before it,
     * and outlives the longest of them.
     */
    async signOutEverywhere(userId: string): Promise<void> {
      await shortLived.set(signedOutAtKey(userId), Date.now(), SESSION_ABSOLUTE_MS);
      await signedOut({ userId });
    },
    onSignOut(listener: SignOutListener) {
      listeners.push(listener);
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
