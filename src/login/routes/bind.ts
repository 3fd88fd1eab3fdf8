/**
 * The phone + verification code binding page: a first-time external identity whose owner proves they
 * hold an existing account's mobile number, and the identity is bound to that account (or, where the
 * source creates accounts and nobody has the number, to a new one). Where the source allows it
 * (`passwordLink`), the owner may instead sign in to the existing account with its password.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LoginServices } from '../context.ts';
import { finishSignIn } from '../context.ts';
import { localeOf, sendPage } from '../../pages/send.ts';
import { checkCsrf, ensureCsrf } from '../../pages/csrf.ts';
import { hasMessage } from '../../pages/i18n.ts';
import { bindBody, type BindPageModel } from '../pages/bind.ts';
import { normalizePhone } from '../../directory/phone.ts';
import { findUsersByAttribute } from '../../directory/user-store.ts';
import { canSignIn } from '../../directory/users.ts';
import { fail, PorticoError } from '../../errors.ts';
import { createBinding } from '../../directory/bindings.ts';
import { loadSourceConfig } from '../../sources/source-store.ts';
import { sourceType } from '../../identity/registry.ts';
import type { BindingPolicy } from '../../identity/binding-policy.ts';
import { recordAudit, SYSTEM_ACTOR } from '../../audit/audit.ts';
import { createUserFrom } from '../create-user.ts';
import { aboutSource, bindByUser, bindingOf } from '../binding.ts';
import { recordLoginEvent, requestActor } from '../events.ts';
import { refusePassword, typedCredentials, userPasswordCheck } from '../password-check.ts';
import { errorCode, errorStatus, errorText } from '../../pages/error-page.ts';
import type { PendingBinding } from '../pending.ts';

interface BindForm {
  csrf?: string;
  action?: string;
  phone?: string;
  code?: string;
}

interface BindPasswordForm {
  csrf?: string;
  username?: string;
  password?: string;
}

export function bindRoutes(app: FastifyInstance, s: LoginServices) {
  const { store, secretBox, shortLived } = s.ctx;
  const checkPassword = userPasswordCheck(store.db, shortLived);
  // Read at each step, not kept with the pending binding: a policy changed meanwhile applies at once.
  const policyOf = async (pending: PendingBinding) => (await loadSourceConfig<BindingPolicy>(store.db, secretBox, pending.sourceId)).config;

  const render = async (request: FastifyRequest, reply: FastifyReply, pending: PendingBinding, state: Partial<BindPageModel> & { status?: number }) => {
    const passwordLink = (await policyOf(pending)).passwordLink ?? false;
    return sendPage(
      request,
      reply,
      (t) => t('bind.title', { source: t(`source.${pending.type}`) }),
      (t) =>
        bindBody(t, {
          source: t(`source.${pending.type}`),
          // The method's own words first (signed in inside DingTalk, not by a scan), then the type's.
          intro: [pending.method, pending.type].flatMap((m) => (m && hasMessage(`bind.intro.${m}`) ? [`bind.intro.${m}`] : []))[0] ?? 'bind.intro',
          nick: pending.identity.displayName ?? pending.identity.subject,
          avatarUrl: pending.identity.avatarUrl,
          csrf: ensureCsrf(request, reply, s.secureCookies),
          passwordLink,
          ...state,
        }),
      state.status ?? 200,
      ['/assets/countdown.js'],
    );
  };

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
    const { type } = pending;
    const method = pending.method ?? type;
    const event = { applicationId: pending.applicationId, sourceId: pending.sourceId };
    const ending = { ...event, method, boundByPhone: true };
    const again = (state: Partial<BindPageModel> & { status?: number }) => render(request, reply, pending, { phone: rawPhone, ...state });
    if (!phone) return again({ error: t('reason.login.invalid_phone'), status: 400 });

    const scope = `bind:${id}`;
    try {
      if (form.action === 'send') {
        const { resendAfterSec } = await s.otp.send({ phone, scope, purpose: 'bind', ip: request.ip, locale });
        await recordLoginEvent(store.db, request, { action: `login.${type}.bind.send`, outcome: 'success', reason: 'otp.sent', ...event });
        return again({ info: t('bind.codeSent'), resendAfterSec });
      }
      await s.otp.verify({ phone, scope, code: String(form.code ?? '').slice(0, 12) });
    } catch (error) {
      if (!(error instanceof PorticoError)) throw error;
      const sending = form.action === 'send';
      await recordLoginEvent(store.db, request, { action: sending ? `login.${type}.bind.send` : `login.${type}.bind`, outcome: 'failure', reason: error.code, ...(sending ? event : ending) });
      return again({ error: errorText(t, error), status: errorStatus(error) });
    }

    // The code proves the phone. Now find whose account it is.
    const users = await findUsersByAttribute(store.db, 'mobile', phone);
    let userId = users.find(canSignIn)?.id;
    const config = await policyOf(pending);
    const mayCreate = !users.length && config.notAssociated === 'create_user' && Boolean(config.notAssociatedOrgUnitId);
    if (!userId && !mayCreate) {
      const reason = users.length ? 'login.user_inactive' : 'login.no_user_for_phone';
      await recordLoginEvent(store.db, request, { action: `login.${type}.bind`, outcome: 'failure', reason, userId: users[0]?.id, ...ending });
      return again({ error: t(`reason.${reason}`), status: 403 });
    }

    // Used once: a second tab submitting the same page finds nothing to bind.
    if (!(await s.pending.consume(reply, id))) throw fail('login.pending_missing', 'This binding page was already used.');
    let reason = `${type}.bound_phone`;
    try {
      userId = await store.transaction(async (db) => {
        let target = userId;
        if (!target) {
          const created = await createUserFrom(db, { type, label: sourceType(type).label, identity: pending.identity, orgUnitId: config.notAssociatedOrgUnitId!, phone });
          reason = `${type}.not_associated.created`;
          await recordAudit(db, SYSTEM_ACTOR, { category: 'admin', action: 'user.create', target: { type: 'user', id: created.id }, after: created, reason });
          target = created.id;
        }
        await createBinding(db, bindingOf(pending.sourceId, target, pending.identity));
        return target;
      });
    } catch (error) {
      await recordLoginEvent(store.db, request, { action: `login.${type}.bind`, outcome: 'failure', reason: errorCode(error), userId, ...ending });
      throw aboutSource(error, type);
    }
    return finishSignIn(s, request, reply, {
      userId: userId!,
      amr: [type, 'sms'],
      applicationId: pending.applicationId,
      sourceId: pending.sourceId,
      action: `login.${type}.bind`,
      reason,
      returnTo: pending.returnTo,
      method,
      boundByPhone: true,
      detail: { subject: pending.identity.subject, nick: pending.identity.displayName },
      // The code proved the number, which is the user's mobile (found by it, or given to the new account).
      proven: { mobile: phone, reason: 'otp.ok' },
    });
  });

  /** The other way, where the source allows it: signing in to the existing account with its password. */
  app.post<{ Body: BindPasswordForm }>('/login/bind/password', async (request, reply) => {
    const form = request.body ?? {};
    const { id, pending } = await s.pending.get(request);
    checkCsrf(request, form.csrf);
    const { type } = pending;
    if (!(await policyOf(pending)).passwordLink) throw aboutSource(fail('binding.password_link_off', 'This source binds existing accounts by phone + code only.'), type);
    const method = pending.method ?? type;
    const ending = { applicationId: pending.applicationId, sourceId: pending.sourceId, method };
    const action = `login.${type}.bind.password`;
    const { username, password } = typedCredentials(form);
    const checked = await checkPassword(username, password, request.ip);
    if ('refused' in checked) {
      const said = await refusePassword(store.db, request, reply, checked.refused, { action, ...ending });
      return render(request, reply, pending, { username, ...said });
    }

    const { userId } = checked;
    if (!(await s.pending.consume(reply, id))) throw fail('login.pending_missing', 'This binding page was already used.');
    try {
      await store.transaction((db) => bindByUser(db, requestActor(request, userId), pending.sourceId, userId, pending.identity));
    } catch (error) {
      // Their account holds another identity of this source (theirs to unbind in the User Center), or a second tab bound this one.
      await recordLoginEvent(store.db, request, { action, outcome: 'failure', reason: errorCode(error), userId, ...ending });
      throw aboutSource(error, type);
    }
    return finishSignIn(s, request, reply, {
      userId,
      // The upstream's sign-in and the account's password: the application's second factor is still its own to ask.
      amr: [type, 'pwd'],
      applicationId: pending.applicationId,
      sourceId: pending.sourceId,
      action,
      reason: `${type}.bound_password`,
      returnTo: pending.returnTo,
      method,
      detail: { subject: pending.identity.subject, nick: pending.identity.displayName },
    });
  });
}
