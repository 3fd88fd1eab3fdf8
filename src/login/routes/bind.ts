/**
 * The phone + verification code binding page: a first-time DingTalk user proves they own an
 * existing account's mobile number, and the DingTalk identity is bound to that account.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LoginServices } from '../context.ts';
import { finishSignIn } from '../context.ts';
import { localeOf, sendPage } from '../../pages/send.ts';
import { checkCsrf, ensureCsrf } from '../../pages/csrf.ts';
import { bindBody, type BindPageModel } from '../pages/bind.ts';
import { normalizePhone } from '../../directory/phone.ts';
import { findUsersByAttribute } from '../../directory/user-store.ts';
import { canSignIn } from '../../directory/users.ts';
import { PorticoError } from '../../errors.ts';
import { createBinding } from '../../directory/bindings.ts';
import { loadSourceConfig } from '../../sources/source-store.ts';
import type { DingTalkConfig } from '../../sources/types/dingtalk.ts';
import { recordAudit, SYSTEM_ACTOR } from '../../audit/audit.ts';
import { createUserFromDingTalk } from '../create-user.ts';
import { recordLoginEvent } from '../events.ts';
import { errorCode, errorStatus, errorText } from '../../pages/error-page.ts';
import type { PendingBinding } from '../pending.ts';

interface BindForm {
  csrf?: string;
  action?: string;
  phone?: string;
  code?: string;
}

export function bindRoutes(app: FastifyInstance, s: LoginServices) {
  const { store, secretBox } = s.ctx;

  const render = (request: FastifyRequest, reply: FastifyReply, pending: PendingBinding, state: Partial<BindPageModel> & { status?: number }) =>
    sendPage(
      request,
      reply,
      (t) => t('bind.title'),
      (t) =>
        bindBody(t, {
          nick: pending.identity.nick ?? pending.identity.unionId,
          avatarUrl: pending.identity.avatarUrl,
          csrf: ensureCsrf(request, reply, s.secureCookies),
          ...state,
        }),
      state.status ?? 200,
      ['/assets/countdown.js'],
    );

  app.get('/login/bind', async (request, reply) => {
    const { pending } = await s.pending.get(request);
    return render(request, reply, pending, {});
  });

  app.post<{ Body: BindForm }>('/login/bind', async (request, reply) => {
    const form = request.body ?? {};
    const { id, pending } = await s.pending.get(request);
    checkCsrf(request, form.csrf);
    const { locale, t } = localeOf(request, reply);
    const rawPhone = String(form.phone ?? '').slice(0, 32);
    const phone = normalizePhone(rawPhone);
    const event = { applicationId: pending.applicationId, sourceId: pending.sourceId };
    const again = (state: Partial<BindPageModel> & { status?: number }) => render(request, reply, pending, { phone: rawPhone, ...state });
    if (!phone) return again({ error: t('reason.login.invalid_phone'), status: 400 });

    const scope = `bind:${id}`;
    try {
      if (form.action === 'send') {
        const { resendAfterSec } = await s.otp.send({ phone, scope, purpose: 'bind', ip: request.ip, locale });
        await recordLoginEvent(store.db, request, { action: 'login.dingtalk.bind.send', outcome: 'success', reason: 'otp.sent', ...event });
        return again({ info: t('bind.codeSent'), resendAfterSec });
      }
      await s.otp.verify({ phone, scope, code: String(form.code ?? '').slice(0, 12) });
    } catch (error) {
      if (!(error instanceof PorticoError)) throw error;
      await recordLoginEvent(store.db, request, { action: form.action === 'send' ? 'login.dingtalk.bind.send' : 'login.dingtalk.bind', outcome: 'failure', reason: error.code, ...event });
      return again({ error: errorText(t, error), status: errorStatus(error) });
    }

    // The code proves the phone. Now find whose account it is.
    const users = await findUsersByAttribute(store.db, 'mobile', phone);
    let userId = users.find(canSignIn)?.id;
    const { config: source } = await loadSourceConfig<DingTalkConfig>(store.db, secretBox, pending.sourceId);
    const mayCreate = !users.length && source.notAssociated === 'create_user' && Boolean(source.notAssociatedOrgUnitId);
    if (!userId && !mayCreate) {
      const reason = users.length ? 'login.user_inactive' : 'login.no_user_for_phone';
      await recordLoginEvent(store.db, request, { action: 'login.dingtalk.bind', outcome: 'failure', reason, userId: users[0]?.id, ...event });
      return again({ error: t(`reason.${reason}`), status: 403 });
    }

    // Used once: a second tab submitting the same page finds nothing to bind.
    if (!(await s.pending.consume(reply, id))) throw new PorticoError('invalid', 'login.pending_missing', 'This binding page was already used.');
    const binding = {
      sourceId: pending.sourceId,
      subject: pending.identity.unionId,
      openId: pending.identity.openId,
      externalUserId: pending.externalUserId,
      nick: pending.identity.nick,
      avatarUrl: pending.identity.avatarUrl,
    };
    let reason = 'dingtalk.bound_phone';
    try {
      userId = await store.transaction(async (tx) => {
        let target = userId;
        if (!target) {
          const created = await createUserFromDingTalk(tx, pending.identity, undefined, source.notAssociatedOrgUnitId!, phone);
          await recordAudit(tx, SYSTEM_ACTOR, { category: 'admin', action: 'user.create', target: { type: 'user', id: created.id }, after: created, reason: 'dingtalk.not_associated.created' });
          target = created.id;
          reason = 'dingtalk.not_associated.created';
        }
        await createBinding(tx, { ...binding, userId: target });
        return target;
      });
    } catch (error) {
      await recordLoginEvent(store.db, request, { action: 'login.dingtalk.bind', outcome: 'failure', reason: errorCode(error), userId, ...event });
      throw error;
    }
    return finishSignIn(s, request, reply, {
      userId: userId!,
      amr: ['dingtalk', 'sms'],
      applicationId: pending.applicationId,
      sourceId: pending.sourceId,
      action: 'login.dingtalk.bind',
      reason,
      returnTo: pending.returnTo,
      detail: { unionId: pending.identity.unionId, nick: pending.identity.nick },
    });
  });
}
