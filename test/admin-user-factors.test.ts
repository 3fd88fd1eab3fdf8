/**
 * A user's second factors in the Enterprise Center API, on both databases: who may see them, that only a
 * super admin resets them (every app and recovery code gone, signed out everywhere, a security event), and
 * that the user is told why at the next sign-in, sets up an app again, and is not told twice.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { Browser } from './helpers/browser.ts';
import { createUser } from './helpers/oidc.ts';
import { askSecondFactorAtUserCenter, enrollAuthenticatorApp, signInToUserCenter } from './helpers/user-center-factor.ts';
import { wereFactorsReset } from '../src/factors/reset-notice.ts';

const V1 = '/api/admin/v1';
const RESET_NOTICE = 'Your administrator reset your two-step verification: set up your authenticator app again.';
const RESET_NOTICE_ZH = '管理员已重置您的两步验证：请重新设置身份验证器应用。';

describeEachDialect('a user’s second factors in the Enterprise Center', (dialect) => {
  let node: TestNode;
  let admin: string;
  let auditor: string;
  let appAdmin: string;

  before(async () => {
    node = await startNode(dialect);
    [admin, auditor, appAdmin] = await Promise.all([node.tokenFor('super_admin'), node.tokenFor('auditor'), node.tokenFor('app_admin')]);
    // Signing in to the User Center is where people enroll.
    await askSecondFactorAtUserCenter(node, admin);
  });
  after(async () => node?.close());

  /** Who the browser is in the User Center, if anyone. */
  async function me(browser: Browser): Promise<{ id: string } | undefined> {
    await browser.open('/account');
    const res = await browser.get('/api/me');
    return res.status === 200 ? JSON.parse(res.body) : undefined;
  }

  const factorsOf = (id: string, token = admin) => node.api('GET', `${V1}/users/${id}/factors`, { token });
  const reset = (id: string, token = admin) => node.api('DELETE', `${V1}/users/${id}/factors`, { token });

  test('those who may read users see a user’s authenticator apps and unused recovery codes; an application admin does not', async () => {
    const user = await createUser(node, admin);
    assert.deepEqual((await factorsOf(user.id)).body, { factors: [], recoveryCodesLeft: 0 });
    const browser = new Browser(node.url);
    await enrollAuthenticatorApp(browser, await signInToUserCenter(browser, user));

    const seen = await factorsOf(user.id, auditor);
    assert.equal(seen.status, 200);
    assert.equal(seen.body.recoveryCodesLeft, 10);
    assert.equal(seen.body.factors.length, 1);
    const [app] = seen.body.factors;
    assert.deepEqual([app.type, app.name], ['totp', 'Authenticator app']);
    assert.ok(Date.parse(app.createdAt) <= Date.parse(app.lastUsedAt), 'confirming the app with a first code used it');
    assert.equal('secret' in app, false);

    const refused = await factorsOf(user.id, appAdmin);
    assert.deepEqual([refused.status, refused.body.code], [403, 'admin.forbidden']);
    const unknown = await factorsOf('usr_nobody');
    assert.deepEqual([unknown.status, unknown.body.code], [404, 'user.not_found']);
  });

  test('only a super admin resets them: every app and recovery code goes, the user is signed out everywhere, and a security event says so', async () => {
    const user = await createUser(node, admin);
    const browser = new Browser(node.url);
    await enrollAuthenticatorApp(browser, await signInToUserCenter(browser, user));
    assert.equal((await me(browser))?.id, user.id);
    const before = (await factorsOf(user.id)).body;

    for (const token of [appAdmin, auditor]) {
      const refused = await reset(user.id, token);
      assert.deepEqual([refused.status, refused.body.code], [403, 'admin.forbidden']);
    }
    assert.deepEqual((await factorsOf(user.id)).body, before, 'a refused reset changed nothing');
    const unknown = await reset('usr_nobody');
    assert.deepEqual([unknown.status, unknown.body.code], [404, 'user.not_found']);

    const done = await reset(user.id);
    assert.equal(done.status, 204);
    assert.deepEqual((await factorsOf(user.id)).body, { factors: [], recoveryCodesLeft: 0 });
    assert.equal(await me(browser), undefined, 'signed out everywhere: whoever holds the lost phone may hold a signed-in browser');

    const events = await node.api('GET', `${V1}/audit-events?action=user.factors_reset&targetId=${user.id}`, { token: admin });
    assert.deepEqual(
      events.body.items.map((e: { category: string; target: unknown; outcome: string; actor: { name: string }; before: unknown }) => [e.category, e.target, e.outcome, e.actor.name, e.before]),
      [['security', { type: 'user', id: user.id }, 'success', 'admin', before]],
    );
    assert.equal((await node.api('GET', `${V1}/users/${user.id}`, { token: admin })).body.status, 'active', 'not disabled');
  });

  test('the user is told at the next sign-in, in their language, until they set up an app again, and not after', async () => {
    const user = await createUser(node, admin);
    const first = new Browser(node.url);
    await enrollAuthenticatorApp(first, await signInToUserCenter(first, user));
    assert.equal((await reset(user.id)).status, 204);

    // Leaving the page without enrolling: the next sign-in still says why.
    const away = new Browser(node.url);
    away.lang = 'zh-CN';
    assert.ok((await signInToUserCenter(away, user)).body.includes(RESET_NOTICE_ZH));

    const browser = new Browser(node.url);
    const page = await signInToUserCenter(browser, user);
    assert.ok(page.body.includes(RESET_NOTICE), 'the enrollment page says the administrator reset it');
    assert.match(page.body, /class="notice ok" role="status"/);
    await enrollAuthenticatorApp(browser, page);
    assert.equal((await me(browser))?.id, user.id);
    assert.equal((await factorsOf(user.id)).body.factors.length, 1);
    assert.equal(await wereFactorsReset(node.portico.ctx.shortLived, user.id), false, 'the mark went with the enrollment');

    const next = await signInToUserCenter(new Browser(node.url), user);
    assert.match(next.body, /Two-step verification/);
    assert.equal(next.body.includes(RESET_NOTICE), false);

    const events = await node.portico.store.db.selectFrom('audit_events').select('reason').where('action', '=', 'login.factor').where('actor_id', '=', user.id).orderBy('id').execute();
    assert.deepEqual(events.map((e) => e.reason), ['factor.enrolled', 'factor.enrolled']);
  });

  test('someone who never had a factor is not told to set one up "again" after a reset', async () => {
    const user = await createUser(node, admin);
    assert.equal((await reset(user.id)).status, 204);
    const page = await signInToUserCenter(new Browser(node.url), user);
    assert.match(page.body, /Set up two-step verification/);
    assert.equal(page.body.includes(RESET_NOTICE), false);
  });
});
