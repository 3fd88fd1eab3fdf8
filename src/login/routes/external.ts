/**
 * Sign-in through an external source, for every type: the start (a redirect to the upstream, or a
 * page such as DingTalk's embedded QR code), binding from the User Center, and the per-source callback,
 * where the seed's rules decide between signing in, auto-binding, phone + code, a new account, or a
 * clear refusal. The source's type (src/identity/) does the talking; nothing here names one.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LoginApplication, LoginServices } from '../context.ts';
import { assertSourceEnabled, finishSignIn, loginPageHref, loginQuery, resolveApplication, returnToOf } from '../context.ts';
import { DEFAULT_RETURN_TO } from '../return-to.ts';
import { continuationOf } from '../continuation.ts';
import { USER_CENTER_APP_ID } from '../../store/well-known.ts';
import { callbackPath, externalType } from '../../identity/registry.ts';
import { failWith } from '../../identity/codes.ts';
import type { ExternalIdentity } from '../../identity/types.ts';
import type { BindingPolicy } from '../../identity/binding-policy.ts';
import { loadSourceConfig } from '../../sources/source-store.ts';
import { fail, PorticoError } from '../../errors.ts';
import { createBinding, touchBindingOf } from '../../directory/bindings.ts';
import { recordAudit, SYSTEM_ACTOR } from '../../audit/audit.ts';
import { aboutSource, bindByUser, bindingOf, decideFor } from '../binding.ts';
import { createUserFrom } from '../create-user.ts';
import { recordLoginEvent, requestActor } from '../events.ts';
import { sendPage, PAGE_CSP } from '../../pages/send.ts';
import { errorCode, renderErrorPage } from '../../pages/error-page.ts';
import { prepareQuery } from '../../store/prepared.ts';

interface StartQuery {
  app?: string;
  return_to?: string;
}
type SourceParams = { type: string; sourceId: string };

/**
 * A failure the upstream or its configuration caused is logged with what it says (which issuer, which
 * claim): the page shows people a code, the audit log keeps the code, the operator needs the words.
 */
function upstreamFailure(request: FastifyRequest, failure: unknown, sourceId: string): unknown {
  if (failure instanceof PorticoError && (failure.kind === 'bad_gateway' || failure.kind === 'unavailable')) {
    request.log.warn({ code: failure.code, sourceId }, failure.message);
  }
  return failure;
}

/** The house CSP, widened by exactly the origins the type's page names: what it frames, loads scripts from, talks to. */
function startPageCsp(page: { frameOrigins: string[]; scriptOrigins?: string[]; connectOrigins?: string[] }): string {
  const directives = [
    page.frameOrigins.length ? `frame-src ${page.frameOrigins.join(' ')}` : '',
    page.scriptOrigins?.length ? `script-src 'self' ${page.scriptOrigins.join(' ')}` : '',
    page.connectOrigins?.length ? `connect-src 'self' ${page.connectOrigins.join(' ')}` : '',
  ].filter(Boolean);
  return PAGE_CSP.replace("frame-ancestors 'none'", [...directives, "frame-ancestors 'none'"].join('; '));
}

/** The application a callback's sign-in is for (prepared: every sign-in through a source asks). */
const applicationNamed = prepareQuery(['id'], (conn, v) => conn.selectFrom('applications').select(['id', 'name']).where('id', '=', v.id));

/** What a failed sign-in may offer: trying again, unless nothing the person does would change the answer. */
const retryable = (failure: unknown) => !(failure instanceof PorticoError && ['forbidden', 'bad_gateway'].includes(failure.kind));

