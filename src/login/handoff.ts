/**
 * What a protocol's routes (src/cas/, src/saml/) need of a sign-in, the same for each: whether the
 * browser is signed in (an active person's SSO session); a second factor the application asks of that
 * session, given at /login/factor before coming back; and a sign-in at the application's login page,
 * which comes back to the protocol's resume path with what the protocol had waiting (in the shared store).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { loginPageHref, SECOND_FACTOR_PATH, stepUpDue, type LoginServices } from './context.ts';
import type { SsoSession } from './session.ts';
import { activeUser } from '../directory/user-store.ts';

/** How long a protocol's sign-in may take at the login page: the login transaction's 10 minutes. */
export const HANDOFF_TTL_MS = 10 * 60 * 1000;

/** What waits while the person signs in: the protocol's own state, the application, and when it began. */
export type Waiting<T> = T & { applicationId: string; at: number };

export function protocolHandoff<T extends object>(s: LoginServices, o: { name: string; resumePath(handle: string): string }) {
  const key = (handle: string) => `${o.name}-login:${handle}`;
  return {
    /** The signed-in person's session, when there is one and the person may still sign in. */
    async signedIn(request: FastifyRequest): Promise<SsoSession | undefined> {
      const current = await s.sessions.read(request);
      return current && (await activeUser(s.ctx.store.db, current.session.userId)) ? current.session : undefined;
    },

    /**
     * True (and the browser sent to /login/factor, back at `here` after) when the application asks this
     * session for a second factor it has not given; `here` may be made only then (a handle to keep).
     */
    async stepUp(request: FastifyRequest, reply: FastifyReply, applicationId: string, session: SsoSession, here: string | (() => Promise<string>)): Promise<boolean> {
      if (!(await stepUpDue(s, request, applicationId, session, false))) return false;
      const { userId, amr, method, factors } = session;
      const returnTo = typeof here === 'string' ? here : await here();
      await s.secondFactors.start(reply, { userId, amr, method, factors, applicationId, action: 'login.step_up', reason: 'factor.step_up', returnTo, stepUp: true });
      reply.redirect(SECOND_FACTOR_PATH, 303);
      return true;
    },

    /** Off to the application's login page with `waiting` kept; the browser comes back to the resume path signed in. */
    async toLoginPage(reply: FastifyReply, waiting: Waiting<T>) {
      const handle = randomBytes(18).toString('base64url');
      await s.ctx.shortLived.set(key(handle), waiting, HANDOFF_TTL_MS);
      return reply.redirect(loginPageHref(waiting.applicationId, o.resumePath(handle)), 303);
    },

    /** What was waiting for this handle, once (undefined when it expired or was used). */
    take: (handle: string) => s.ctx.shortLived.take<Waiting<T>>(key(handle)),
  };
}
