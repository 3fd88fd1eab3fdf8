/**
 * The tokens of a user who may no longer sign in (disabled, locked or deleted) stop working
 * everywhere at once, on both databases: introspection answers `active: false` (RFC 7662 §2.2) for
 * their access and refresh tokens, userinfo refuses the access token, and the refresh token is refused,
 * all without waiting for the access token's 15 minutes to run out.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as client from 'openid-client';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { createUser, oauthError, registerApp, relyingParty, signIn, type RegisteredApp } from './helpers/oidc.ts';

const V1 = '/api/admin/v1';

describeEachDialect('OpenID Connect tokens of a user who may no longer sign in', (dialect) => {
  let node: TestNode;
  let admin: string;
  let app: RegisteredApp;
  let config: client.Configuration;

  before(async () => {
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
    app = await registerApp(node, admin);
    config = await relyingParty(node, app);
  });
  after(async () => {
    await node?.close();
  });

  /** A signed-in user with an access token and a refresh token that introspection calls active. */
  async function signedIn() {
    const user = await createUser(node, admin);
    const { tokens } = await signIn(node, config, app, user, { extra: { scope: 'openid offline_access', prompt: 'consent' } });
    assert.ok(tokens.refresh_token);
    assert.equal((await client.tokenIntrospection(config, tokens.access_token)).active, true);
    assert.equal((await client.tokenIntrospection(config, tokens.refresh_token!)).active, true);
    return { user, tokens };
  }

  async function assertInactive(user: { id: string }, tokens: { access_token: string; refresh_token?: string }) {
    assert.deepEqual(await client.tokenIntrospection(config, tokens.access_token), { active: false }, 'introspection: the access token is inactive, and says nothing more');
    assert.deepEqual(await client.tokenIntrospection(config, tokens.refresh_token!), { active: false }, 'introspection: the refresh token is inactive');
    assert.equal((await oauthError(client.fetchUserInfo(config, tokens.access_token, user.id))).status, 401, 'userinfo refuses the access token');
    assert.equal((await oauthError(client.refreshTokenGrant(config, tokens.refresh_token!))).error, 'invalid_grant', 'the refresh token is refused');
  }

  for (const status of ['disabled', 'locked'] as const) {
    test(`a ${status} user's tokens are inactive at once: introspection, userinfo and refresh agree`, async () => {
      const { user, tokens } = await signedIn();
      const other = await signedIn();
      const patched = await node.api('PATCH', `${V1}/users/${user.id}`, { token: admin, body: { status } });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      await assertInactive(user, tokens);
      assert.equal((await client.tokenIntrospection(config, other.tokens.access_token)).active, true, 'another user’s tokens stay active');
    });
  }

  test("a deleted user's tokens are inactive at once: introspection, userinfo and refresh agree", async () => {
    const { user, tokens } = await signedIn();
    assert.equal((await node.api('DELETE', `${V1}/users/${user.id}`, { token: admin })).status, 204);
    await assertInactive(user, tokens);
  });
});
