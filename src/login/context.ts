/** What the login routes share: services built once per node, and the helpers every method uses. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import type { ExternalDeps } from '../identity/types.ts';
import type { Sessions } from './session.ts';
import type { Transactions } from './transactions.ts';
import type { PendingBindings } from './pending.ts';
import type { OtpService } from '../otp/codes.ts';
import type { SmsOutbox } from '../sms/types.ts';
import { fail } from '../errors.ts';
import { enabledSources } from '../applications/login-configuration.ts';
import { applicationProtocol } from '../protocols/registry.ts';
import { recordLoginEvent } from './events.ts';
import { activeUser } from '../directory/user-store.ts';
import { prepareQuery } from '../store/prepared.ts';
import { DEFAULT_RETURN_TO, safeReturnTo } from './return-to.ts';
import { USER_CENTER_APP_ID } from '../store/well-known.ts';
import { markProvenContacts, type ProvenContacts } from './verified-contacts.ts';
import { secondFactorPolicy, type SecondFactorChallenges } from './second-factor.ts';
import { secondFactorDue, secondFactorGiven } from '../factors/policy.ts';
import { heldFactors } from '../factors/store.ts';
import type { DeviceMemory } from './device.ts';
import type { GivenFactor, SecondFactorPolicy } from '../factors/views.ts';
import type { FactorStore } from '../factors/store.ts';
import type { PasskeyDeps } from '../factors/passkey.ts';

/** Where a sign-in asks for its second factor (./routes/factor.ts). */
export const SECOND_FACTOR_PATH = '/login/factor';

export interface LoginServices {
  ctx: AppContext;
  /** What the external source types get from this node (src/identity/registry.ts). */
  external: ExternalDeps;
  sessions: Sessions;
  transactions: Transactions;
  pending: PendingBindings;
  otp: OtpService;
  /** Present only with the console SMS sender: the dev page reads it. */
  outbox?: SmsOutbox;
  /** Sign-ins waiting for their second factor, and the users' factors. */
  secondFactors: SecondFactorChallenges;
  factors: FactorStore;
  /** Passkeys and security keys: the relying party Portico is, and their ceremonies (src/factors/passkey.ts). */
  passkeys: PasskeyDeps;
  /** Browsers that gave a person's second factor (an application may ask only on a new device). */
  devices: DeviceMemory;
  secureCookies: boolean;
}

/** The query every login link carries: the application, by its Portico id, and, unless it is the default, where to go next. */
export function loginQuery(applicationId: string, returnTo: string): URLSearchParams {
  const q = new URLSearchParams({ app: applicationId });
  if (returnTo !== DEFAULT_RETURN_TO) q.set('return_to', returnTo);
  return q;
}

/**
 * What an application's request may say about the sign-in it wants: who is expected (`login_hint`, read
 * by the login page: ./login-hint.ts) and in which language (`lang`, as every page reads it).
 */
export interface LoginPageHints {
  login_hint?: string;
  lang?: string;
}

/**
 * An application's login page. A protocol hands a sign-in its application asked for over with it,
 * `returnTo` being where the protocol resumes once the person is signed in (src/protocols/types.ts).
 */
export function loginPageHref(applicationId: string, returnTo: string = DEFAULT_RETURN_TO, hints: LoginPageHints = {}): string {
  const q = loginQuery(applicationId, returnTo);
  for (const [name, value] of Object.entries(hints)) if (value) q.set(name, value);
  return `/login?${q}`;
}

/** Where a page that needs a signed-in person sends them: the User Center's sign-in. */
export const USER_CENTER_SIGN_IN = loginPageHref(USER_CENTER_APP_ID);

/** A `return_to` from a request, kept only when it stays on Portico (src/login/return-to.ts). */
export const returnToOf = (s: LoginServices, value: unknown) => safeReturnTo(value, s.ctx.config.publicUrl);

export interface LoginApplication {
  id: string;
  name: string;
}

const applicationQuery = prepareQuery(['param'], (conn, v) =>
  conn
    .selectFrom('applications')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', v.param), eb('client_id', '=', v.param)])),
);

/**
 * The application a login page is for, asked on every login step: by its Portico id, which every link
 * Portico writes carries, or by its identifier in its protocol (an OpenID Connect client id), which
 * links written before still carry. The id wins should one application's client id be another's id.
 */
export async function resolveApplication(s: LoginServices, param: unknown): Promise<LoginApplication> {
  if (typeof param !== 'string' || !param) {
    throw fail('login.unknown_application', 'No application was named.');
  }
  const { rows } = await applicationQuery(s.ctx.store.db, { param });
  const app = rows.find((r) => r.id === param) ?? rows[0];
  if (!app) throw fail('login.unknown_application', `No application ${JSON.stringify(param)}.`);
  if (!applicationProtocol(app.protocol).signsPeopleIn(app)) throw fail('login.application_signs_no_one_in', `${app.name} signs no one in: it has no login page.`);
  return { id: app.id, name: app.name };
}

type EnabledSource = Awaited<ReturnType<typeof enabledSources>>[number];

