/**
 * The second step of a sign-in to an application whose policy asks for a second factor: the first
 * factor's result waits here (10 minutes, bound to this browser by a cookie, in the shared store)
 * until the person gives a code, enrolls an authenticator app, or runs out of tries. Nothing signs the
 * person in before that: the SSO session is started only by ./context.ts `completeSignIn`, from here.
 */
import { randomToken } from '../crypto/random-token.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ShortLivedStore } from '../store/short-lived.ts';
import { fail } from '../errors.ts';
import type { Db } from '../store/database.ts';
import { prepareQuery } from '../store/prepared.ts';
import type { SecondFactorPolicy } from '../factors/views.ts';
import { policyOf } from '../factors/policy.ts';
import type { SignInResult } from './context.ts';

export const SECOND_FACTOR_TTL_MS = 10 * 60 * 1000;
export const SECOND_FACTOR_COOKIE = 'portico_2fa';
/** Wrong codes one challenge takes before it ends and the sign-in starts over (issue 16; OWASP ASVS 5.0 §6.3.1). */
export const MAX_SECOND_FACTOR_ATTEMPTS = 5;

export interface PendingSecondFactor {
  signIn: SignInResult;
  attempts: number;
  /** Enrolling an authenticator app (the user had none and the policy has them enroll): its unconfirmed factor. */
  enrolling?: string;
  /** Just enrolled: the recovery codes, shown once before the sign-in continues. */
  recoveryCodes?: string[];
  /** Just enrolled: the kind, and what enrolling proved (RFC 8176) for the sign-in's `amr`. */
  enrolled?: { kind: 'totp' | 'passkey'; amr: string[] };
}

const key = (id: string) => `second-factor:${id}`;

// Asked at every sign-in and at every provider authorization (src/oidc/sso-bridge.ts): prepared once.
const policyQuery = prepareQuery(['id'], (conn, v) => conn.selectFrom('applications').select('second_factor').where('id', '=', v.id));

export async function secondFactorPolicy(db: Db, applicationId: string): Promise<SecondFactorPolicy> {
  const [row] = (await policyQuery(db, { id: applicationId })).rows;
  return policyOf(row?.second_factor);
}

export function createSecondFactorChallenges(shortLived: ShortLivedStore, secureCookies: boolean) {
  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, secure: secureCookies, path: '/login' };
  return {
    async start(reply: FastifyReply, signIn: SignInResult): Promise<void> {
      const id = randomToken(24);
      await shortLived.set(key(id), { signIn, attempts: 0 } satisfies PendingSecondFactor, SECOND_FACTOR_TTL_MS);
      reply.setCookie(SECOND_FACTOR_COOKIE, id, { ...cookieOptions, maxAge: SECOND_FACTOR_TTL_MS / 1000 });
    },
    async get(request: FastifyRequest): Promise<{ id: string; pending: PendingSecondFactor }> {
      const id = request.cookies[SECOND_FACTOR_COOKIE];
      const pending = id ? await shortLived.get<PendingSecondFactor>(key(id)) : undefined;
      if (!id || !pending) throw fail('factor.challenge_missing', 'This sign-in step expired. Sign in again.');
      return { id, pending };
    },
    async save(id: string, pending: PendingSecondFactor): Promise<void> {
      await shortLived.set(key(id), pending, SECOND_FACTOR_TTL_MS);
    },
    /** Ends the challenge; the second of two concurrent submissions finds nothing. */
    async end(reply: FastifyReply, id: string): Promise<PendingSecondFactor | undefined> {
      reply.clearCookie(SECOND_FACTOR_COOKIE, cookieOptions);
      return shortLived.take<PendingSecondFactor>(key(id));
    },
  };
}

export type SecondFactorChallenges = ReturnType<typeof createSecondFactorChallenges>;
