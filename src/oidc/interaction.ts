/**
 * The provider's interaction is Portico's login page for the application being signed into. With a
 * live SSO session in this browser the interaction finishes at once (that is SSO); otherwise the
 * login page runs with `return_to` pointing back here, and the second visit finishes it. The
 * request's `login_hint` and language go to the login page with it; `prompt=select_account` first shows
 * the signed-in account with "use another account" (./prompts.ts). Consent is granted silently for
 * first-party applications and asked on a page for third-party ones.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import { errors, type Client, type Interaction, type Provider } from 'oidc-provider';
import type { AppContext } from '../context.ts';
import type { Sessions, SsoSession } from '../login/session.ts';
import { loginPageHref, SECOND_FACTOR_PATH, stepUpDue, type LoginServices } from '../login/context.ts';
import { sendPage } from '../pages/send.ts';
import { isLocale } from '../pages/i18n.ts';
import { checkCsrf, ensureCsrf } from '../pages/csrf.ts';
import { renderErrorPage } from '../pages/error-page.ts';
import { recordLoginEvent } from '../login/events.ts';
import { fail } from '../errors.ts';
import { consentBody } from './pages/consent.ts';
import { selectAccountBody } from '../login/pages/select-account.ts';
import { askedApiScopes, grantMissing } from './grants.ts';
import { applicationIdOf, isFirstParty } from './clients.ts';
import { activeUser } from '../directory/user-store.ts';
import type { ProviderHolder } from './provider-holder.ts';
import { INTERACTION_TTL_S } from './policy.ts';
import { interactionPath } from '../protocols/oidc/endpoints.ts';
import { FRESH_SIGN_IN_PROMPTS, requestedPrompts, resolvedPrompts, SELECT_ACCOUNT, SIGN_IN_PROMPTS } from './prompts.ts';
import { acrOf, asksMultiFactor } from './acr.ts';

interface Deps {
  ctx: AppContext;
  sessions: Sessions;
  /** The sign-in's services: where a signed-in person gives the second factor an application asks for (src/login/second-factor.ts). */
  login: LoginServices;
  holder: ProviderHolder;
  secureCookies: boolean;
}

const expired = () => fail('oidc.session_not_found', 'This sign-in expired or was started in another browser.');