/** A source can be used for an application only when its Login Configuration enables it. */
async function enabledSource(s: LoginServices, applicationId: string, match: (source: EnabledSource) => boolean) {
  const source = (await enabledSources(s.ctx.store.db, applicationId)).find(match);
  if (!source) throw fail('login.source_not_enabled', 'This sign-in method is not enabled for this application.');
  return source;
}

export const assertSourceEnabled = (s: LoginServices, applicationId: string, sourceId: string, type: string) =>
  enabledSource(s, applicationId, (x) => x.id === sourceId && x.type === type);

export const sourceOfType = (s: LoginServices, applicationId: string, type: string) => enabledSource(s, applicationId, (x) => x.type === type);

/** What a first factor proved, handed to the end of the sign-in (or, first, to its second factor). */
export interface SignInResult {
  userId: string;
  amr: string[];
  applicationId: string;
  /** The source it was made with; none for a step-up of a signed-in person (../oidc/interaction.ts). */
  sourceId?: string;
  action: string;
  reason: string;
  returnTo: string;
  /** The source type of the first factor: the sign-in is counted under it. */
  method?: string;
  /** The second factors given so far (a step-up carries the session's). */
  factors?: GivenFactor[];
  /** A signed-in person giving a second factor (../oidc/interaction.ts): not a new sign-in, so not counted as one. */
  stepUp?: true;
  boundByPhone?: boolean;
  detail?: Record<string, unknown>;
  /** What this sign-in proved the person holds, marked verified on the user (./verified-contacts.ts). */
  proven?: ProvenContacts;
}

/**
 * The end of every successful first factor: on to the second factor when the application's policy
 * asks for one (./second-factor.ts, ./routes/factor.ts), else the sign-in completes.
 */
export async function finishSignIn(s: LoginServices, request: FastifyRequest, reply: FastifyReply, o: SignInResult) {
  // The callers check the status first; this catches a user disabled in the meantime.
  if (!(await activeUser(s.ctx.store.db, o.userId))) throw fail('login.user_inactive', 'The account is disabled or locked.');
  const policy = await secondFactorPolicy(s.ctx.store.db, o.applicationId);
  if (await isSecondFactorDue(s, request, policy, o)) {
    await s.secondFactors.start(reply, o);
    return reply.redirect(SECOND_FACTOR_PATH, 303);
  }
  // The user was found active just above, in this request: not read a second time.
  return startSignedInSession(s, request, reply, o);
}

/** Who a second-factor rule is asked about: a sign-in on its way, or a signed-in person (their SSO session). */
export type SignedIn = { userId: string; amr: string[]; method?: string; factors?: GivenFactor[] };

/** Whether a sign-in (or a signed-in person, for a step-up) must give a second factor now, by the policy. */
export async function isSecondFactorDue(s: LoginServices, request: Pick<FastifyRequest, 'cookies'>, policy: SecondFactorPolicy, who: SignedIn) {
  if (policy.mode === 'never' || secondFactorGiven(policy, who)) return false;
  return secondFactorDue(policy, {
    amr: who.amr,
    method: who.method,
    factors: who.factors,
    knownDevice: s.devices.known(request, who.userId, policy.rememberDays),
    held: await heldFactors(s.ctx.store.db, who.userId),
  });
}

/**
 * Whether a signed-in person must give a second factor before an application gets their sign-in: its
 * policy asks for one, or its request asks for the multi-factor level (`multiFactorAsked`, OIDC acr_values).
 */
export async function stepUpDue(s: LoginServices, request: Pick<FastifyRequest, 'cookies'>, applicationId: string, who: SignedIn, multiFactorAsked: boolean) {
  const policy = await secondFactorPolicy(s.ctx.store.db, applicationId);
  return isSecondFactorDue(s, request, multiFactorAsked ? { ...policy, mode: 'always', enroll: true } : policy, who);
}

/** A sign-in proven: a fresh SSO session, the login event, back to where the user was going. */
export async function completeSignIn(s: LoginServices, request: FastifyRequest, reply: FastifyReply, o: SignInResult) {
  // After a second factor, minutes may have passed since the first factor found the user active.
  if (!(await activeUser(s.ctx.store.db, o.userId))) throw fail('login.user_inactive', 'The account is disabled or locked.');
  return startSignedInSession(s, request, reply, o);
}

/** The end of a sign-in whose user this request has found active. */
async function startSignedInSession(s: LoginServices, request: FastifyRequest, reply: FastifyReply, o: SignInResult) {
  if (o.proven) await markProvenContacts(s.ctx.store, request, o.userId, o.proven);
  await s.sessions.start(request, reply, { userId: o.userId, amr: o.amr, method: o.method, factors: o.factors, applicationId: o.applicationId });
  await recordLoginEvent(s.ctx.store.db, request, {
    action: o.action,
    outcome: 'success',
    reason: o.reason,
    userId: o.userId,
    applicationId: o.applicationId,
    sourceId: o.sourceId,
    method: o.stepUp ? undefined : o.method,
    boundByPhone: o.boundByPhone,
    detail: o.detail,
  });
  return reply.redirect(o.returnTo, 303);
}
