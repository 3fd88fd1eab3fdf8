/**
 * The scenarios that go through Portico's OpenID Connect provider (src/oidc, mounted at /oidc):
 * (1) the DingTalk QR login of (1') started by an application: authorize → login page → QR page →
 *     DingTalk → callback → back to the provider → code → token (PKCE, client_secret_basic);
 * (1i) the same person tapping the application in the DingTalk workbench: its homepage address →
 *     "signing you in" page → the JSAPI's code (the simulator mints it, as DingTalk's client would) →
 *     callback → the application's initiate login URI → authorize (answered by the SSO session) → code → token;
 * (1t) the flow of (1) to an application whose policy asks for a second factor: after the QR scan, the
 *     authenticator app's code (computed as the app would, for people enrolled before the run), then back
 *     to the provider; each code is accepted once, so the people take turns (BENCH_TOTP_PEOPLE, 1500);
 * (3) refresh-token grants (rotation: each answer's refresh token is the next request's);
 * (4) the same grant on a bare oidc-provider in its own process (bench/bare-provider.ts), for the ratio.
 * Each scenario first says whether it can run here (the provider answers discovery).
 */
import type http from 'node:http';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { browserFor, json, request, type Answer, type VirtualBrowser } from '../lib/http-client.ts';
import type { LoadResult } from '../lib/load.ts';
import type { BenchWorld } from '../lib/setup.ts';
import { scanQr } from './dingtalk-qr.ts';
import { SIM_APP } from '../lib/setup.ts';
import { runScenario, type RunOptions } from './options.ts';
import { PASSWORD_SOURCE_ID } from '../../src/store/well-known.ts';
import { totpCode } from '../../src/factors/totp.ts';

export interface OidcRunContext {
  agent: http.Agent;
  porticoUrl: string;
  simUrl: string;
  world: BenchWorld;
  options: RunOptions;
}

export interface OidcScenario {
  id: string;
  name: string;
  unit: string;
  note?: string;
  /** Why it cannot run here, or undefined when it can. */
  unavailable(ctx: OidcRunContext): Promise<string | undefined>;
  run(ctx: OidcRunContext): Promise<LoadResult>;
}

const V1 = '/api/admin/v1';
const ISSUER_PATH = '/oidc';
/** The application is never contacted: a flow ends when Portico sends the browser to it. */
const APPLICATION = 'http://127.0.0.1:9/bench/';
const REDIRECT_URI = `${APPLICATION}callback`;
/** Where a sign-in started at Portico continues (OpenID Connect Third-Party Initiated Login). */
const INITIATE_LOGIN_URI = `${APPLICATION}login`;
/** The DingTalk client's web view says so in its user agent (what the start page looks for). */
const DINGTALK_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AliApp(DingTalk/7.6.0)';
const MAX_HOPS = 15;
const BARE_PROVIDER = fileURLToPath(new URL('../bare-provider.ts', import.meta.url));

async function providerAnswers(ctx: OidcRunContext): Promise<string | undefined> {
  try {
    const answer = await request(ctx.agent, 'GET', `${ctx.porticoUrl}${ISSUER_PATH}/.well-known/openid-configuration`);
    return answer.status === 200 ? undefined : `no OIDC provider at ${ISSUER_PATH} (discovery answered ${answer.status})`;
  } catch (error) {
    return `no OIDC provider: ${(error as Error).message}`;
  }
}

interface BenchClient {
  applicationId: string;
  clientId: string;
  clientSecret: string;
}

/** One confidential first-party application whose login page offers DingTalk and password; made once per Portico. */
const registered = new Map<string, Promise<BenchClient>>();
function benchClient(ctx: OidcRunContext): Promise<BenchClient> {
  const made = registered.get(ctx.porticoUrl);
  if (made) return made;
  const making = (async () => {
    const api = (method: string, path: string, body: unknown) => json(ctx.agent, method, ctx.porticoUrl + V1 + path, body, ctx.world.adminToken);
    const created = await api('POST', '/applications', {
      name: 'Bench application',
      clientType: 'confidential',
      firstParty: true,
      redirectUris: [REDIRECT_URI],
      initiateLoginUri: INITIATE_LOGIN_URI,
    });
    await api('PUT', `/applications/${created.application.id}/login-configuration`, { sources: [ctx.world.dingtalkSourceId, PASSWORD_SOURCE_ID] });
    return { applicationId: created.application.id as string, clientId: created.application.clientId as string, clientSecret: created.clientSecret as string };
  })();
  registered.set(ctx.porticoUrl, making);
  return making;
}