export async function interactionRoutes(app: FastifyInstance, { ctx, sessions, login: services, holder, secureCookies }: Deps) {
  const { db } = ctx.store;
  await app.register(formbody, { bodyLimit: 16 * 1024 });

  app.addHook('onSend', async (_request, reply) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('content-security-policy', "default-src 'self'; img-src 'self' data: https:; frame-ancestors 'none'");
    }
  });
  app.setErrorHandler((error, request, reply) =>
    renderErrorPage(request, reply, error instanceof errors.OIDCProviderError ? expired() : error),
  );

  /** The interaction this browser is in (its cookie), which must be the one in the URL, and its client. */
  async function load(request: FastifyRequest<{ Params: { uid: string } }>, reply: FastifyReply) {
    const { provider } = await holder.current();
    const details = await provider.interactionDetails(request.raw, reply.raw);
    if (details.uid !== request.params.uid) throw expired();
    // The provider's own lookup (prepared, its Client cached): it names the application and says whether it is first-party.
    const client = await provider.Client.find(String(details.params.client_id));
    if (!client) throw expired();
    return { provider, details, client };
  }

  /** When this browser first reached the interaction: a sign-in must be newer to satisfy prompt=login. */
  async function startedAt(uid: string): Promise<number> {
    const key = `oidc-interaction-start:${uid}`;
    const now = Date.now();
    if (await ctx.shortLived.setIfAbsent(key, now, INTERACTION_TTL_S * 1000)) return now;
    return (await ctx.shortLived.get<number>(key)) ?? now;
  }

  async function activeSession(request: FastifyRequest) {
    const current = await sessions.read(request);
    const user = current && (await activeUser(db, current.session.userId));
    return user ? { session: current.session, user } : undefined;
  }

  /**
   * Saves the result on the interaction this request loaded (`load` checked it is this browser's), as
   * provider.interactionResult does without merging the last submission, but without reading it again.
   */
  async function finish(details: Interaction, reply: FastifyReply, result: Parameters<Provider['interactionResult']>[2]) {
    details.result = result;
    await details.save(details.exp - Math.floor(Date.now() / 1000));
    return reply.redirect(details.returnTo, 303);
  }

  type Active = NonNullable<Awaited<ReturnType<typeof activeSession>>>;

  /**
   * What the interaction needs: a sign-in, the account chooser (prompt=select_account), or nothing
   * more (the SSO session answers). A sign-in must be newer than the interaction for prompt=login or
   * create, and one made after "use another account" is; both visits of the interaction name the same
   * prompts, so the first one records the start.
   */
  async function nextStep(details: Interaction, active: Active | undefined): Promise<'sign-in' | 'choose' | 'finish'> {
    const prompts = requestedPrompts(details.params);
    const fresh = FRESH_SIGN_IN_PROMPTS.some((name) => prompts.has(name));
    const choosing = prompts.has(SELECT_ACCOUNT);
    const since = fresh || choosing ? await startedAt(details.uid) : undefined;
    const maxAge = details.params.max_age === undefined ? undefined : Number(details.params.max_age);
    if (!active || (maxAge !== undefined && active.session.createdAt < Date.now() - maxAge * 1000)) return 'sign-in';
    if (since === undefined || active.session.createdAt > since) return 'finish';
    return choosing && !fresh ? 'choose' : 'sign-in';
  }

  /** The interaction's result for the signed-in person: the sign-in, and the prompts it answers. */
  function signedIn(details: Interaction, session: SsoSession) {
    return {
      login: { accountId: session.userId, ts: Math.floor(session.createdAt / 1000), amr: session.amr, acr: acrOf(session.amr), remember: false },
      ...resolvedPrompts(requestedPrompts(details.params)),
    };
  }

  async function login(request: FastifyRequest<{ Querystring: { lang?: string } }>, reply: FastifyReply, details: Interaction, client: Client) {
    const active = await activeSession(request);
    // The application's login page, by its Portico id; it returns here once the person is signed in.
    const applicationId = applicationIdOf(client);
    const step = await nextStep(details, active);
    if (step === 'finish') {
      const { session } = active!;
      // A sign-in without a second factor (SSO from a laxer application) reaching an application whose policy
      // asks for one, or whose request asks for the multi-factor level (acr_values), gives only what is missing.
      if (applicationId && (await stepUpDue(services, request, applicationId, session, asksMultiFactor(details.params.acr_values)))) {
        await services.secondFactors.start(reply, { userId: session.userId, amr: session.amr, method: session.method, factors: session.factors, applicationId, action: 'login.step_up', reason: 'factor.step_up', returnTo: interactionPath(details.uid), stepUp: true });
        return reply.redirect(SECOND_FACTOR_PATH, 303);
      }
      return finish(details, reply, signedIn(details, session));
    }
    if (!applicationId) throw expired();
    const hints = { login_hint: typeof details.params.login_hint === 'string' ? details.params.login_hint : undefined, lang: isLocale(request.query.lang) ? request.query.lang : undefined };
    const loginPage = loginPageHref(applicationId, interactionPath(details.uid), hints);
    if (step === 'sign-in') return reply.redirect(loginPage, 303);
    const { user } = active!;
    const csrf = ensureCsrf(request, reply, secureCookies);
    const appName = client.clientName ?? client.clientId;
    return sendPage(
      request,
      reply,
      (t) => t('select.title'),
      (t) =>
        selectAccountBody(t, {
          appName,
          account: { id: user.id, displayName: user.display_name, username: user.username },
          action: `${interactionPath(details.uid)}/select-account`,
          csrf,
          anotherAccountHref: loginPage,
        }),
    );
  }

  async function consent(request: FastifyRequest, reply: FastifyReply, provider: Provider, details: Interaction, client: Client) {
    const active = await activeSession(request);
    if (!active || active.session.userId !== details.session?.accountId) throw expired();
    if (isFirstParty(client)) return finish(details, reply, await grantMissing(provider, details));
    const scopes = String(details.params.scope ?? '').split(' ');
    const apiScopes = await askedApiScopes(db, details);
    const csrf = ensureCsrf(request, reply, secureCookies);
    const appName = client.clientName ?? client.clientId;
    return sendPage(
      request,
      reply,
      (t) => t('consent.title', { app: appName }),
      (t) => consentBody(t, { appName, userName: active.user.display_name, scopes, apiScopes, action: `${interactionPath(details.uid)}/consent`, csrf }),
    );
  }

  app.get<{ Params: { uid: string }; Querystring: { lang?: string } }>(interactionPath(':uid'), async (request, reply) => {
    const { provider, details, client } = await load(request, reply);
    if (SIGN_IN_PROMPTS.includes(details.prompt.name)) return login(request, reply, details, client);
    if (details.prompt.name === 'consent') return consent(request, reply, provider, details, client);
    throw fail('oidc.unsupported_prompt', `Prompt ${details.prompt.name} is not supported.`);
  });

  app.post<{ Params: { uid: string }; Body: { csrf?: string; account?: string } }>(`${interactionPath(':uid')}/select-account`, async (request, reply) => {
    checkCsrf(request, request.body?.csrf);
    const { details } = await load(request, reply);
    if (details.prompt.name !== SELECT_ACCOUNT) throw expired();
    const active = await activeSession(request);
    // Continue only as the account the page showed (another tab may have signed someone else in since),
    // and only while the chooser is the answer; otherwise the interaction decides again.
    if (!active || active.session.userId !== request.body?.account || (await nextStep(details, active)) !== 'choose') {
      return reply.redirect(interactionPath(details.uid), 303);
    }
    return finish(details, reply, signedIn(details, active.session));
  });

  app.post<{ Params: { uid: string }; Body: { csrf?: string; decision?: string } }>(`${interactionPath(':uid')}/consent`, async (request, reply) => {
    checkCsrf(request, request.body?.csrf);
    const { provider, details, client } = await load(request, reply);
    const active = await activeSession(request);
    if (details.prompt.name !== 'consent' || !active || active.session.userId !== details.session?.accountId) throw expired();
    const allowed = request.body?.decision === 'allow';
    await recordLoginEvent(db, request, {
      action: 'oidc.consent',
      outcome: allowed ? 'success' : 'failure',
      reason: allowed ? 'consent.granted' : 'consent.denied',
      userId: active.session.userId,
      applicationId: applicationIdOf(client),
      detail: { scope: details.params.scope },
    });
    if (!allowed) return finish(details, reply, { error: 'access_denied', error_description: 'End-User denied the request' });
    return finish(details, reply, await grantMissing(provider, details));
  });
}
