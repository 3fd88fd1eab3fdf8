/**
 * Who may decide whom a source trusts. The attack: an application admin points a DingTalk source at a
 * server they control, turns auto-bind on, enables it on the User Center, and signs in as anyone.
 * Only a super admin sets trust settings or enables sources on the User Center; only the operator
 * lets sources talk to servers other than DingTalk; the organisation's records need its CorpId.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { randomBytes, randomInt } from 'node:crypto';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { Browser, errorCode } from './helpers/browser.ts';
import { scan, startSimulator, SIM_APP, type Simulator } from './helpers/dingtalk.ts';
import { PASSWORD_SOURCE_ID, SMS_SOURCE_ID, USER_CENTER_APP_ID } from '../src/store/well-known.ts';
import { DEFAULT_DINGTALK_ENDPOINTS } from '../src/connectors/dingtalk/index.ts';

const V1 = '/api/admin/v1';

/** Trust settings an application admin may not set, each with the field the refusal names. */
const TRUST_CHANGES: [string, Record<string, unknown>, string][] = [
  ['auto-bind off', { autoBind: false }, '/config/autoBind'],
  ['another source attribute', { sourceAttribute: 'unionId', userAttribute: 'externalId' }, '/config/sourceAttribute'],
  ['denying the unassociated', { notAssociated: 'deny' }, '/config/notAssociated'],
  ['a CorpId', { corpId: 'dingothercorp' }, '/config/corpId'],
  ['creating accounts', { notAssociated: 'create_user', notAssociatedOrgUnitId: 'ou_root' }, '/config/notAssociated'],
  ['binding by password', { passwordLink: true }, '/config/passwordLink'],
  ["another server's API", { endpoints: { ...DEFAULT_DINGTALK_ENDPOINTS, api: 'https://dingtalk.evil.example' } }, '/config/endpoints/api'],
];

