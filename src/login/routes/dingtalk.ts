/**
 * DingTalk QR login: the QR page (embedded frame, or a redirect to DingTalk's page) and the per-source
 * callback, where the seed's rules decide between signing in, auto-binding, phone + code, a new
 * account, or a clear refusal.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LoginServices } from '../context.ts';
import { assertSourceEnabled, finishSignIn, loginQuery, resolveApplication, returnToOf } from '../context.ts';
import { sendPage } from '../../pages/send.ts';
import { DEFAULT_RETURN_TO } from '../return-to.ts';
import { USER_CENTER_CLIENT_ID } from '../../store/well-known.ts';
import { loadDingTalkSource } from '../../sources/dingtalk-client.ts';
import { callbackPath } from '../../sources/source-store.ts';
import { sourcePolicyOf } from '../../sources/registry.ts';
import { PorticoError } from '../../errors.ts';
import { createBinding, touchBindingOf } from '../../directory/bindings.ts';
import { recordAudit, SYSTEM_ACTOR } from '../../audit/audit.ts';
import { decideForIdentity, readScannedIdentity, type ScannedIdentity } from '../dingtalk-flow.ts';
import { createUserFromDingTalk } from '../create-user.ts';
import { recordLoginEvent, requestActor } from '../events.ts';
import { qrBody } from '../pages/dingtalk.ts';
import { errorCode, renderErrorPage } from '../../pages/error-page.ts';
import { fromDingTalk } from '../dingtalk-errors.ts';
import { DingTalkError } from '../../connectors/dingtalk/index.ts';
import type { DingTalkConfig } from '../../sources/types/dingtalk.ts';

interface StartQuery {
  app?: string;
  return_to?: string;
}

export function dingtalkRoutes(app: FastifyInstance, s: LoginServices) {
  const { store, secretBox, shortLived, config } = s.ctx;
  const load = (request: FastifyRequest, sourceId: string) =>
    loadDingTalkSource({ db: store.db, policy: sourcePolicyOf(config), secretBox, shortLived, logger: request.log, metrics: s.ctx.metrics }, sourceId);

  /** Shows DingTalk's QR code (or goes to DingTalk's page) for a new login transaction. */
  async function showQr(
    request: FastifyRequest,
    reply: FastifyReply,
    application: { id: string; name: string; client_id: string },
    sourceId: string,
    returnTo: string,
    linkUserId?: string,
  ) {
    await assertSourceEnabled(s, application.id, sourceId, 'dingtalk');
    const { config: source, client } = await load(request, sourceId);
    const state = await s.transactions.begin(request, reply, { applicationId: application.id, sourceId, returnTo, linkUserId });
    const redirectUri = config.publicUrl + callbackPath('dingtalk', sourceId);
    await recordLoginEvent(store.db, request, {
      action: linkUserId ? 'usercenter.dingtalk.link.start' : 'login.dingtalk.start',
      outcome: 'success',
      reason: 'dingtalk.qr_shown',
      userId: linkUserId,
      applicationId: application.id,
      sourceId,
    });

    if (source.protocol === 'legacy') return reply.redirect(client.buildLegacyQrConnectUrl({ redirectUri, state }), 303);
    if (source.qrMode === 'redirect') return reply.redirect(client.buildAuthorizeUrl({ redirectUri, state, corpId: source.corpId ?? undefined }), 303);

    const frameOrigin = new URL(source.endpoints.login).origin;
    reply.header('content-security-policy', `default-src 'self'; img-src * data:; frame-src ${frameOrigin}; frame-ancestors 'none'`);
    return sendPage(
      request,
      reply,
      (t) => t('login.title', { app: application.name }),
      (t) =>
        qrBody(t, {
          appName: application.name,
          frameUrl: client.buildAuthorizeUrl({ redirectUri, state, corpId: source.corpId ?? undefined, iframe: true }),
          frameOrigin,
          callbackUrl: redirectUri,
          backHref: linkUserId ? returnTo : `/login?${loginQuery(application.client_id, returnTo)}`,
        }),
      200,
      ['/assets/dingtalk-frame.js'],
    );
  }

  app.get<{ Params: { sourceId: string }; Querystring: StartQuery }>('/login/dingtalk/:sourceId', async (request, reply) => {
    const application = await resolveApplication(s, request.query.app);
    return showQr(request, reply, application, request.params.sourceId, returnToOf(s, request.query.return_to));
  });

  /** "Bind DingTalk" in the User Center: the signed-in user scans to add a binding to their account. */
  app.get<{ Params: { sourceId: string } }>('/login/dingtalk/:sourceId/link', async (request, reply) => {
    const current = await s.sessions.read(request);
    if (!current) throw new PorticoError('unauthenticated', 'session.required', 'Sign in first.');
    const application = await resolveApplication(s, USER_CENTER_CLIENT_ID);
    return showQr(request, reply, application, request.params.sourceId, DEFAULT_RETURN_TO, current.session.userId);
  });

  app.get<{ Params: { sourceId: string }; Querystring: Record<string, unknown> }>('/login/callback/dingtalk/:sourceId', async (request, reply) => {
    const { sourceId } = request.params;
    // The state is checked (and used up) before anything else: a forged or replayed callback stops here.
    const tx = await s.transactions.complete(request, request.query.state, sourceId);
    const application = await store.db.selectFrom('applications').select(['id', 'name', 'client_id']).where('id', '=', tx.applicationId).executeTakeFirst();
    // Deleted by an administrator while this person was scanning: the same answer as any unknown application.
    if (!application) throw new PorticoError('not_found', 'login.unknown_application', 'This application no longer exists.');
    const retryHref = tx.linkUserId ? `/login/dingtalk/${sourceId}/link` : `/login/dingtalk/${sourceId}?${loginQuery(application.client_id, tx.returnTo)}`;
    let source: DingTalkConfig | undefined;
    try {
      await assertSourceEnabled(s, application.id, sourceId, 'dingtalk');
      const loaded = await load(request, sourceId);
      source = loaded.config;
      const callback = loaded.client.parseCallback(request.query);
      if (callback.kind === 'error') throw new DingTalkError('dingtalk.authorization_denied', { upstreamCode: callback.error });
      const scanned = await readScannedIdentity(loaded.client, source, callback.code, request.log);
      if (tx.linkUserId) return await link(request, reply, application.id, sourceId, tx.linkUserId, scanned, tx.returnTo);
      return await applyDecision(request, reply, application, sourceId, source, scanned, tx.returnTo);
    } catch (error) {
      const failure = fromDingTalk(error);
      const reason = errorCode(failure);
      await recordLoginEvent(store.db, request, { action: 'login.dingtalk', outcome: 'failure', reason, applicationId: application.id, sourceId });
      const retryable = !['login.user_inactive', 'dingtalk.not_associated.denied', 'dingtalk.misconfigured', 'login.source_not_enabled', 'dingtalk.wrong_organization'].includes(reason);
      return renderErrorPage(request, reply, failure, { retryHref: retryable ? retryHref : undefined });
    }
  });

  async function link(request: FastifyRequest, reply: FastifyReply, applicationId: string, sourceId: string, userId: string, scanned: ScannedIdentity, returnTo: string) {
    // Still the same person at the keyboard as when the QR was shown.
    const current = await s.sessions.read(request);
    if (current?.session.userId !== userId) throw new PorticoError('unauthenticated', 'session.required', 'Sign in first.');
    const { identity, org } = scanned;
    await store.transaction(async (t) => {
      const { id, created } = await createBinding(t, {
        sourceId,
        userId,
        subject: identity.unionId,
        openId: identity.openId,
        externalUserId: org?.userId,
        nick: identity.nick,
        avatarUrl: identity.avatarUrl,
      });
      if (created) {
        await recordAudit(t, requestActor(request, userId), {
          category: 'user',
          action: 'binding.create',
          target: { type: 'binding', id },
          after: { sourceId, nick: identity.nick },
        });
      }
    });
    await recordLoginEvent(store.db, request, { action: 'usercenter.dingtalk.link', outcome: 'success', reason: 'dingtalk.bound_by_user', userId, applicationId, sourceId });
    return reply.redirect(returnTo, 303);
  }

  async function applyDecision(
    request: FastifyRequest,
    reply: FastifyReply,
    application: { id: string },
    sourceId: string,
    source: DingTalkConfig,
    scanned: ScannedIdentity,
    returnTo: string,
  ) {
    const { identity, org } = scanned;
    const decision = await decideForIdentity(store.db, sourceId, source, scanned);
    const detail = { unionId: identity.unionId, nick: identity.nick, ...('cause' in decision ? { cause: decision.cause } : {}) };
    const signIn = (userId: string, reason: string) =>
      finishSignIn(s, request, reply, { userId, amr: ['dingtalk'], applicationId: application.id, sourceId, action: 'login.dingtalk', reason, returnTo, detail });
    const binding = { sourceId, subject: identity.unionId, openId: identity.openId, externalUserId: org?.userId, nick: identity.nick, avatarUrl: identity.avatarUrl };

    switch (decision.kind) {
      case 'sign_in':
        await touchBindingOf(store.db, sourceId, identity.unionId, identity);
        return signIn(decision.userId, decision.reason);
      case 'bind':
        await store.transaction((t) => createBinding(t, { ...binding, userId: decision.userId }));
        return signIn(decision.userId, decision.reason);
      case 'create_user': {
        const user = await store.transaction(async (t) => {
          const created = await createUserFromDingTalk(t, identity, org, source.notAssociatedOrgUnitId!);
          await createBinding(t, { ...binding, userId: created.id });
          await recordAudit(t, SYSTEM_ACTOR, { category: 'admin', action: 'user.create', target: { type: 'user', id: created.id }, after: created, reason: decision.reason });
          return created;
        });
        return signIn(user.id, decision.reason);
      }
      case 'ask_phone':
        await s.pending.put(reply, { applicationId: application.id, sourceId, returnTo, identity, externalUserId: org?.userId, reason: decision.reason });
        await recordLoginEvent(store.db, request, { action: 'login.dingtalk', outcome: 'success', reason: decision.reason, applicationId: application.id, sourceId, detail });
        return reply.redirect('/login/bind', 303);
      case 'deny': {
        const userId = 'userId' in decision ? decision.userId : undefined;
        await recordLoginEvent(store.db, request, { action: 'login.dingtalk', outcome: 'failure', reason: decision.reason, userId, applicationId: application.id, sourceId, detail });
        const error = new PorticoError('forbidden', decision.reason, 'Sign-in refused.');
        return renderErrorPage(request, reply, error, { extra: decision.reason === 'dingtalk.not_associated.denied' ? source.denyMessage : undefined });
      }
    }
  }
}
