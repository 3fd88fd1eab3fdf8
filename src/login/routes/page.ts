/** GET /login?app=…: the application's login page, offering exactly its enabled methods, in order. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LoginApplication, LoginServices } from '../context.ts';
import { loginQuery, resolveApplication, returnToOf } from '../context.ts';
import { localeOf, sendPage } from '../../pages/send.ts';
import { DEFAULT_RETURN_TO } from '../return-to.ts';
import { enabledSources } from '../../applications/login-configuration.ts';
import { ensureCsrf } from '../../pages/csrf.ts';
import { loginBody, type LoginMethodView } from '../pages/login.ts';
import type { Translate } from '../../pages/i18n.ts';
import { sourceType } from '../../identity/registry.ts';
import { loginHintState } from '../login-hint.ts';

interface LoginQuery {
  app?: string;
  method?: string;
  return_to?: string;
  lang?: string;
  login_hint?: string;
}

async function loginMethods(s: LoginServices, t: Translate, app: LoginApplication, returnTo: string) {
  const sources = await enabledSources(s.ctx.store.db, app.id);
  const q = loginQuery(app.id, returnTo);
  return sources.map((source): LoginMethodView => {
    const external = Boolean(sourceType(source.type).external);
    // A type's label may name the source ("Sign in with Okta"); otherwise several sources of one type
    // (two DingTalk organisations) are told apart by their names.
    const named = t(`method.${source.type}`, { name: source.name });
    const label = !named.includes(source.name) && sources.filter((x) => x.type === source.type).length > 1 ? `${named} · ${source.name}` : named;
    const href = external ? `/login/${source.type}/${source.id}?${q}` : `/login?${q}&method=${source.id}`;
    return { sourceId: source.id, type: source.type, external, label, href };
  });
}

export interface LoginPageState {
  selected?: string;
  error?: string;
  info?: string;
  username?: string;
  phone?: string;
  resendAfterSec?: number;
  status?: number;
  /** Who the application expects (its `login_hint`): selects and fills a method unless the state says otherwise. */
  loginHint?: string;
}

/** Renders an application's login page, optionally with a method selected and a message. */
export async function renderLogin(
  s: LoginServices,
  request: FastifyRequest,
  reply: FastifyReply,
  application: LoginApplication,
  returnTo: string,
  state: LoginPageState = {},
) {
  const { t } = localeOf(request, reply);
  const methods = await loginMethods(s, t, application, returnTo);
  const { loginHint, ...shown } = state;
  const hinted = loginHintState(loginHint, methods);
  // An external source opens its own page (or the upstream's); the panel here shows the first form-based method.
  const selected = methods.find((m) => m.sourceId === (shown.selected ?? hinted.selected)) ?? methods.find((m) => !m.external);
  const csrf = ensureCsrf(request, reply, s.secureCookies);
  return sendPage(
    request,
    reply,
    (tr) => tr('login.title', { app: application.name }),
    (tr) =>
      loginBody(tr, {
        ...shown,
        username: shown.username ?? hinted.username,
        phone: shown.phone ?? hinted.phone,
        appName: application.name,
        methods,
        selected,
        appParam: application.id,
        returnTo: returnTo === DEFAULT_RETURN_TO ? undefined : returnTo,
        csrf,
      }),
    state.status ?? 200,
    [...new Set(methods.flatMap((m) => sourceType(m.type).panel?.scripts ?? []))],
  );
}

export function pageRoutes(app: FastifyInstance, s: LoginServices) {
  app.get<{ Querystring: LoginQuery }>('/login', async (request, reply) => {
    const application = await resolveApplication(s, request.query.app);
    const { method, login_hint: loginHint } = request.query;
    return renderLogin(s, request, reply, application, returnToOf(s, request.query.return_to), { selected: method, loginHint });
  });
}
