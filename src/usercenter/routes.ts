/**
 * The User Center: its page (/account) and its API (/api/me). It is an application like any other:
 * it signs in through Portico's OpenID Connect provider (code flow with PKCE) and keeps its own
 * session; signing out of it is RP-initiated logout, which ends the Portico SSO session too.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { USER_CENTER_SIGN_IN, type LoginServices } from '../login/context.ts';
import { localeOf, sendPage } from '../pages/send.ts';
import { setUpPages } from '../pages/plugin.ts';
import { checkCsrf, ensureCsrf } from '../pages/csrf.ts';
import { fail } from '../errors.ts';
import { USER_CENTER_APP_ID, USER_CENTER_CLIENT_ID } from '../store/well-known.ts';
import { myBindings, myProfile, myRecentLogins, unbindMine } from './me.ts';
import { accountBody } from './page.ts';
import { myApplications } from './my-applications.ts';
import { enabledSources } from '../applications/login-configuration.ts';
import { recordLoginEvent, requestActor } from '../login/events.ts';
import { createFirstPartyRp } from '../oidc/first-party-rp.ts';
import { USER_CENTER_CALLBACK_PATH, USER_CENTER_SIGNED_OUT_PATH } from '../oidc/clients.ts';
import { activeUser } from '../directory/user-store.ts';
import { sha256 } from '../oidc/rp-request.ts';
import { sourceType } from '../identity/registry.ts';
import { SIGNING_OUT_SCRIPT, signingOutBody, signingOutCsp } from '../login/pages/signing-out.ts';
import { listFactors } from '../factors/store.ts';
import { factorRoutes } from './factor-routes.ts';

/** The User Center's own session cookie (not the SSO session's). */
export const USER_CENTER_SESSION_COOKIE = 'portico_uc';

export async function userCenterPlugin(app: FastifyInstance, { login: s }: { login: LoginServices }) {
  await setUpPages(app, { signInHref: USER_CENTER_SIGN_IN });
  const { db } = s.ctx.store;
  const rp = createFirstPartyRp({
    ctx: s.ctx,
    clientId: USER_CENTER_CLIENT_ID,
    callbackPath: USER_CENTER_CALLBACK_PATH,
    postLogoutPath: USER_CENTER_SIGNED_OUT_PATH,
    cookie: USER_CENTER_SESSION_COOKIE,
    secureCookies: s.secureCookies,
    inject: (r) => app.inject(r),
    // Inside Portico the User Center can see the SSO session it was born under, and ends with it.
    boundTo: async (request) => {
      const current = await s.sessions.read(request);
      return current ? sha256(current.token) : undefined;
    },
  });

  async function requireUser(request: FastifyRequest) {
    const current = await rp.read(request);
    if (!current) throw fail('session.required', 'Sign in first.');
    // A disabled user's sessions stop working at once (ASVS 7.4.2), by the provider's own test.
    const user = await activeUser(db, current.userId);
    if (!user) throw fail('session.required', 'Sign in first.');
    return user.id;
  }
  app.get('/account', async (request, reply) => {
    let userId: string;
    try {
      userId = await requireUser(request);
    } catch {
      // No User Center session (or its user was disabled): sign in through Portico, silently with SSO.
      return rp.begin(request, reply, '/account');
    }
    const { locale } = localeOf(request, reply);
    const [profile, bindings, logins, sources, factors, applications] = await Promise.all([
      myProfile(db, userId),
      myBindings(db, userId),
      myRecentLogins(db, userId),
      enabledSources(db, USER_CENTER_APP_ID),
      listFactors(db, userId),
      myApplications(db, s.ctx.config.publicUrl),
    ]);
    // External sources the User Center offers that this user has not bound yet: "Bind …" signs in there to add one.
    const linkable = sources
      .filter((x) => sourceType(x.type).external && !bindings.some((b) => b.sourceId === x.id))
      .map((x) => ({ id: x.id, type: x.type, name: x.name }));
    const csrf = ensureCsrf(request, reply, s.secureCookies);
    return sendPage(request, reply, (t) => t('account.title'), (t) => accountBody(t, { profile, bindings, logins, linkable, factors, applications, csrf, locale }));
  });

  factorRoutes(app, { s, rp, requireUser });

  app.post<{ Params: { id: string }; Body: { csrf?: string } }>('/account/bindings/:id/unbind', async (request, reply) => {
    const userId = await requireUser(request);
    checkCsrf(request, request.body?.csrf);
    await unbindMine(s.ctx.store, requestActor(request, userId), userId, request.params.id);
    return reply.redirect('/account', 303);
  });

  app.get<{ Querystring: Record<string, string | undefined> }>(USER_CENTER_CALLBACK_PATH, async (request, reply) => {
    const { returnTo } = await rp.complete(request, reply);
    return reply.redirect(returnTo, 303);
  });

  app.post<{ Body: { csrf?: string } }>('/logout', async (request, reply: FastifyReply) => {
    checkCsrf(request, request.body?.csrf);
    const current = await s.sessions.read(request);
    const endSession = await rp.end(request, reply);
    // Ended here as well as at the provider, so the sign-out holds even if the browser stops midway; the
    // applications signed in through this browser are told now (logout tokens), or by the page below.
    const frames = await s.sessions.end(request, reply);
    if (current) {
      await recordLoginEvent(db, request, { action: 'logout', outcome: 'success', reason: 'session.ended', userId: current.session.userId });
    }
    const next = endSession ?? USER_CENTER_SIGN_IN;
    if (!frames.length) return reply.redirect(next, 303);
    // Front-channel logout: the applications' logout pages load here, then the browser goes on.
    reply.header('content-security-policy', signingOutCsp(frames));
    return sendPage(request, reply, (t) => t('logout.signingOut'), (t) => signingOutBody(t, { frames, next }), 200, [SIGNING_OUT_SCRIPT]);
  });

  // JSON API for the User Center UI.
  app.get('/api/me', async (request) => myProfile(db, await requireUser(request)));
  app.get('/api/me/bindings', async (request) => ({ items: await myBindings(db, await requireUser(request)) }));
  app.get('/api/me/logins', async (request) => ({ items: await myRecentLogins(db, await requireUser(request)) }));
  app.delete<{ Params: { id: string } }>('/api/me/bindings/:id', async (request, reply) => {
    const userId = await requireUser(request);
    await unbindMine(s.ctx.store, requestActor(request, userId), userId, request.params.id);
    return reply.status(204).send();
  });
}