export function externalRoutes(app: FastifyInstance, s: LoginServices) {
  const { store, secretBox, config } = s.ctx;
  const redirectUriOf = (type: string, sourceId: string) => config.publicUrl + callbackPath(type, sourceId);

  /** Starts a sign-in (or, with `linkUserId`, binding an account from the User Center) through the source. */
  async function start(request: FastifyRequest, reply: FastifyReply, application: LoginApplication, p: SourceParams, returnTo: string, linkUserId?: string) {
    const { external } = externalType(p.type);
    await assertSourceEnabled(s, application.id, p.sourceId, p.type);
    const { config: sourceConfig } = await loadSourceConfig(store.db, secretBox, p.sourceId);
    const state = s.transactions.newState();
    let started;
    try {
      started = await external.start({
        sourceId: p.sourceId,
        config: sourceConfig,
        deps: s.external,
        redirectUri: redirectUriOf(p.type, p.sourceId),
        state,
        appName: application.name,
        backHref: linkUserId ? returnTo : loginPageHref(application.id, returnTo),
        userAgent: request.headers['user-agent'],
        query: request.query as Record<string, unknown>,
      });
    } catch (error) {
      throw upstreamFailure(request, external.failure(error), p.sourceId);
    }
    await s.transactions.begin(request, reply, state, { applicationId: application.id, sourceId: p.sourceId, returnTo, linkUserId, carry: started.carry, method: started.method });
    await recordLoginEvent(store.db, request, {
      action: linkUserId ? `usercenter.${p.type}.link.start` : `login.${p.type}.start`,
      outcome: 'success',
      reason: started.reason,
      userId: linkUserId,
      applicationId: application.id,
      sourceId: p.sourceId,
    });
    if (started.kind === 'redirect') return reply.redirect(started.url, 303);
    reply.header('content-security-policy', startPageCsp(started));
    return sendPage(request, reply, (t) => t('login.title', { app: application.name }), started.body, 200, started.scripts);
  }

  app.get<{ Params: SourceParams; Querystring: StartQuery }>('/login/:type/:sourceId', async (request, reply) => {
    const application = await resolveApplication(s, request.query.app);
    // Started here rather than by the application (a workbench tile): once signed in, on into the application.
    const returnTo = request.query.return_to === undefined ? continuationOf(application.id) : returnToOf(s, request.query.return_to);
    return start(request, reply, application, request.params, returnTo);
  });

  /** "Bind" in the User Center: the signed-in user signs in at the source to add a binding to their account. */
  app.get<{ Params: SourceParams }>('/login/:type/:sourceId/link', async (request, reply) => {
    const current = await s.sessions.read(request);
    if (!current) throw fail('session.required', 'Sign in first.');
    const application = await resolveApplication(s, USER_CENTER_APP_ID);
    return start(request, reply, application, request.params, DEFAULT_RETURN_TO, current.session.userId);
  });

  app.get<{ Params: SourceParams; Querystring: Record<string, unknown> }>('/login/callback/:type/:sourceId', async (request, reply) => {
    const { type, sourceId } = request.params;
    const { external, label } = externalType(type);
    // The state is checked (and used up) before anything else: a forged or replayed callback stops here.
    const transaction = await s.transactions.complete(request, request.query.state, sourceId);
    const [application] = (await applicationNamed(store.db, { id: transaction.applicationId })).rows;
    // Deleted by an administrator while this person was signing in: the same answer as any unknown application.
    if (!application) throw fail('login.unknown_application', 'This application no longer exists.');
    const retryHref = transaction.linkUserId ? `/login/${type}/${sourceId}/link` : `/login/${type}/${sourceId}?${loginQuery(application.id, transaction.returnTo)}`;
    try {
      await assertSourceEnabled(s, application.id, sourceId, type);
      const { config: sourceConfig } = await loadSourceConfig<BindingPolicy>(store.db, secretBox, sourceId);
      const identity = await external.complete({
        sourceId,
        config: sourceConfig,
        deps: s.external,
        redirectUri: redirectUriOf(type, sourceId),
        query: request.query,
        carry: transaction.carry,
      });
      const where = { type, label, sourceId, application, returnTo: transaction.returnTo, method: transaction.method ?? type };
      if (transaction.linkUserId) return await link(request, reply, where, transaction.linkUserId, identity);
      return await signIn(request, reply, where, sourceConfig, identity);
    } catch (error) {
      const failure = aboutSource(upstreamFailure(request, external.failure(error), sourceId), type);
      await recordLoginEvent(store.db, request, { action: `login.${type}`, outcome: 'failure', reason: errorCode(failure), applicationId: application.id, sourceId, method: transaction.method ?? type });
      return renderErrorPage(request, reply, failure, { retryHref: retryable(failure) ? retryHref : undefined });
    }
  });

  type Where = { type: string; label: string; sourceId: string; application: LoginApplication; returnTo: string; method: string };

  async function link(request: FastifyRequest, reply: FastifyReply, where: Where, userId: string, identity: ExternalIdentity) {
    // Still the same person at the keyboard as when the sign-in started.
    const current = await s.sessions.read(request);
    if (current?.session.userId !== userId) throw fail('session.required', 'Sign in first.');
    const { type, sourceId } = where;
    await store.transaction((db) => bindByUser(db, requestActor(request, userId), sourceId, userId, identity));
    await recordLoginEvent(store.db, request, { action: `usercenter.${type}.link`, outcome: 'success', reason: `${type}.bound_by_user`, userId, applicationId: where.application.id, sourceId });
    return reply.redirect(where.returnTo, 303);
  }

  /** The seed's decision for a first or later sign-in, carried out. */
  async function signIn(request: FastifyRequest, reply: FastifyReply, where: Where, policy: BindingPolicy, identity: ExternalIdentity) {
    const { type, sourceId, application, returnTo, method } = where;
    const decision = await decideFor(store.db, { type, sourceId, policy, identity });
    const detail = { subject: identity.subject, nick: identity.displayName, ...('cause' in decision ? { cause: decision.cause } : {}) };
    // What the upstream says it verified marks the same values verified on whoever signs in with it.
    const proven = identity.proven && { ...identity.proven, reason: `${type}.contact_verified` };
    const finish = (userId: string, reason: string) =>
      finishSignIn(s, request, reply, { userId, amr: [type], applicationId: application.id, sourceId, action: `login.${type}`, reason, returnTo, method, detail, proven });

    switch (decision.kind) {
      case 'sign_in':
        await touchBindingOf(store.db, sourceId, identity.subject, { nick: identity.displayName, avatarUrl: identity.avatarUrl });
        return finish(decision.userId, decision.reason);
      case 'bind':
        await store.transaction((db) => createBinding(db, bindingOf(sourceId, decision.userId, identity)));
        return finish(decision.userId, decision.reason);
      case 'create_user': {
        const user = await store.transaction(async (db) => {
          const created = await createUserFrom(db, { type, label: where.label, identity, orgUnitId: policy.notAssociatedOrgUnitId! });
          await createBinding(db, bindingOf(sourceId, created.id, identity));
          await recordAudit(db, SYSTEM_ACTOR, { category: 'admin', action: 'user.create', target: { type: 'user', id: created.id }, after: created, reason: decision.reason });
          return created;
        });
        return finish(user.id, decision.reason);
      }
      case 'ask_phone':
        await s.pending.put(reply, { applicationId: application.id, sourceId, type, method, returnTo, identity, reason: decision.reason });
        await recordLoginEvent(store.db, request, { action: `login.${type}`, outcome: 'success', reason: decision.reason, applicationId: application.id, sourceId, method, detail });
        return reply.redirect('/login/bind', 303);
      case 'deny': {
        const userId = 'userId' in decision ? decision.userId : undefined;
        await recordLoginEvent(store.db, request, { action: `login.${type}`, outcome: 'failure', reason: decision.reason, userId, applicationId: application.id, sourceId, method, detail });
        const refusal = aboutSource(failWith(decision.reason, 'Sign-in refused.'), type);
        return renderErrorPage(request, reply, refusal, { extra: 'cause' in decision ? policy.denyMessage : undefined });
      }
    }
  }
}
