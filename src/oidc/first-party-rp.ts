/**
 * A relying party inside Portico for its own first-party applications (the User Center): it signs
 * in through Portico's provider like any application would — authorization code flow with PKCE,
 * `state`, `nonce` and `iss` checked, the code exchanged server side, the ID token verified — and
 * keeps its own session. The exchange goes through Fastify's in-process injection, so it needs no
 * route from the server back to its own public URL.
 */
import { secretsEqual } from '../crypto/constant-time.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet } from 'jose';
import type { AppContext } from '../context.ts';
import { fail } from '../errors.ts';
import { issuerOf } from '../protocols/oidc/endpoints.ts';
import { INTERACTION_TTL_S, OIDC_MOUNT_PATH, SIGNING_ALGS } from './policy.ts';
import { authorizationRequest, rpSecret as secret, sha256 } from './rp-request.ts';

/** The application's own session is short and renewed silently through SSO, so it tracks SSO closely. */
export const FIRST_PARTY_SESSION_TTL_MS = 60 * 60 * 1000;

export interface RpSession {
  userId: string;
  /** Kept for `id_token_hint` at sign-out. */
  idToken: string;
  createdAt: number;
  /** What `boundTo` answered when the session began. */
  binding?: string;
}

interface RpTransaction {
  verifier: string;
  nonce: string;
  returnTo: string;
  /** Hash of the browser-binding secret. */
  browser: string;
  /** The `max_age` asked, in seconds: the ID token's `auth_time` must be that recent. */
  maxAgeS?: number;
}

/**
 * What a sign-in must be (OpenID Connect Core §3.1.2.1): made now (`prompt=login`: the provider's own
 * session answers `max_age` by itself, so only this makes the person sign in again), no older than
 * `max_age` (so that the ID token carries `auth_time`, checked below), of an `acr_values` level (./acr.ts).
 */
export interface SignInDemand {
  prompt?: 'login';
  maxAgeS?: number;
  acrValues?: string;
}

/** Clock slack for `auth_time` against `max_age`: the provider's clock is this node's, so a little is plenty. */
const AUTH_TIME_SKEW_S = 5;

type Inject = (request: { method: 'GET' | 'POST'; url: string; headers: Record<string, string>; payload?: string }) => Promise<{ statusCode: number; body: string }>;


