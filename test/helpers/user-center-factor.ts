/**
 * Second factors at a sign-in to the User Center, over plain HTTP: the User Center asks for one, a person
 * signs in with their password and sets up an authenticator app (the test computes its codes).
 */
import assert from 'node:assert/strict';
import type { TestNode } from './harness.ts';
import { type Browser, decodeEntities, field, type Page } from './browser.ts';
import { USER_PASSWORD } from './oidc.ts';
import { totpCode } from '../../src/factors/totp.ts';
import { USER_CENTER_APP_ID } from '../../src/store/well-known.ts';

/** Makes every sign-in to the User Center ask for a second factor (people without one enroll there). */
export async function askSecondFactorAtUserCenter(node: TestNode, token: string): Promise<void> {
  const set = await node.api('PATCH', `/api/admin/v1/applications/${USER_CENTER_APP_ID}`, { token, body: { secondFactor: { mode: 'always' } } });
  assert.equal(set.status, 200, JSON.stringify(set.body));
}

/** The password step of a sign-in to the User Center: answers the second step's page. */
export async function signInToUserCenter(browser: Browser, user: { username: string }): Promise<Page> {
  const login = await browser.get('/login?app=user-center');
  const posted = await browser.post('/login/password', { app: field(login.body, 'app'), csrf: field(login.body, 'csrf'), username: user.username, password: USER_PASSWORD });
  assert.equal(posted.status, 303);
  assert.equal(posted.location, '/login/factor');
  return browser.get('/login/factor');
}

/** On the enrollment page: sets up the app, keeps the recovery codes, and goes on signed in. */
export async function enrollAuthenticatorApp(browser: Browser, page: Page): Promise<void> {
  assert.match(page.body, /Set up two-step verification/);
  const secret = decodeEntities(/data-secret>([^<]+)</.exec(page.body)![1]).replace(/\s/g, '');
  const codes = await browser.post('/login/factor', { csrf: field(page.body, 'csrf'), code: totpCode(secret) });
  assert.equal(codes.status, 200);
  assert.match(codes.body, /Save your recovery codes/);
  const done = await browser.post('/login/factor/continue', { csrf: field(codes.body, 'csrf') });
  assert.equal(done.status, 303);
}

const optionalField = (html: string, name: string) => (html.includes(`name="${name}"`) ? field(html, name) : undefined);

/**
 * Follows a page through whatever sign-in it leads to (the password form, the second factor's
 * challenge, answered by `code`) until it lands; answers the last page.
 */
export async function signInThrough(browser: Browser, user: { username: string }, first: Page, code?: () => string): Promise<Page> {
  let page = first;
  for (let hop = 0; hop < 20; hop++) {
    if (page.location) page = await browser.get(new URL(page.location, page.url).toString());
    else if (page.url.includes('/login?') && page.body.includes('name="password"')) {
      page = await browser.post('/login/password', {
        app: field(page.body, 'app'), csrf: field(page.body, 'csrf'), username: user.username, password: USER_PASSWORD,
        ...(optionalField(page.body, 'return_to') ? { return_to: field(page.body, 'return_to') } : {}),
      });
    } else if (page.url.endsWith('/login/factor') && page.status === 200 && code) {
      page = await browser.post('/login/factor', { csrf: field(page.body, 'csrf'), code: code() });
    } else return page;
  }
  throw new Error(`no end to the sign-in (at ${page.url})`);
}
