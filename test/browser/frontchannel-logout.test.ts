/**
 * Front-channel logout in chromium: a person signed in to two applications signs out at one; the
 * browser loads both applications' front-channel logout pages (their servers record the visits, with
 * iss and sid) and then lands at the post_logout_redirect_uri, once the pages have loaded, or after
 * FRONTCHANNEL_LOGOUT_WAIT_MS when one never answers.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as client from 'openid-client';
import { decodeJwt } from 'jose';
import type { Browser, Page } from 'playwright-core';
import type { TestNode } from '../helpers/harness.ts';
import { browserSuite, desktopPage, screenshot } from '../helpers/chromium.ts';
import { startConsoleNode } from '../helpers/enterprise-center.ts';
import { authorizationRequest, createUser, registerApp, relyingParty, USER_PASSWORD, type RegisteredApp } from '../helpers/oidc.ts';
import { startLogoutReceiver, type LogoutReceiver } from '../helpers/logout-receiver.ts';
import { FRONTCHANNEL_LOGOUT_WAIT_MS } from '../../src/login/pages/signing-out.ts';

describe('front-channel logout in a real browser', browserSuite, () => {
  let node: TestNode;
  let browser: Browser;
  let token: string;
  const receivers: LogoutReceiver[] = [];

  before(async () => {
    ({ node, browser, token } = await startConsoleNode());
  });
  after(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await browser?.close();
    await node?.close();
  });

  /** An application with a server of its own: its redirect, post-logout and front-channel logout pages. */
  const application = async (o: { frontchannelDelayMs?: number } = {}) => {
    const receiver = await startLogoutReceiver('ok', 0, o);
    receivers.push(receiver);
    const app = await registerApp(node, token, {
      redirectUri: receiver.callbackUri,
      postLogoutRedirectUri: receiver.signedOutUri,
      settings: { redirectUris: [receiver.callbackUri], postLogoutRedirectUris: [receiver.signedOutUri], frontchannelLogoutUri: receiver.frontchannelUri, frontchannelLogoutSessionRequired: true },
    });
    return { app, receiver, config: await relyingParty(node, app) };
  };

  /** Signs in to `app` in `page` (at the login page when there is no SSO session yet); returns the application's ID token. */
  const signIn = async (page: Page, app: RegisteredApp, config: client.Configuration, user?: { username: string }) => {
    const request = await authorizationRequest(config, app);
    const landed = page.waitForURL((url) => url.toString().startsWith(app.redirectUri));
    await page.goto(request.url.toString());
    if (user) {
      await page.getByLabel('Username').fill(user.username);
      await page.getByLabel('Password').fill(USER_PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    }
    await landed;
    const tokens = await client.authorizationCodeGrant(config, new URL(page.url()), { pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce, idTokenExpected: true });
    return tokens.id_token!;
  };

  const signedInToTwo = async (second: { frontchannelDelayMs?: number } = {}) => {
    const [a, b] = [await application(), await application(second)];
    const user = await createUser(node, token);
    const page = await desktopPage(browser);
    const idTokenA = await signIn(page, a.app, a.config, user);
    const idTokenB = await signIn(page, b.app, b.config);
    return { a, b, page, sids: [decodeJwt(idTokenA).sid, decodeJwt(idTokenB).sid], idTokenA };
  };
  const endSessionUrl = (a: Awaited<ReturnType<typeof application>>, idToken: string) =>
    client.buildEndSessionUrl(a.config, { id_token_hint: idToken, post_logout_redirect_uri: a.app.postLogoutRedirectUri, state: 'bye' }).toString();

  test('signing out at one application loads both logout pages with iss and sid, then lands at its post_logout_redirect_uri', async () => {
    const { a, b, page, sids, idTokenA } = await signedInToTwo();
    try {
      const started = Date.now();
      await page.goto(endSessionUrl(a, idTokenA));
      await page.waitForURL((url) => url.toString().startsWith(a.receiver.signedOutUri));
      assert.ok(Date.now() - started < FRONTCHANNEL_LOGOUT_WAIT_MS, 'it went on once the pages had loaded, not after the wait');
      assert.equal(new URL(page.url()).searchParams.get('state'), 'bye');
      const issuer = `${node.url}/oidc`;
      assert.deepEqual(a.receiver.frontchannelHits.map((q) => [q.get('iss'), q.get('sid')]), [[issuer, sids[0]]]);
      assert.deepEqual(b.receiver.frontchannelHits.map((q) => [q.get('iss'), q.get('sid')]), [[issuer, sids[1]]]);
    } finally {
      await page.context().close();
    }
  });

  test('an application whose logout page never answers does not keep the person: on after the wait', async () => {
    const { a, b, page, idTokenA } = await signedInToTwo({ frontchannelDelayMs: 60_000 });
    try {
      // Not waiting for the page's load event: the slow frame holds it back until the page moves on.
      await page.goto(endSessionUrl(a, idTokenA), { waitUntil: 'commit' });
      await page.waitForSelector('[data-page="signing-out"]');
      const shownAt = Date.now();
      await screenshot(page, '60-signing-out-of-applications');
      await page.waitForURL((url) => url.toString().startsWith(a.receiver.signedOutUri), { timeout: FRONTCHANNEL_LOGOUT_WAIT_MS + 5000 });
      assert.ok(Date.now() - shownAt >= FRONTCHANNEL_LOGOUT_WAIT_MS - 1000, 'it waited for the slow page, up to the limit');
      assert.equal(a.receiver.frontchannelHits.length, 1);
      assert.equal(b.receiver.frontchannelHits.length, 1, 'the slow page was asked for');
    } finally {
      await page.context().close();
    }
  });
});
