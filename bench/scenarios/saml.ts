/**
 * (8) SAML: SP-initiated sign-in with a live SSO session: each iteration is one AuthnRequest over
 * HTTP-Redirect (a fresh ID each time: IDs are taken once) answered at once with the auto-POST page
 * carrying a Response whose assertion and envelope are both signed (RSA-SHA256). Each worker signs in
 * once, with its password, before the run; the SAML application is created through the admin API.
 */
import type http from 'node:http';
import { randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { browserFor, json, type VirtualBrowser } from '../lib/http-client.ts';
import type { LoadResult } from '../lib/load.ts';
import { BENCH_USER_PASSWORD, type BenchWorld } from '../lib/setup.ts';
import { runScenario, type RunOptions } from './options.ts';
import { PASSWORD_SOURCE_ID } from '../../src/store/well-known.ts';

const V1 = '/api/admin/v1';
const SP = 'https://bench-sp.example.com/metadata';
/** The SP is never contacted: a flow ends at the page that would post the Response to it. */
const ACS = 'http://127.0.0.1:9/bench-saml/acs';
const MAX_HOPS = 10;

const field = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

/** An AuthnRequest as an SP sends it over HTTP-Redirect: the query of /saml/sso. */
function authnRequest(): string {
  const xml = `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_${randomBytes(16).toString('hex')}" Version="2.0" IssueInstant="${new Date().toISOString()}" AssertionConsumerServiceURL="${ACS}"><saml:Issuer>${SP}</saml:Issuer></samlp:AuthnRequest>`;
  return `/saml/sso?${new URLSearchParams({ SAMLRequest: deflateRawSync(Buffer.from(xml)).toString('base64'), RelayState: 'bench' })}`;
}

/** One sign-in through the login page with the password, ending at the auto-POST page. */
async function signIn(browser: VirtualBrowser, porticoUrl: string, username: string): Promise<void> {
  let answer = await browser.get(authnRequest());
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    if (answer.location) answer = await browser.get(new URL(answer.location, porticoUrl).toString());
    else if (answer.body.includes('name="password"')) {
      answer = await browser.post('/login/password', { app: field(answer.body, 'app'), return_to: field(answer.body, 'return_to').replace(/&amp;/g, '&'), csrf: field(answer.body, 'csrf'), username, password: BENCH_USER_PASSWORD });
    } else if (answer.body.includes('name="SAMLResponse"')) return;
    else throw new Error(`SAML sign-in stopped at ${answer.status}`);
  }
  throw new Error('SAML sign-in did not end');
}

export async function samlAssertions(agent: http.Agent, porticoUrl: string, world: BenchWorld, o: RunOptions): Promise<LoadResult> {
  const app = await json(agent, 'POST', `${porticoUrl}${V1}/applications`, { name: 'Bench SAML', protocol: 'saml', entityId: SP, acsUrls: [ACS] }, world.adminToken);
  await json(agent, 'PUT', `${porticoUrl}${V1}/applications/${app.application.id}/login-configuration`, { sources: [PASSWORD_SOURCE_ID] }, world.adminToken);
  const browsers = await Promise.all(
    Array.from({ length: o.concurrency }, async (_, w) => {
      const browser = browserFor(agent, porticoUrl);
      await signIn(browser, porticoUrl, world.people[w % world.people.length].username);
      return browser;
    }),
  );
  return runScenario(o, async (w) => {
    const answer = await browsers[w].get(authnRequest());
    if (answer.status !== 200 || !answer.body.includes('name="SAMLResponse"')) throw new Error(`SSO answered ${answer.status} without a Response`);
  });
}
