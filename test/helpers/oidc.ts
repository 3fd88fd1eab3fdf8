/**
 * The relying-party side of the OIDC tests: applications registered through the admin API, a real
 * RP (openid-client) configured by discovery, and a browser that signs in on Portico's pages until
 * the provider sends it back to the application's redirect URI.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { TestNode } from './harness.ts';
import { Browser, field, type Page } from './browser.ts';
import { PASSWORD_SOURCE_ID } from '../../src/store/well-known.ts';

const V1 = '/api/admin/v1';
export const USER_PASSWORD = 'a long enough password';

export interface RegisteredApp {
  id: string;
  clientId: string;
  clientSecret?: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
}

/** An application (confidential unless said otherwise) whose login page offers `sources`. */
export async function registerApp(
  node: TestNode,
  admin: string,
  o: { clientType?: 'public' | 'confidential'; firstParty?: boolean; sources?: string[]; name?: string; settings?: Record<string, unknown>; redirectUri?: string; postLogoutRedirectUri?: string } = {},
): Promise<RegisteredApp> {
  const tag = randomBytes(4).toString('hex');
  // Applications are never contacted: the test stops at the redirect and reads it (a browser test names pages to land on).
  const redirectUri = o.redirectUri ?? `http://127.0.0.1:9/${tag}/callback`;
  const postLogoutRedirectUri = o.postLogoutRedirectUri ?? `http://127.0.0.1:9/${tag}/signed-out`;
  const res = await node.api('POST', `${V1}/applications`, {
    token: admin,
    body: {
      name: o.name ?? `App ${tag}`,
      clientType: o.clientType ?? 'confidential',
      firstParty: o.firstParty ?? true,
      redirectUris: [redirectUri],
      postLogoutRedirectUris: [postLogoutRedirectUri],
      ...o.settings,
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const put = await node.api('PUT', `${V1}/applications/${res.body.application.id}/login-configuration`, {
    token: admin,
    body: { sources: o.sources ?? [PASSWORD_SOURCE_ID] },
  });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  return { id: res.body.application.id, clientId: res.body.application.clientId, clientSecret: res.body.clientSecret, redirectUri, postLogoutRedirectUri };
}

export async function createUser(node: TestNode, admin: string, extra: Record<string, unknown> = {}) {
  const tag = randomBytes(4).toString('hex');
  const res = await node.api('POST', `${V1}/users`, {
    token: admin,
    body: {
      username: `u${tag}`,
      displayName: `User ${tag}`,
      mobile: `+86137${String(parseInt(tag, 16) % 1e8).padStart(8, '0')}`,
      email: `u${tag}@example.com`,
      password: USER_PASSWORD,
      ...extra,
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: string; username: string; displayName: string; mobile: string; email: string };
}

/** openid-client configured by discovery, as a real application would be (`metadata`: what it expects, such as its ID token algorithm). */
export async function relyingParty(node: TestNode, app: RegisteredApp, auth?: client.ClientAuth, metadata?: Partial<client.ClientMetadata>): Promise<client.Configuration> {
  const authentication = auth ?? (app.clientSecret ? client.ClientSecretBasic(app.clientSecret) : client.None());
  return client.discovery(new URL(`${node.url}/oidc`), app.clientId, metadata, authentication, { execute: [client.allowInsecureRequests] });
}

export interface AuthorizationRequest {
  url: URL;
  state: string;
  nonce: string;
  verifier: string;
}

export async function authorizationRequest(config: client.Configuration, app: RegisteredApp, extra: Record<string, string> = {}): Promise<AuthorizationRequest> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: app.redirectUri,
    scope: 'openid profile email phone',
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...extra,
  });
  return { url, state, nonce, verifier };
}

/** Follows Portico's redirects until one leaves for `prefix` (the application); returns every Portico page seen. */
export async function untilRedirect(browser: Browser, first: Page, prefix: string, max = 15) {
  const pages = [first];
  let page = first;
  while (page.location && !new URL(page.location, page.url).toString().startsWith(prefix)) {
    if (pages.length > max) throw new Error(`too many redirects: ${pages.map((p) => p.url).join(' → ')}`);
    page = await browser.get(new URL(page.location, page.url).toString());
    pages.push(page);
  }
  return { pages, last: page, location: page.location ? new URL(page.location, page.url) : undefined };
}

/** How a relying party sends the browser to the authorization endpoint: a link (GET) or a form it posts (OIDC Core §3.1.2.1). */
export type AuthorizationMethod = 'GET' | 'POST';

/** Opens the authorization URL (or posts its parameters); if the login page shows, signs in with the password; returns the redirect to the app. */
export async function authorize(browser: Browser, url: URL, app: RegisteredApp, user?: { username: string }, method: AuthorizationMethod = 'GET') {
  const first = method === 'POST' ? await browser.post(url.origin + url.pathname, Object.fromEntries(url.searchParams)) : await browser.get(url.toString());
  let run = await untilRedirect(browser, first, app.redirectUri);
  const loginPage = run.last;
  if (!run.location && loginPage.status === 200 && loginPage.url.includes('/login?') && user) {
    const posted = await browser.post('/login/password', {
      app: field(loginPage.body, 'app'),
      return_to: field(loginPage.body, 'return_to'),
      csrf: field(loginPage.body, 'csrf'),
      username: user.username,
      password: USER_PASSWORD,
    });
    assert.equal(posted.status, 303, posted.body.slice(0, 300));
    const after = await untilRedirect(browser, posted, app.redirectUri);
    run = { pages: [...run.pages, ...after.pages], last: after.last, location: after.location };
  }
  return { ...run, sawLoginPage: run.pages.some((p) => p.url.includes('/login?')) };
}

/** Everything in one go: a browser signs in, the RP redeems the code and validates the ID token. */
export async function signIn(
  node: TestNode,
  config: client.Configuration,
  app: RegisteredApp,
  user: { username: string },
  o: { browser?: Browser; extra?: Record<string, string>; method?: AuthorizationMethod } = {},
) {
  const browser = o.browser ?? new Browser(node.url);
  const request = await authorizationRequest(config, app, o.extra);
  const result = await authorize(browser, request.url, app, user, o.method);
  assert.ok(result.location, `the provider sent the browser back to the application (last page ${result.last.status} ${result.last.url})`);
  const tokens = await client.authorizationCodeGrant(config, result.location, {
    pkceCodeVerifier: request.verifier,
    expectedState: request.state,
    expectedNonce: request.nonce,
    idTokenExpected: true,
  });
  return { browser, tokens, request, callback: result.location, sawLoginPage: result.sawLoginPage };
}

/** The `{error, status}` of a failed openid-client call (a JSON error body or a WWW-Authenticate challenge). */
export async function oauthError(promise: Promise<unknown>): Promise<{ error?: string; status?: number }> {
  try {
    await promise;
  } catch (e) {
    const err = e as { error?: string; status?: number; code?: string; cause?: unknown };
    const challenge = Array.isArray(err.cause) ? (err.cause[0] as { parameters?: { error?: string } }).parameters?.error : undefined;
    return { error: err.error ?? challenge ?? err.code, status: err.status };
  }
  assert.fail('expected the call to fail');
}

/** A token endpoint request exactly as given: for the bad inputs an RP library would not send. */
export async function tokenRequest(node: TestNode, params: Record<string, string>, basic?: { id: string; secret: string }) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (basic) headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(basic.id)}:${encodeURIComponent(basic.secret)}`).toString('base64')}`;
  const res = await fetch(`${node.url}/oidc/token`, { method: 'POST', headers, body: new URLSearchParams(params) });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

/** Posts a form the way a browser would after loading a page with one `<form>`, reading its inputs. */
export async function submitForm(browser: Browser, page: Page, extra: Record<string, string> = {}) {
  const action = /<form[^>]+action="([^"]+)"/.exec(page.body)?.[1];
  assert.ok(action, `no form on ${page.url}`);
  const inputs = Object.fromEntries([...page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2].replace(/&amp;/g, '&')]));
  return browser.post(new URL(action.replace(/&amp;/g, '&'), page.url).toString(), { ...inputs, ...extra });
}
