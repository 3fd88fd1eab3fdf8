/**
 * Login transactions: one per sign-in through an external source (a DingTalk scan, a trip to an IdP). The OAuth `state` is random, lives
 * 10 minutes, is bound to this browser by a cookie, pins the source it was issued for (mix-up
 * defence, RFC 9700 §4.4.2), and is consumed on first use (RFC 9700 §2.1; ASVS §10.1.2).
 */
import { createHash } from 'node:crypto';
import { randomToken } from '../crypto/random-token.ts';
import { secretsEqual } from '../crypto/constant-time.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ShortLivedStore } from '../store/short-lived.ts';
import { fail } from '../errors.ts';

export const LOGIN_TRANSACTION_TTL_MS = 10 * 60 * 1000;
const STATE_BYTES = 24;
/** The browser-binding cookie; its value is a secret only this browser holds. */
export const TRANSACTION_COOKIE = 'portico_ltx';

export interface LoginTransaction {
  /** The application being signed in to, by its Portico id (whatever its protocol). */
  applicationId: string;
  sourceId: string;
  returnTo: string;
  /** Set when a signed-in user binds an external account from the User Center, rather than signing in. */
  linkUserId?: string;
  /** What the source type keeps for the callback (a PKCE verifier, a nonce): ExternalSignIn.start's `carry`. */
  carry?: unknown;
  /** The sign-in method the attempt is recorded under, when not the source's type (SignInStart's `method`). */
  method?: string;
  /** Hash of the browser-binding secret. */
  browser: string;
  createdAt: number;
}

const hash = (v: string) => createHash('sha256').update(v).digest('base64url');
const key = (state: string) => `login-tx:${hash(state)}`;

export function createTransactions(shortLived: ShortLivedStore, secureCookies: boolean) {
  // Lax: the callback arrives as a top-level navigation from the upstream, which Lax cookies accompany.
  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, secure: secureCookies, path: '/login' };

  return {
    /** A fresh `state`: the source type builds its request with it before the transaction is stored. */
    newState: () => randomToken(STATE_BYTES),

    /** Stores the transaction for `state`, bound to this browser by a cookie. */
    async begin(request: FastifyRequest, reply: FastifyReply, state: string, transaction: Omit<LoginTransaction, 'browser' | 'createdAt'>): Promise<void> {
      let browserSecret = request.cookies[TRANSACTION_COOKIE];
      if (!browserSecret || browserSecret.length < 32) {
        browserSecret = randomToken(32);
        reply.setCookie(TRANSACTION_COOKIE, browserSecret, { ...cookieOptions, maxAge: LOGIN_TRANSACTION_TTL_MS / 1000 });
      }
      await shortLived.set(key(state), { ...transaction, browser: hash(browserSecret), createdAt: Date.now() }, LOGIN_TRANSACTION_TTL_MS);
    },

    /**
     * Consumes the transaction for `state`: unknown, expired, replayed or foreign-browser states are
     * refused. The browser and source are checked before the state is used up, so a callback replayed
     * from another browser cannot burn the real browser's sign-in.
     */
    async complete(request: FastifyRequest, state: unknown, sourceId: string): Promise<LoginTransaction> {
      if (state === undefined || state === '') throw fail('login.state_missing', 'The sign-in response is missing its state.');
      const invalidState = () => fail('login.state_invalid', 'This sign-in link has expired or was already used.');
      // One state, as text: a repeated parameter is no state Portico gave out.
      if (typeof state !== 'string') throw invalidState();
      const transaction = await shortLived.get<LoginTransaction>(key(state));
      if (!transaction) throw invalidState();
      if (!secretsEqual(transaction.browser, hash(request.cookies[TRANSACTION_COOKIE] ?? ''))) {
        throw fail('login.state_foreign', 'This sign-in was started in another browser.');
      }
      if (transaction.sourceId !== sourceId) throw fail('login.state_source_mismatch', 'This sign-in response came back to the wrong place.');
      // Single use: of two concurrent callbacks from this browser, exactly one takes it.
      if (!(await shortLived.take<LoginTransaction>(key(state)))) throw invalidState();
      return transaction;
    },
  };
}

export type Transactions = ReturnType<typeof createTransactions>;
