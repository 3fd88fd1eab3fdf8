import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { USER_CENTER_APP_ID } from '../src/store/well-known.ts';

const V1 = '/api/admin/v1';
const dingtalkSource = (overrides: Record<string, unknown> = {}) => ({
  type: 'dingtalk',
  name: 'DingTalk (Demo Tech)',
  config: { appKey: 'dingdemoappkey', appSecret: 'super-secret-value-123', corpId: 'dingdemocorp0001', ...overrides },
});

describeEachDialect('Enterprise Center API', (dialect) => {
  let node: TestNode;
  let admin: string;
  before(async () => {
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
  });
  after(() => node?.close());

  test('an admin creates a user, a DingTalk source and enables it for the User Center, and reads the three audit events', async () => {
    const user = await node.api('POST', `${V1}/users`, {
      token: admin,
      body: { username: 'ZhangSan', displayName: '张三', mobile: '138 0000 0001', email: 'ZhangSan@Demo.Example' },
    });
    assert.equal(user.status, 201, JSON.stringify(user.body));
    assert.equal(user.body.username, 'zhangsan');
    assert.equal(user.body.mobile, '+8613800000001');
    assert.equal(user.body.email, 'zhangsan@demo.example');
    assert.equal(user.body.status, 'active');

    const source = await node.api('POST', `${V1}/sources`, { token: admin, body: dingtalkSource() });
    assert.equal(source.status, 201, JSON.stringify(source.body));
    assert.equal(source.body.config.autoBind, true, 'Auto-bind is on by default');
    assert.equal(source.body.config.sourceAttribute, 'mobile');
    assert.equal(source.body.config.notAssociated, 'bind_existing');
    assert.deepEqual(source.body.secretsSet, ['appSecret']);
    assert.equal(source.body.callbackUrl, `${node.url}/login/callback/dingtalk/${source.body.id}`);
    assert.ok(!JSON.stringify(source.body).includes('super-secret-value-123'), 'AppSecret never comes back');

    const fetched = await node.api('GET', `${V1}/sources/${source.body.id}`, { token: admin });
    assert.ok(!JSON.stringify(fetched.body).includes('super-secret-value-123'));
    const listed = await node.api('GET', `${V1}/sources`, { token: admin });
    assert.ok(!JSON.stringify(listed.body).includes('super-secret-value-123'));

    const stored = await node.portico.store.db.selectFrom('auth_sources').selectAll().where('id', '=', source.body.id).executeTakeFirstOrThrow();
    assert.ok(!JSON.stringify(stored).includes('super-secret-value-123'), 'the secret is encrypted at rest');

    const config = await node.api('GET', `${V1}/applications/${USER_CENTER_APP_ID}/login-configuration`, { token: admin });
    const enabled = config.body.methods.filter((m: any) => m.enabled).map((m: any) => m.sourceId);
    const put = await node.api('PUT', `${V1}/applications/${USER_CENTER_APP_ID}/login-configuration`, {
      token: admin,
      body: { sources: [...enabled, source.body.id] },
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const dingtalk = put.body.methods.find((m: any) => m.sourceId === source.body.id);
    assert.equal(dingtalk.enabled, true);
    assert.equal(dingtalk.name, 'DingTalk (Demo Tech)');

    const admin_ = await node.api('GET', `${V1}/audit-events?category=admin&pageSize=100`, { token: admin });
    assert.ok(admin_.body.items.some((e: any) => e.action === 'user.create'), 'user.create');
    // A new source and what signs people in to the User Center are security events.
    const audit = await node.api('GET', `${V1}/audit-events?category=security&pageSize=100`, { token: admin });
    const actions = audit.body.items.map((e: any) => e.action);
    for (const action of ['source.create', 'application.login_configuration.update']) assert.ok(actions.includes(action), action);
    const sourceEvent = audit.body.items.find((e: any) => e.action === 'source.create');
    assert.equal(sourceEvent.actor.name, 'admin');
    assert.equal(sourceEvent.ip, '127.0.0.1');
    assert.ok(!JSON.stringify(audit.body).includes('super-secret-value-123'), 'no secret in the audit log');
    const lcEvent = audit.body.items.find((e: any) => e.action === 'application.login_configuration.update');
    assert.ok(lcEvent.after.enabledSources.includes(source.body.id));
  });

  test('changing a source keeps its secret unless a new one is given', async () => {
    const created = await node.api('POST', `${V1}/sources`, { token: admin, body: { ...dingtalkSource(), name: 'Keep secret' } });
    const changed = await node.api('PATCH', `${V1}/sources/${created.body.id}`, { token: admin, body: { config: { autoBind: false } } });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.config.autoBind, false);
    assert.equal(changed.body.config.appKey, 'dingdemoappkey');
    assert.deepEqual(changed.body.secretsSet, ['appSecret']);
    const { loadSourceConfig } = await import('../src/sources/source-store.ts');
    const { config } = await loadSourceConfig<{ appSecret: string }>(node.portico.store.db, node.portico.ctx.secretBox, created.body.id);
    assert.equal(config.appSecret, 'super-secret-value-123');
  });

  test('an auditor can read everything and change nothing', async () => {
    const auditor = await node.tokenFor('auditor');
    for (const path of ['/users', '/sources', '/applications', '/org-units', '/audit-events', '/bindings', '/admins']) {
      const res = await node.api('GET', V1 + path, { token: auditor });
      assert.equal(res.status, 200, path);
    }
    const writes: [string, string, unknown][] = [
      ['POST', '/users', { username: 'nobody', displayName: 'No' }],
      ['POST', '/sources', dingtalkSource({ appKey: 'x' })],
      ['PUT', `/applications/${USER_CENTER_APP_ID}/login-configuration`, { sources: [] }],
      ['POST', '/applications', { name: 'x', redirectUris: ['https://x.example/cb'] }],
      ['POST', '/org-units', { name: 'x' }],
      ['DELETE', `/applications/${USER_CENTER_APP_ID}`, undefined],
      ['POST', '/admins', { username: 'x', password: 'long enough pw', role: 'auditor' }],
    ];
    const auditBefore = (await node.api('GET', `${V1}/audit-events?pageSize=1`, { token: admin })).body.total;
    for (const [method, path, body] of writes) {
      const res = await node.api(method, V1 + path, { token: auditor, body });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(res.body.code, 'admin.forbidden');
      assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    }
    const auditAfter = (await node.api('GET', `${V1}/audit-events?pageSize=1`, { token: admin })).body.total;
    assert.equal(auditAfter, auditBefore, 'nothing changed');
  });

  test('an application admin manages applications and sources but not users', async () => {
    const appAdmin = await node.tokenFor('app_admin');
    assert.equal((await node.api('GET', `${V1}/users`, { token: appAdmin })).status, 403);
    // With the default trust settings: the organisation (CorpId) is a super admin's to name (test/source-trust.test.ts).
    const created = await node.api('POST', `${V1}/sources`, { token: appAdmin, body: { ...dingtalkSource({ corpId: null }), name: 'By app admin' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const app = await node.api('POST', `${V1}/applications`, { token: appAdmin, body: { name: 'HR', redirectUris: ['https://hr.example.com/callback'] } });
    assert.equal(app.status, 201);
    assert.equal(typeof app.body.clientSecret, 'string');
    const fetched = await node.api('GET', `${V1}/applications/${app.body.application.id}`, { token: appAdmin });
    assert.ok(!JSON.stringify(fetched.body).includes(app.body.clientSecret), 'the client secret is shown once');
  });

  test('requests without a valid session get 401', async () => {
    assert.equal((await node.api('GET', `${V1}/users`)).status, 401);
    const res = await node.api('GET', `${V1}/users`, { token: 'forged' });
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'admin.unauthenticated');
    const wrong = await node.api('POST', `${V1}/session`, { body: { username: 'admin', password: 'wrong password' } });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.code, 'admin.invalid_credentials');
  });

  test("a refused sign-in is audited without what was typed, unless it is an admin's username", async () => {
    const typed = 'Tr0ub4dor&3-pasted-into-the-wrong-field';
    assert.equal((await node.api('POST', `${V1}/session`, { body: { username: typed, password: 'whatever it is' } })).status, 401);
    assert.equal((await node.api('POST', `${V1}/session`, { body: { username: 'ADMIN', password: 'not the password' } })).status, 401);
    const refused = await node.portico.store.db
      .selectFrom('audit_events')
      .select(['actor_id', 'actor_name', 'target_id', 'reason', 'before', 'after'])
      .where('action', '=', 'admin.sign_in')
      .where('outcome', '=', 'failure')
      .orderBy('id', 'desc')
      .limit(2)
      .execute();
    assert.ok(!JSON.stringify(refused).includes(typed), 'the typed name (maybe a password) is nowhere');
    const [known, unknown] = refused.map((r) => ({ ...r }));
    assert.deepEqual(unknown, { actor_id: null, actor_name: null, target_id: null, reason: 'admin.invalid_credentials', before: null, after: null });
    const adminRow = await node.portico.store.db.selectFrom('admins').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
    assert.deepEqual(known, { actor_id: adminRow.id, actor_name: 'admin', target_id: adminRow.id, reason: 'admin.invalid_credentials', before: null, after: null });
  });

  test('the User Center is built in and cannot be deleted', async () => {
    const res = await node.api('DELETE', `${V1}/applications/${USER_CENTER_APP_ID}`, { token: admin });
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'application.builtin');
  });

  test('search matches %, _ and \\ as themselves, on both databases', async () => {
    const names = { percent: '100% Sure', underscore: 'snake_case Sam', backslash: 'Back\\slash Bo' };
    for (const [key, displayName] of Object.entries(names)) {
      const res = await node.api('POST', `${V1}/users`, { token: admin, body: { username: `like-${key}`, displayName } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const app = await node.api('POST', `${V1}/applications`, { token: admin, body: { name: displayName, redirectUris: ['https://app.example/cb'] } });
      assert.equal(app.status, 201, JSON.stringify(app.body));
    }
    const found = async (path: string, q: string) =>
      (await node.api('GET', `${V1}/${path}?q=${encodeURIComponent(q)}`, { token: admin })).body.items.map((x: { displayName?: string; name?: string }) => x.displayName ?? x.name);
    for (const path of ['users', 'applications']) {
      assert.deepEqual(await found(path, '%'), [names.percent], `${path}: %`);
      assert.deepEqual(await found(path, '_'), [names.underscore], `${path}: _`);
      assert.deepEqual(await found(path, '\\'), [names.backslash], `${path}: backslash`);
      assert.deepEqual(await found(path, 'SNAKE_'), [names.underscore], `${path}: case-insensitive`);
    }
  });

  test('lists paginate and filter', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await node.api('POST', `${V1}/users`, { token: admin, body: { username: `page-user-${i}`, displayName: `Page ${i}` } });
      assert.equal(res.status, 201);
    }
    const page = await node.api('GET', `${V1}/users?q=page-user&pageSize=2&page=2`, { token: admin });
    assert.equal(page.status, 200);
    assert.equal(page.body.total, 5);
    assert.equal(page.body.items.length, 2);
    assert.equal(page.body.page, 2);
    const disabled = await node.api('GET', `${V1}/users?status=disabled`, { token: admin });
    assert.equal(disabled.body.total, 0);
  });

  test('a user can be disabled, and a deleted org unit must be empty', async () => {
    const unit = await node.api('POST', `${V1}/org-units`, { token: admin, body: { name: 'Sales' } });
    assert.equal(unit.status, 201);
    const user = await node.api('POST', `${V1}/users`, { token: admin, body: { username: 'seller', displayName: 'Seller', orgUnitId: unit.body.id } });
    assert.equal(user.status, 201);
    const disabled = await node.api('PATCH', `${V1}/users/${user.body.id}`, { token: admin, body: { status: 'disabled' } });
    assert.equal(disabled.body.status, 'disabled');
    const blocked = await node.api('DELETE', `${V1}/org-units/${unit.body.id}`, { token: admin });
    assert.equal(blocked.status, 409);
    assert.equal(blocked.body.code, 'org_unit.not_empty');
  });

  test('the OpenAPI document is served and describes the routes it validates', async () => {
    const res = await node.api('GET', `${V1}/openapi.json`);
    assert.equal(res.status, 200);
    assert.equal(res.body.openapi, '3.0.3');
    assert.ok(res.body.paths[`${V1}/users`].post.requestBody);
    assert.ok(res.body.paths[`${V1}/sources`].post.requestBody);
    assert.ok(res.body.paths[`${V1}/applications/{id}/login-configuration`].put);
  });

  test('/healthz and /readyz answer', async () => {
    assert.equal((await node.api('GET', '/healthz')).status, 200);
    const ready = await node.api('GET', '/readyz');
    assert.equal(ready.status, 200);
    assert.equal(ready.body.checks.store, 'ok');
  });
});