/** An application whose policy asks for a second factor after every sign-in (1t); made once per run. */
let registeredMfa: Promise<BenchClient> | undefined;
function benchMfaClient(ctx: OidcRunContext): Promise<BenchClient> {
  registeredMfa ??= (async () => {
    const api = (method: string, path: string, body: unknown) => json(ctx.agent, method, ctx.porticoUrl + V1 + path, body, ctx.world.adminToken);
    const created = await api('POST', '/applications', { name: 'Bench application (second factor)', clientType: 'confidential', firstParty: true, redirectUris: [REDIRECT_URI], secondFactor: { mode: 'always' } });
    await api('PUT', `/applications/${created.application.id}/login-configuration`, { sources: [ctx.world.dingtalkSourceId] });
    return { applicationId: created.application.id as string, clientId: created.application.clientId as string, clientSecret: created.clientSecret as string };
  })();
  return registeredMfa;
}

const basic = (c: Pick<BenchClient, 'clientId' | 'clientSecret'>) => `Basic ${Buffer.from(`${encodeURIComponent(c.clientId)}:${encodeURIComponent(c.clientSecret)}`).toString('base64')}`;

/** Follows the provider's and Portico's redirects until a page shows or the browser is sent to the application. */
async function follow(browser: VirtualBrowser, first: Answer): Promise<Answer> {
  let answer = first;
  for (let hops = 0; answer.location && !answer.location.startsWith(APPLICATION); hops++) {
    if (hops > MAX_HOPS) throw new Error('too many redirects');
    answer = await browser.get(answer.location);
  }
  return answer;
}

async function tokenRequest(ctx: OidcRunContext, endpoint: string, authorization: string, form: Record<string, string>) {
  const answer = await request(ctx.agent, 'POST', endpoint, {
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization },
    body: new URLSearchParams(form).toString(),
  });
  if (answer.status !== 200) throw new Error(`token endpoint answered ${answer.status}: ${answer.body.slice(0, 200)}`);
  return JSON.parse(answer.body) as { access_token: string; id_token?: string; refresh_token?: string };
}

/** The application's authorization request (PKCE, state, nonce) and what the browser is answered. */
async function authorize(browser: VirtualBrowser, c: BenchClient, extra: Record<string, string> = {}) {
  const verifier = randomBytes(32).toString('base64url');
  const query = new URLSearchParams({
    client_id: c.clientId,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'openid profile',
    state: randomBytes(12).toString('base64url'),
    nonce: randomBytes(12).toString('base64url'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...extra,
  });
  return { verifier, answer: await follow(browser, await browser.get(`${ISSUER_PATH}/auth?${query}`)) };
}

/** The application redeems the code its redirect URI was sent. */
function redeem(ctx: OidcRunContext, c: BenchClient, answer: Answer, verifier: string) {
  const code = answer.location?.startsWith(REDIRECT_URI) ? new URL(answer.location).searchParams.get('code') : null;
  if (!code) throw new Error(`no code for the application (last answer ${answer.status} ${answer.location ?? ''})`);
  return tokenRequest(ctx, `${ctx.porticoUrl}${ISSUER_PATH}/token`, basic(c), { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier });
}

/** One person signs in to the application with DingTalk, from nothing (no SSO session), and the application redeems the code. */
async function dingtalkThroughOidc(ctx: OidcRunContext, c: BenchClient, worker: number, extra: Record<string, string> = {}) {
  const person = ctx.world.people[worker % ctx.world.people.length];
  const browser = browserFor(ctx.agent, ctx.porticoUrl);
  let { verifier, answer } = await authorize(browser, c, extra);
  if (!answer.location) {
    const link = /href="(\/login\/dingtalk\/[^"]+)"/.exec(answer.body)?.[1];
    if (answer.status !== 200 || !link) throw new Error(`expected the login page, got ${answer.status}`);
    const redirectUrl = await scanQr(ctx.agent, ctx.simUrl, await browser.get(link.replace(/&amp;/g, '&')), person.unionId);
    answer = await follow(browser, await browser.get(redirectUrl));
  }
  return redeem(ctx, c, answer, verifier);
}

/** One person enrolled for (1t): who they are in DingTalk, their authenticator secret, and the last time step they used. */
interface TotpPerson {
  unionId: string;
  secret: string;
  lastStep: number;
}

const TOTP_STEP_MS = 30_000;
const stepNow = () => Math.floor(Date.now() / TOTP_STEP_MS);

