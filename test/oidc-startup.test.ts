/**
 * oidc-provider prints a warning or notice whenever it runs on a development default (in-memory
 * adapter, quick-start keys, dev interactions, a default policy or page). Portico replaces them all:
 * this file listens to the console and to process warnings from before the library is loaded,
 * through start-up and every kind of request, and expects silence.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';

const heard: string[] = [];
const listen = (name: 'log' | 'info' | 'warn' | 'error' | 'debug') => {
  const original = console[name].bind(console);
  console[name] = (...args: unknown[]) => {
    heard.push(`${name}: ${args.map(String).join(' ')}`);
    original(...args);
  };
};
for (const name of ['log', 'info', 'warn', 'error', 'debug'] as const) listen(name);
// Process warnings (deprecations…) carry their stack, which names the library that caused them.
process.on('warning', (warning) => heard.push(`process warning: ${warning.name}: ${warning.message}\n${warning.stack ?? ''}`));

// Loaded only now, so that anything the library says while loading is heard too.
const { startNode } = await import('./helpers/harness.ts');
const { Browser } = await import('./helpers/browser.ts');
const oidc = await import('./helpers/oidc.ts');
const client = await import('openid-client');

test('oidc-provider says nothing at start-up or while serving (real adapter, real keys, no dev interactions)', async () => {
  const node = await startNode('sqlite');
  try {
    const admin = await node.tokenFor('super_admin');
    const app = await oidc.registerApp(node, admin);
    const third = await oidc.registerApp(node, admin, { firstParty: false });
    const config = await oidc.relyingParty(node, app);
    const user = await oidc.createUser(node, admin);

    const { tokens, browser } = await oidc.signIn(node, config, app, user, { extra: { scope: 'openid profile offline_access', prompt: 'consent' } });
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    await client.fetchUserInfo(config, refreshed.access_token, user.id);
    await client.tokenIntrospection(config, refreshed.access_token);
    await client.tokenRevocation(config, refreshed.refresh_token!);
    // Consent page, then an error page (unknown client), then both sign-out pages.
    const consent = await oidc.authorize(browser, (await oidc.authorizationRequest(await oidc.relyingParty(node, third), third)).url, third);
    assert.equal(consent.last.status, 200);
    assert.equal((await new Browser(node.url).get('/oidc/auth?client_id=nope&response_type=code&scope=openid')).status, 400);
    const confirm = await browser.get(client.buildEndSessionUrl(config, { post_logout_redirect_uri: app.postLogoutRedirectUri }).toString());
    assert.equal(confirm.status, 200);
    const done = await oidc.submitForm(browser, confirm, { logout: 'yes' });
    assert.equal(done.status, 303);
    assert.equal((await browser.get('/oidc/session/end/success')).status, 200);
    await browser.open('/account');
  } finally {
    await node.close();
  }
  assert.deepEqual(heard.filter((line) => /oidc-provider|node_modules\/koa/i.test(line)), []);
});