export function createFirstPartyRp(o: {
  ctx: AppContext;
  clientId: string;
  callbackPath: string;
  postLogoutPath: string;
  /** Name of the session cookie; the transaction cookie adds `_tx`. */
  cookie: string;
  secureCookies: boolean;
  inject: Inject;
  /**
   * Optional: names the browser's sign-in at Portico (its SSO session). The application's session
   * holds only while that answer stays the same, so signing in as someone else, or signing out of
   * Portico anywhere, ends it at the next request instead of up to an hour later.
   */
  boundTo?: (request: FastifyRequest) => Promise<string | undefined>;
}) {
  const { shortLived, config } = o.ctx;
  const issuer = issuerOf(config.publicUrl);
  const redirectUri = config.publicUrl + o.callbackPath;
  const host = new URL(config.publicUrl).host;
  const txCookie = `${o.cookie}_tx`;
  const sessionKey = (token: string) => `rp-session:${o.clientId}:${sha256(token)}`;
  const transactionKey = (state: string) => `rp-tx:${o.clientId}:${sha256(state)}`;
  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, secure: o.secureCookies, path: '/' };
  // The provider's public keys, fetched at the first sign-in and again only for a key id they lack (a rotation).
  let keySet: ReturnType<typeof createLocalJWKSet> | undefined;
  const fetchKeys = async () => {
    const jwks = await o.inject({ method: 'GET', url: `${OIDC_MOUNT_PATH}/jwks`, headers: { host } });
    return (keySet = createLocalJWKSet(JSON.parse(jwks.body) as JSONWebKeySet));
  };
  const verifyIdToken = async (idToken: string) => {
    const options = { issuer, audience: o.clientId, algorithms: [...SIGNING_ALGS] };
    try {
      return await jwtVerify(idToken, keySet ?? (await fetchKeys()), options);
    } catch (error) {
      if (!(error instanceof joseErrors.JWKSNoMatchingKey)) throw error;
      return jwtVerify(idToken, await fetchKeys(), options);
    }
  };
  return {
    async read(request: FastifyRequest): Promise<RpSession | undefined> {
      const token = request.cookies[o.cookie];
      const session = token ? await shortLived.get<RpSession>(sessionKey(token)) : undefined;
      if (!session || !o.boundTo) return session;
      const binding = await o.boundTo(request);
      return binding !== undefined && binding === session.binding ? session : undefined;
    },

    /**
     * Sends the browser to the provider; it comes back to the callback with a code. `demand`: what the
     * sign-in must be (above); none for the usual sign-in, which SSO answers silently.
     */
    async begin(request: FastifyRequest, reply: FastifyReply, returnTo: string, demand: SignInDemand = {}) {
      let browserSecret = request.cookies[txCookie];
      if (!browserSecret || browserSecret.length < 32) {
        browserSecret = secret();
        // Lax: the callback is a top-level navigation, which Lax cookies accompany.
        reply.setCookie(txCookie, browserSecret, { ...cookieOptions, path: o.callbackPath, maxAge: INTERACTION_TTL_S });
      }
      const { state, nonce, verifier, query } = authorizationRequest({ clientId: o.clientId, redirectUri, scope: 'openid profile' });
      if (demand.prompt) query.set('prompt', demand.prompt);
      if (demand.maxAgeS !== undefined) query.set('max_age', String(demand.maxAgeS));
      if (demand.acrValues) query.set('acr_values', demand.acrValues);
      const transaction: RpTransaction = { verifier, nonce, returnTo, browser: sha256(browserSecret), maxAgeS: demand.maxAgeS };
      await shortLived.set(transactionKey(state), transaction, INTERACTION_TTL_S * 1000);
      return reply.redirect(`${OIDC_MOUNT_PATH}/auth?${query}`, 303);
    },

    /** The callback: one-time state bound to this browser, `iss`, code exchange, ID token; then a session. */
    async complete(request: FastifyRequest<{ Querystring: Record<string, string | undefined> }>, reply: FastifyReply): Promise<{ returnTo: string }> {
      const { state, code, iss, error } = request.query;
      const stateRefused = () => fail('oidc.callback_state_invalid', 'This sign-in link expired, was already used, or belongs to another browser.');
      // The browser is checked before the state is used up: a replay from elsewhere cannot burn this browser's sign-in.
      const transaction = state ? await shortLived.get<RpTransaction>(transactionKey(state)) : undefined;
      if (!transaction || !secretsEqual(transaction.browser, sha256(request.cookies[txCookie] ?? ''))) throw stateRefused();
      if (!(await shortLived.take<RpTransaction>(transactionKey(state!)))) throw stateRefused();
      // RFC 9207: the answer must come from our issuer (mix-up defence).
      if (iss !== issuer) throw fail('oidc.callback_invalid', 'The authorization response names another issuer.');
      if (error || !code) throw fail('oidc.callback_error', `The provider answered ${error ?? 'without a code'}.`);

      const exchanged = await o.inject({
        method: 'POST',
        url: `${OIDC_MOUNT_PATH}/token`,
        headers: { host, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: o.clientId, code_verifier: transaction.verifier }).toString(),
      });
      const tokens = JSON.parse(exchanged.body) as { id_token?: string; error?: string };
      if (exchanged.statusCode !== 200 || !tokens.id_token) throw fail('oidc.callback_invalid', `The token endpoint answered ${tokens.error ?? exchanged.statusCode}.`);

      let sub: string;
      try {
        const { payload } = await verifyIdToken(tokens.id_token);
        if (payload.nonce !== transaction.nonce || typeof payload.sub !== 'string') throw new Error('nonce or sub mismatch');
        // OpenID Connect Core §3.1.3.7 (13): with max_age asked, auth_time says the sign-in is that recent.
        if (transaction.maxAgeS !== undefined && !(typeof payload.auth_time === 'number' && payload.auth_time >= Date.now() / 1000 - transaction.maxAgeS - AUTH_TIME_SKEW_S)) {
          throw new Error('auth_time missing or older than max_age');
        }
        sub = payload.sub;
      } catch (cause) {
        throw fail('oidc.callback_invalid', 'The ID token could not be verified.', { cause });
      }

      const token = secret();
      const session: RpSession = { userId: sub, idToken: tokens.id_token, createdAt: Date.now(), binding: await o.boundTo?.(request) };
      await shortLived.set(sessionKey(token), session, FIRST_PARTY_SESSION_TTL_MS);
      reply.setCookie(o.cookie, token, cookieOptions);
      reply.clearCookie(txCookie, { ...cookieOptions, path: o.callbackPath });
      return { returnTo: transaction.returnTo };
    },

    /** Ends this application's session; returns where RP-initiated logout continues at the provider. */
    async end(request: FastifyRequest, reply: FastifyReply): Promise<string | undefined> {
      const token = request.cookies[o.cookie];
      const session = token ? await shortLived.take<RpSession>(sessionKey(token)) : undefined;
      reply.clearCookie(o.cookie, cookieOptions);
      if (!session) return undefined;
      const query = new URLSearchParams({ id_token_hint: session.idToken, post_logout_redirect_uri: config.publicUrl + o.postLogoutPath, client_id: o.clientId });
      return `${OIDC_MOUNT_PATH}/session/end?${query}`;
    },
  };
}

export type FirstPartyRp = ReturnType<typeof createFirstPartyRp>;