/** The QR sign-in of (1) as far as the second factor: answers the factor page, or the redirect when none was asked. */
async function dingtalkToFactor(ctx: OidcRunContext, c: BenchClient, browser: VirtualBrowser, unionId: string) {
  const { verifier, answer } = await authorize(browser, c);
  const link = /href="(\/login\/dingtalk\/[^"]+)"/.exec(answer.body)?.[1];
  if (answer.status !== 200 || !link) throw new Error(`expected the login page, got ${answer.status}`);
  const redirectUrl = await scanQr(ctx.agent, ctx.simUrl, await browser.get(link.replace(/&amp;/g, '&')), unionId);
  const callback = await browser.get(redirectUrl);
  if (callback.location !== '/login/factor') throw new Error(`expected the second factor, got ${callback.status} ${callback.location ?? ''}`);
  return { verifier, page: await browser.get('/login/factor') };
}

const csrfOf = (body: string) => /name="csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';

/** Enrolls people for (1t) through the pages, as each would at their first sign-in; a DingTalk person each, bound by mobile. */
async function enrollTotpPeople(ctx: OidcRunContext, c: BenchClient, count: number): Promise<TotpPerson[]> {
  const api = (method: string, path: string, body: unknown) => json(ctx.agent, method, ctx.porticoUrl + V1 + path, body, ctx.world.adminToken);
  const people: TotpPerson[] = [];
  for (let start = 0; start < count; start += 16) {
    const batch = Array.from({ length: Math.min(16, count - start) }, (_, k) => start + k);
    people.push(
      ...(await Promise.all(
        batch.map(async (i) => {
          const n = String(i).padStart(5, '0');
          const unionId = `benchtotp${n}`;
          await api('POST', '/users', { username: `benchtotp${n}`, displayName: `Bench TOTP ${n}`, mobile: `+86139${n.padStart(8, '0')}` });
          await json(ctx.agent, 'POST', `${ctx.simUrl}/sim/api/users`, { corpId: SIM_APP.corpId, unionId, userId: `benchtotpuser${n}`, name: `Bench TOTP ${n}`, mobile: `139${n.padStart(8, '0')}`, stateCode: '86', deptIdList: [1], active: true });
          const browser = browserFor(ctx.agent, ctx.porticoUrl);
          const { page } = await dingtalkToFactor(ctx, c, browser, unionId);
          const secret = /data-secret>([^<]+)</.exec(page.body)?.[1]?.replace(/\s/g, '');
          if (!secret) throw new Error('expected the enrolment page');
          const codes = await browser.post('/login/factor', { csrf: csrfOf(page.body), code: totpCode(secret) });
          await browser.post('/login/factor/continue', { csrf: csrfOf(codes.body) });
          return { unionId, secret, lastStep: stepNow() };
        }),
      )),
    );
  }
  return people;
}

/**
 * One person taps the application in the DingTalk workbench, from nothing (no SSO session): its homepage
 * address shows the "signing you in" page, the JSAPI's code goes to the callback, the sign-in continues at
 * the application's initiate login URI, and the application's own authorization is answered at once.
 */
async function dingtalkInAppThroughOidc(ctx: OidcRunContext, c: BenchClient, worker: number) {
  const person = ctx.world.people[worker % ctx.world.people.length];
  const browser = browserFor(ctx.agent, ctx.porticoUrl, { userAgent: DINGTALK_UA });
  const page = await browser.get(`/login/dingtalk/${ctx.world.dingtalkSourceId}?app=${c.applicationId}`);
  const data = (name: string) => new RegExp(`data-${name}="([^"]*)"`).exec(page.body)?.[1]?.replace(/&amp;/g, '&');
  const [callback, state, param] = [data('callback'), data('state'), data('code-param')];
  if (page.status !== 200 || !callback || !state || !param) throw new Error(`expected the in-app page, got ${page.status}`);
  const { code } = await json(ctx.agent, 'POST', `${ctx.simUrl}/test/inapp-codes`, { userid: person.userId });
  const continued = await follow(browser, await browser.get(`${callback}?${new URLSearchParams({ [param]: code, state })}`));
  if (!continued.location?.startsWith(INITIATE_LOGIN_URI)) throw new Error(`expected the initiate login URI, got ${continued.status} ${continued.location ?? ''}`);
  const { verifier, answer } = await authorize(browser, c);
  return redeem(ctx, c, answer, verifier);
}

/** Refresh grants in a loop, each worker rotating its own token. */
function refreshLoop(ctx: OidcRunContext, endpoint: string, authorization: string, tokens: string[]) {
  return runScenario(ctx.options, async (w) => {
    const answer = await tokenRequest(ctx, endpoint, authorization, { grant_type: 'refresh_token', refresh_token: tokens[w] });
    if (!answer.refresh_token) throw new Error('no rotated refresh token');
    tokens[w] = answer.refresh_token;
  });
}