describeEachDialect('Source trust settings', (dialect) => {
  let node: TestNode;
  let sim: Simulator;
  let superAdmin: string;
  let appAdmin: string;
  const simEndpoints = () => ({ login: sim.url, api: sim.url, oapi: sim.url });

  before(async () => {
    sim = await startSimulator();
    node = await startNode(dialect);
    superAdmin = await node.tokenFor('super_admin');
    appAdmin = await node.tokenFor('app_admin');
  });
  after(async () => {
    await node?.close();
    await sim?.close();
  });

  const name = () => `DingTalk ${randomBytes(4).toString('hex')}`;
  const create = (token: string, config: Record<string, unknown>) => node.api('POST', `${V1}/sources`, { token, body: { type: 'dingtalk', name: name(), config: { appKey: 'dingappkey', appSecret: 'an app secret', ...config } } });
  const sources = async () => (await node.portico.store.db.selectFrom('auth_sources').select(['id', 'config']).orderBy('id').execute()).map((r) => `${r.id} ${r.config}`).join('\n');
  const lastAudit = async () => ({ ...(await node.portico.store.db.selectFrom('audit_events').select(['category', 'action', 'outcome']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()) });

  test('an application admin creates a source only with the default trust settings; the refusal names the field and writes nothing', async () => {
    for (const [label, config, field] of [...TRUST_CHANGES, ['the simulator as DingTalk', { endpoints: { login: 'http://127.0.0.1:9', api: 'http://127.0.0.1:9', oapi: 'http://127.0.0.1:9' } }, '/config/endpoints/login'] as const]) {
      const before = await sources();
      const res = await create(appAdmin, config);
      assert.equal(res.status, 403, `${label}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.code, 'source.trust_settings_forbidden', label);
      assert.equal(res.body.field, field, label);
      assert.equal(await sources(), before, `${label}: nothing written`);
    }
    const ok = await create(appAdmin, { autoBind: true, sourceAttribute: 'mobile', userAttribute: 'mobile', endpoints: { ...DEFAULT_DINGTALK_ENDPOINTS } });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.deepEqual(await lastAudit(), { category: 'security', action: 'source.create', outcome: 'success' }, 'a new way to sign in is a security event');
  });

  test("an application admin changes a source's other fields, but none of its trust settings (the AppKey included)", async () => {
    const created = await create(superAdmin, {});
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;
    const patch = (token: string, body: unknown) => node.api('PATCH', `${V1}/sources/${id}`, { token, body });

    const allowed = await patch(appAdmin, { name: name(), config: { appSecret: 'a rotated secret', timeoutMs: 3000, denyMessage: 'Ask IT', qrMode: 'redirect', autoBind: true, appKey: 'dingappkey' } });
    assert.equal(allowed.status, 200, JSON.stringify(allowed.body));
    assert.equal((await lastAudit()).category, 'admin', 'not a trust change: an ordinary admin event');

    for (const [label, config, field] of [...TRUST_CHANGES, ['another DingTalk app', { appKey: 'another-app' }, '/config/appKey'] as const]) {
      const before = await sources();
      const res = await patch(appAdmin, { config });
      assert.equal(res.status, 403, `${label}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.field, field, label);
      assert.equal(await sources(), before, `${label}: nothing changed`);
    }

    // Stored before the field existed: its default is what it holds, so sending that default changes nothing.
    const row = await node.portico.store.db.selectFrom('auth_sources').select('config').where('id', '=', id).executeTakeFirstOrThrow();
    const { passwordLink, ...older } = JSON.parse(row.config);
    assert.equal(passwordLink, false, 'a new source stores the default');
    await node.portico.store.db.updateTable('auth_sources').set({ config: JSON.stringify(older) }).where('id', '=', id).execute();
    assert.equal((await patch(appAdmin, { config: { passwordLink: false, timeoutMs: 4000 } })).status, 200);

    const bySuper = await patch(superAdmin, { config: { autoBind: false } });
    assert.equal(bySuper.status, 200, JSON.stringify(bySuper.body));
    assert.equal((await lastAudit()).category, 'security', "a super admin's trust change is a security event");
  });

  test("auto-bind by DingTalk's job number or userId needs the CorpId of the organisation", async () => {
    for (const sourceAttribute of ['jobNumber', 'userId']) {
      const res = await create(superAdmin, { endpoints: simEndpoints(), sourceAttribute, userAttribute: 'employeeNumber' });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.deepEqual([res.body.code, res.body.field], ['source.corp_id_required', '/config/corpId']);
    }
    assert.equal((await create(superAdmin, { endpoints: simEndpoints(), sourceAttribute: 'jobNumber', userAttribute: 'employeeNumber', corpId: SIM_APP.corpId })).status, 201);
    assert.equal((await create(superAdmin, { endpoints: simEndpoints(), sourceAttribute: 'jobNumber', userAttribute: 'employeeNumber', autoBind: false })).status, 201, 'not needed without auto-bind');
  });

  test('enabling a source on the User Center is for super admins; other applications and turning sources off are not', async () => {
    const src = await create(superAdmin, { endpoints: simEndpoints() });
    const put = (token: string, appId: string, ids: string[]) => node.api('PUT', `${V1}/applications/${appId}/login-configuration`, { token, body: { sources: ids } });
    assert.equal((await put(superAdmin, USER_CENTER_APP_ID, [PASSWORD_SOURCE_ID, SMS_SOURCE_ID])).status, 200);

    const refused = await put(appAdmin, USER_CENTER_APP_ID, [PASSWORD_SOURCE_ID, src.body.id]);
    assert.equal(refused.status, 403);
    assert.deepEqual([refused.body.code, refused.body.field], ['login_configuration.user_center_forbidden', '/sources/1']);
    const still = await node.api('GET', `${V1}/applications/${USER_CENTER_APP_ID}/login-configuration`, { token: superAdmin });
    assert.deepEqual(still.body.methods.filter((m: { enabled: boolean }) => m.enabled).map((m: { sourceId: string }) => m.sourceId), [PASSWORD_SOURCE_ID, SMS_SOURCE_ID]);

    assert.equal((await put(appAdmin, USER_CENTER_APP_ID, [SMS_SOURCE_ID, PASSWORD_SOURCE_ID])).status, 200, 'reordering is fine');
    assert.equal((await put(appAdmin, USER_CENTER_APP_ID, [PASSWORD_SOURCE_ID])).status, 200, 'so is turning one off');
    assert.equal((await lastAudit()).category, 'security');

    const app = await node.api('POST', `${V1}/applications`, { token: appAdmin, body: { name: `App ${randomBytes(3).toString('hex')}`, redirectUris: ['https://app.example/cb'] } });
    assert.equal((await put(appAdmin, app.body.application.id, [src.body.id])).status, 200, 'an application of their own: their call');
    assert.equal((await lastAudit()).category, 'admin');
    assert.equal((await put(superAdmin, USER_CENTER_APP_ID, [PASSWORD_SOURCE_ID, SMS_SOURCE_ID])).status, 200);
  });

  test('the organisation\'s records are not believed for a source without a CorpId, even one stored before the rule', async () => {
    // Written around the API, as an older version would have stored it.
    const created = await create(superAdmin, { ...SIM_APP, endpoints: simEndpoints(), sourceAttribute: 'jobNumber', userAttribute: 'employeeNumber' });
    const id = created.body.id as string;
    const config = { ...JSON.parse((await node.portico.store.db.selectFrom('auth_sources').select('config').where('id', '=', id).executeTakeFirstOrThrow()).config), corpId: null };
    await node.portico.store.db.updateTable('auth_sources').set({ config: JSON.stringify(config) }).where('id', '=', id).execute();
    await sim.allowRedirects([created.body.callbackUrl]);
    assert.equal((await node.api('PUT', `${V1}/applications/${USER_CENTER_APP_ID}/login-configuration`, { token: superAdmin, body: { sources: [PASSWORD_SOURCE_ID, id, SMS_SOURCE_ID] } })).status, 200);

    const tag = randomBytes(4).toString('hex');
    await sim.addUser({ unionId: `u${tag}`, userId: `user${tag}`, name: `DT ${tag}`, mobile: `139${String(randomInt(0, 1e8)).padStart(8, '0')}`, jobNumber: `J${tag}` });
    const victim = await node.api('POST', `${V1}/users`, { token: superAdmin, body: { username: `v${tag}`, displayName: 'Victim', employeeNumber: `J${tag}` } });
    assert.equal(victim.status, 201);
    const browser = new Browser(node.url);
    const { callbackUrl } = await scan(browser, sim, `/login/dingtalk/${id}?app=user-center`, `u${tag}`);
    const callback = await browser.get(callbackUrl!);
    assert.equal(callback.location, '/login/bind', 'not bound by the job number: asked to prove a phone instead');
    const bindings = await node.portico.store.db.selectFrom('bindings').select('id').where('source_id', '=', id).execute();
    assert.equal(bindings.length, 0);
    assert.equal((await node.api('PATCH', `${V1}/sources/${id}`, { token: appAdmin, body: { name: name() } })).status, 200, 'and it can still be renamed');
    assert.equal((await node.api('PUT', `${V1}/applications/${USER_CENTER_APP_ID}/login-configuration`, { token: superAdmin, body: { sources: [PASSWORD_SOURCE_ID, SMS_SOURCE_ID] } })).status, 200);
  });
});

describeEachDialect('Sources under the production default: DingTalk hosts only', (dialect) => {
  let node: TestNode;
  let fake: Server;
  let hits = 0;
  let fakeUrl: string;
  before(async () => {
    fake = createServer((_req, res) => {
      hits++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ accessToken: 'x', expireIn: 7200 }));
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    fakeUrl = `http://127.0.0.1:${(fake.address() as { port: number }).port}`;
    node = await startNode(dialect, { PORTICO_DINGTALK_CUSTOM_ENDPOINTS: 'false' });
  });
  after(async () => {
    await node?.close();
    await new Promise((resolve) => fake?.close(resolve));
  });

  test('nobody, super admins included, points a source at another server; the console is told', async () => {
    const token = await node.tokenFor('super_admin');
    const res = await node.api('POST', `${V1}/sources`, { token, body: { type: 'dingtalk', name: 'Elsewhere', config: { appKey: 'k', appSecret: 's', endpoints: { ...DEFAULT_DINGTALK_ENDPOINTS, oapi: fakeUrl } } } });
    assert.equal(res.status, 400);
    assert.deepEqual([res.body.code, res.body.field], ['source.custom_endpoints_disabled', '/config/endpoints/oapi']);
    const types = await node.api('GET', `${V1}/source-types`, { token });
    assert.equal(types.body.customEndpointsAllowed, false);
    assert.deepEqual(types.body.items.find((t: { type: string }) => t.type === 'dingtalk').trustFields, ['corpId', 'appKey', 'autoBind', 'sourceAttribute', 'userAttribute', 'notAssociated', 'notAssociatedOrgUnitId', 'passwordLink', 'endpoints']);
  });

  test('a source stored with another server is not used: Test connection and sign-in stop before any request leaves', async () => {
    const token = await node.tokenFor('super_admin');
    const created = await node.api('POST', `${V1}/sources`, { token, body: { type: 'dingtalk', name: 'Stored earlier', config: { appKey: 'k', appSecret: 's' } } });
    const id = created.body.id as string;
    const row = await node.portico.store.db.selectFrom('auth_sources').select('config').where('id', '=', id).executeTakeFirstOrThrow();
    const endpoints = { login: fakeUrl, api: fakeUrl, oapi: fakeUrl };
    await node.portico.store.db.updateTable('auth_sources').set({ config: JSON.stringify({ ...JSON.parse(row.config), endpoints }) }).where('id', '=', id).execute();

    const test_ = await node.api('POST', `${V1}/sources/${id}/test`, { token });
    assert.equal(test_.status, 502, JSON.stringify(test_.body));
    assert.equal(test_.body.code, 'dingtalk.misconfigured');
    assert.equal((await node.api('PUT', `${V1}/applications/${USER_CENTER_APP_ID}/login-configuration`, { token, body: { sources: [PASSWORD_SOURCE_ID, id] } })).status, 200);
    const page = await new Browser(node.url).get(`/login/dingtalk/${id}?app=user-center`);
    assert.equal(page.status, 502);
    assert.equal(errorCode(page.body), 'dingtalk.misconfigured');
    assert.equal(hits, 0, 'the other server heard nothing');
  });
});
