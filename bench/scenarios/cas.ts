/**
 * (7) CAS: a service ticket from a live SSO session, then its validation by the service's server: each
 * iteration is one GET /cas/login (answered at once with a ticket, no page) and one
 * GET /cas/p3/serviceValidate (XML with attributes). Each worker signs in once, with its password,
 * before the run; the CAS application is created through the admin API.
 */
import type http from 'node:http';
import { browserFor, json, request, type VirtualBrowser } from '../lib/http-client.ts';
import type { LoadResult } from '../lib/load.ts';
import { BENCH_USER_PASSWORD, type BenchWorld } from '../lib/setup.ts';
import { runScenario, type RunOptions } from './options.ts';
import { PASSWORD_SOURCE_ID } from '../../src/store/well-known.ts';

const V1 = '/api/admin/v1';
/** The service is never contacted: the flow ends when Portico sends the browser to it with its ticket. */
const SERVICE = 'http://127.0.0.1:9/bench-cas/home';
const MAX_HOPS = 10;

const field = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

/** Follows a browser from /cas/login to the service, signing in with the password at the login page; the ticket it lands with. */
async function ticketFor(browser: VirtualBrowser, porticoUrl: string, username: string): Promise<string> {
  let answer = await browser.get(`/cas/login?${new URLSearchParams({ service: SERVICE })}`);
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const location = answer.location;
    if (location?.startsWith(SERVICE)) return new URL(location).searchParams.get('ticket') ?? '';
    if (location) answer = await browser.get(new URL(location, porticoUrl).toString());
    else if (answer.body.includes('name="password"')) {
      answer = await browser.post('/login/password', { app: field(answer.body, 'app'), return_to: field(answer.body, 'return_to').replace(/&amp;/g, '&'), csrf: field(answer.body, 'csrf'), username, password: BENCH_USER_PASSWORD });
    } else throw new Error(`CAS login stopped at ${answer.status}`);
  }
  throw new Error('CAS login did not end');
}

export async function casTickets(agent: http.Agent, porticoUrl: string, world: BenchWorld, o: RunOptions): Promise<LoadResult> {
  const app = await json(agent, 'POST', `${porticoUrl}${V1}/applications`, { name: 'Bench CAS', protocol: 'cas', services: [{ url: SERVICE, match: 'exact' }], attributes: ['displayName', 'email', 'mobile'] }, world.adminToken);
  await json(agent, 'PUT', `${porticoUrl}${V1}/applications/${app.application.id}/login-configuration`, { sources: [PASSWORD_SOURCE_ID] }, world.adminToken);
  const browsers = await Promise.all(
    Array.from({ length: o.concurrency }, async (_, w) => {
      const browser = browserFor(agent, porticoUrl);
      await ticketFor(browser, porticoUrl, world.people[w % world.people.length].username);
      return browser;
    }),
  );
  return runScenario(o, async (w) => {
    const login = await browsers[w].get(`/cas/login?${new URLSearchParams({ service: SERVICE })}`);
    const ticket = login.location?.startsWith(SERVICE) ? new URL(login.location).searchParams.get('ticket') : null;
    if (!ticket) throw new Error(`CAS login answered ${login.status} without a ticket`);
    const validated = await request(agent, 'GET', `${porticoUrl}/cas/p3/serviceValidate?${new URLSearchParams({ service: SERVICE, ticket })}`);
    if (!validated.body.includes('<cas:authenticationSuccess>')) throw new Error(`validation failed: ${validated.body.slice(0, 200)}`);
  });
}