/** The bare provider's process, its client and a refresh token per worker. */
async function startBareProvider(workers: number) {
  const child = spawn(process.execPath, [BARE_PROVIDER], { env: { PATH: process.env.PATH ?? '', BENCH_CONCURRENCY: String(workers) }, stdio: ['ignore', 'pipe', 'inherit'] });
  // The library prints notices on stdout too: the answer is the one line that is a JSON object.
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (l) => l.startsWith('{') && resolve(l));
    child.once('exit', (code) => reject(new Error(`bare provider exited (${code})`)));
  }).catch((error) => {
    child.kill('SIGKILL');
    throw error;
  });
  const started = JSON.parse(line) as { tokenEndpoint: string; clientId: string; clientSecret: string; refreshTokens: string[] };
  return {
    ...started,
    stop: () => new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill('SIGTERM'))),
  };
}

export const oidcScenarios: OidcScenario[] = [
  {
    id: '1',
    name: 'DingTalk QR login through OIDC (authorize … code, token)',
    unit: 'flows/s',
    unavailable: providerAnswers,
    async run(ctx) {
      const c = await benchClient(ctx);
      return runScenario(ctx.options, async (w) => {
        const tokens = await dingtalkThroughOidc(ctx, c, w);
        if (!tokens.id_token) throw new Error('no ID token');
      });
    },
  },
  {
    id: '1i',
    name: 'DingTalk in-app sign-in through OIDC (workbench … initiate login, authorize, token)',
    unit: 'flows/s',
    unavailable: providerAnswers,
    async run(ctx) {
      const c = await benchClient(ctx);
      return runScenario(ctx.options, async (w) => {
        const tokens = await dingtalkInAppThroughOidc(ctx, c, w);
        if (!tokens.id_token) throw new Error('no ID token');
      });
    },
  },
  {
    id: '1t',
    name: 'DingTalk QR login then an authenticator code through OIDC (authorize … second factor, code, token)',
    unit: 'flows/s',
    unavailable: providerAnswers,
    async run(ctx) {
      const c = await benchMfaClient(ctx);
      const people = await enrollTotpPeople(ctx, c, Number(process.env.BENCH_TOTP_PEOPLE ?? 1500));
      let next = 0;
      // A code is accepted once per time step and within a step either side of now: a person takes a turn
      // when they have a step left (the one after their last, not beyond the next one).
      const take = () => {
        for (let tries = 0; tries < people.length; tries++) {
          const person = people[next++ % people.length];
          if (person.lastStep < stepNow() + 1) {
            person.lastStep = Math.max(person.lastStep + 1, stepNow() - 1);
            return person;
          }
        }
        throw new Error('every person used their codes: raise BENCH_TOTP_PEOPLE');
      };
      return runScenario(ctx.options, async () => {
        const person = take();
        const browser = browserFor(ctx.agent, ctx.porticoUrl);
        const { verifier, page } = await dingtalkToFactor(ctx, c, browser, person.unionId);
        const answered = await browser.post('/login/factor', { csrf: csrfOf(page.body), code: totpCode(person.secret, person.lastStep * TOTP_STEP_MS) });
        const tokens = await redeem(ctx, c, await follow(browser, answered), verifier);
        if (!tokens.id_token) throw new Error('no ID token');
      });
    },
  },
  {
    id: '3',
    name: 'refresh-token grants (rotating)',
    unit: 'grants/s',
    unavailable: providerAnswers,
    async run(ctx) {
      const c = await benchClient(ctx);
      const tokens = await Promise.all(
        Array.from({ length: ctx.options.concurrency }, async (_, w) => {
          const t = await dingtalkThroughOidc(ctx, c, w, { scope: 'openid offline_access', prompt: 'consent' });
          if (!t.refresh_token) throw new Error('offline_access gave no refresh token');
          return t.refresh_token;
        }),
      );
      return refreshLoop(ctx, `${ctx.porticoUrl}${ISSUER_PATH}/token`, basic(c), tokens);
    },
  },
  {
    id: '4',
    name: 'refresh-token grants on a bare oidc-provider (in-memory)',
    unit: 'grants/s',
    note: 'its own process: the CPU column is Portico idling',
    unavailable: async () => undefined,
    async run(ctx) {
      const bare = await startBareProvider(ctx.options.concurrency);
      try {
        return await refreshLoop(ctx, bare.tokenEndpoint, basic(bare), bare.refreshTokens);
      } finally {
        await bare.stop();
      }
    },
  },
];
