/**
 * The User Center's second-factor forms (./factor-pages.ts), for authenticator apps and passkeys: every change needs the person's CSRF
 * token and a recent, full sign-in (./recent-sign-in.ts); without one the browser signs in again
 * through Portico's provider (`max_age`, and `acr_values` for someone with a factor) and comes back.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LoginServices } from '../login/context.ts';
import type { FirstPartyRp } from '../oidc/first-party-rp.ts';
import { localeOf, sendPage } from '../pages/send.ts';
import { checkCsrf, ensureCsrf } from '../pages/csrf.ts';
import { requestActor } from '../login/events.ts';
import { hasFactor, pendingTotpSecret, startTotpEnrollment } from '../factors/store.ts';
import { totpQrDataUrl } from '../login/pages/factor.ts';
import { myProfile } from './me.ts';
import { confirmMine, factorName, registerPasskeyMine, removeMine, renameMine, renewRecoveryCodesMine } from './my-factors.ts';
import { registrationOptions } from '../factors/passkey.ts';
import { PASSKEY_SCRIPT } from '../pages/passkey-form.ts';
import { isRecentFullSignIn, signInAgainDemand } from './recent-sign-in.ts';
import { addFactorBody, addPasskeyBody, FACTORS_ANCHOR, FACTORS_PATH, PASSKEYS_PATH, RECOVERY_CODES_PATH, recoveryCodesPage } from './factor-pages.ts';

type Form = { csrf?: string; name?: string; code?: string; ceremony?: string; credential?: string };

const BACK = `/account#${FACTORS_ANCHOR}`;

export function factorRoutes(app: FastifyInstance, o: { s: LoginServices; rp: FirstPartyRp; requireUser: (request: FastifyRequest) => Promise<string> }) {
  const { s, rp, requireUser } = o;
  const { store } = s.ctx;

  /**
   * The person making a change, once their form and sign-in are checked; undefined when the browser
   * was sent to sign in again first (it comes back to `returnTo`, and the person submits again).
   */
  async function changer(request: FastifyRequest<{ Body: Form }>, reply: FastifyReply, returnTo: string, form = true): Promise<string | undefined> {
    const userId = await requireUser(request);
    if (form) checkCsrf(request, request.body?.csrf);
    const current = await s.sessions.read(request);
    const withFactor = await hasFactor(store.db, userId);
    if (current && current.session.userId === userId && isRecentFullSignIn(current.session, withFactor)) return userId;
    await rp.begin(request, reply, returnTo, signInAgainDemand(withFactor));
    return undefined;
  }

  /** The app being added, until its first code confirms it (then, or for anyone else's, back to the list). */
  async function showAdd(request: FastifyRequest, reply: FastifyReply, userId: string, factorId: string, name?: string, error?: string) {
    const secret = await pendingTotpSecret(s.factors, userId, factorId);
    if (!secret) return reply.redirect(BACK, 303);
    const { t } = localeOf(request, reply);
    const { username } = await myProfile(store.db, userId);
    const csrf = ensureCsrf(request, reply, s.secureCookies);
    const model = { csrf, factorId, qrDataUrl: await totpQrDataUrl(secret, username), secret, name: name ?? t('account.factors.defaultName'), error };
    return sendPage(request, reply, (t) => t('account.factors.add'), (t) => addFactorBody(t, model), error ? 400 : 200);
  }

  app.post<{ Body: Form }>(FACTORS_PATH, async (request, reply) => {
    const userId = await changer(request, reply, BACK);
    if (!userId) return reply;
    const { t } = localeOf(request, reply);
    const { factorId } = await startTotpEnrollment(s.factors, userId, t('account.factors.defaultName'));
    return reply.redirect(`${FACTORS_PATH}/${factorId}`, 303);
  });

  app.get<{ Params: { id: string } }>(`${FACTORS_PATH}/:id`, async (request, reply) => showAdd(request, reply, await requireUser(request), request.params.id));

  app.post<{ Params: { id: string }; Body: Form }>(`${FACTORS_PATH}/:id/confirm`, async (request, reply) => {
    const userId = await changer(request, reply, `${FACTORS_PATH}/${request.params.id}`);
    if (!userId) return reply;
    const name = factorName(request.body?.name);
    const result = await confirmMine(store, s.factors, requestActor(request, userId), userId, request.params.id, String(request.body?.code ?? '').slice(0, 32), name);
    if (!result.ok) return showAdd(request, reply, userId, request.params.id, name, localeOf(request, reply).t(`reason.${result.reason}`));
    if (!result.recoveryCodes) return reply.redirect(BACK, 303);
    const codes = result.recoveryCodes;
    return sendPage(request, reply, (t) => t('factor.recovery.title'), (t) => recoveryCodesPage(t, { codes }));
  });

  app.post<{ Params: { id: string }; Body: Form }>(`${FACTORS_PATH}/:id/rename`, async (request, reply) => {
    const userId = await changer(request, reply, BACK);
    if (!userId) return reply;
    const name = factorName(request.body?.name);
    // A blank name (the field is required) changes nothing.
    if (name) await renameMine(store, requestActor(request, userId), userId, request.params.id, name);
    return reply.redirect(BACK, 303);
  });

  app.post<{ Params: { id: string }; Body: Form }>(`${FACTORS_PATH}/:id/remove`, async (request, reply) => {
    const userId = await changer(request, reply, BACK);
    if (!userId) return reply;
    await removeMine(store, requestActor(request, userId), userId, request.params.id);
    return reply.redirect(BACK, 303);
  });

  /** A new passkey's page: named, then created by the browser (/assets/passkey.js), the ceremony asked for at …/options. */
  async function showNewPasskey(request: FastifyRequest, reply: FastifyReply, name?: string, error?: string) {
    const { t } = localeOf(request, reply);
    const csrf = ensureCsrf(request, reply, s.secureCookies);
    const model = { csrf, name: name ?? t('passkey.defaultName'), error };
    return sendPage(request, reply, (t) => t('account.passkeys.add'), (t) => addPasskeyBody(t, model), error ? 400 : 200, [PASSKEY_SCRIPT]);
  }

  const NEW_PASSKEY = `${PASSKEYS_PATH}/new`;

  app.post<{ Body: Form }>(PASSKEYS_PATH, async (request, reply) => {
    const userId = await changer(request, reply, NEW_PASSKEY);
    return userId ? reply.redirect(NEW_PASSKEY, 303) : reply;
  });

  app.get<{ Body: Form }>(NEW_PASSKEY, async (request, reply) => ((await changer(request, reply, NEW_PASSKEY, false)) ? showNewPasskey(request, reply) : reply));

  app.post<{ Body: Form }>(`${PASSKEYS_PATH}/options`, async (request, reply) => {
    const userId = await changer(request, reply, NEW_PASSKEY);
    if (!userId) return reply;
    const { username, displayName } = await myProfile(store.db, userId);
    return registrationOptions(s.passkeys, { id: userId, username, displayName: displayName || username });
  });

  app.post<{ Body: Form }>(`${PASSKEYS_PATH}/register`, async (request, reply) => {
    const userId = await changer(request, reply, NEW_PASSKEY);
    if (!userId) return reply;
    const { t } = localeOf(request, reply);
    const name = factorName(request.body?.name) || t('passkey.defaultName');
    const result = await registerPasskeyMine(store, s.passkeys, requestActor(request, userId), userId, request.body?.ceremony, request.body?.credential, name);
    if (!result.ok) return showNewPasskey(request, reply, name, t(`reason.${result.reason}`));
    if (!result.recoveryCodes) return reply.redirect(BACK, 303);
    const codes = result.recoveryCodes;
    return sendPage(request, reply, (t) => t('factor.recovery.title'), (t) => recoveryCodesPage(t, { codes }));
  });

  app.post<{ Body: Form }>(RECOVERY_CODES_PATH, async (request, reply) => {
    const userId = await changer(request, reply, BACK);
    if (!userId) return reply;
    const codes = await renewRecoveryCodesMine(store, s.factors, requestActor(request, userId), userId);
    return sendPage(request, reply, (t) => t('factor.recovery.title'), (t) => recoveryCodesPage(t, { codes }));
  });
}
