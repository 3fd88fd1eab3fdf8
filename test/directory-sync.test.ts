/**
 * Directory sync from DingTalk, end to end on both databases: an identity source against the
 * simulator's organisation, dry run, apply, re-run, matching, conflicts, leavers and the safety rules.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { startSimulator, SIM_APP, type Simulator } from './helpers/dingtalk.ts';
import { waitForRun, identitySource, changesOf, usersByUsername, V1 } from './helpers/sync.ts';
import { ROOT_ORG_UNIT_ID } from '../src/store/well-known.ts';

describeEachDialect('directory sync from DingTalk', (dialect) => {
  let node: TestNode;
  let sim: Simulator;
  let admin: string;

  before(async () => {
    sim = await startSimulator();
    node = await startNode(dialect, { PORTICO_SYNC_TICK_MS: '100' });
    admin = await node.tokenFor('super_admin');
  });
  after(async () => {
    await node?.close();
    await sim?.close();
  });

  const run = async (sourceId: string, mode: 'dry_run' | 'apply') => {
    const res = await node.api('POST', `${V1}/identity-sources/${sourceId}/runs`, { token: admin, body: { mode } });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    return waitForRun(node, admin, res.body.id);
  };

  test('a dry run plans the whole organisation and changes nothing; applying it brings people and departments in', async () => {
    const unit = await node.api('POST', `${V1}/org-units`, { token: admin, body: { name: '示例科技', parentId: ROOT_ORG_UNIT_ID } });
    const source = await identitySource(node, admin, sim, { orgUnitId: unit.body.id, matchKey: 'mobile' });

    const planned = await run(source.id, 'dry_run');
    assert.equal(planned.status, 'planned', JSON.stringify(planned));
    assert.equal(planned.complete, true);
    assert.equal(planned.counts.create, 5);
    assert.equal(planned.counts.create_unit, 5);
    assert.equal(planned.counts.disable, 0);
    assert.deepEqual(await usersByUsername(node, admin), {}, 'a dry run creates nobody');
    const creates = await changesOf(node, admin, planned.id, 'create');
    assert.deepEqual(creates.map((c: { name: string }) => c.name).sort(), ['孙七', '张三', '李四', '王五', '赵六'].sort());

    const applying = await node.api('POST', `${V1}/sync-runs/${planned.id}/apply`, { token: admin, body: {} });
    assert.equal(applying.status, 202, JSON.stringify(applying.body));
    const applied = await waitForRun(node, admin, planned.id);
    assert.equal(applied.status, 'succeeded', JSON.stringify(applied));

    const users = await usersByUsername(node, admin);
    assert.deepEqual(Object.keys(users).sort(), ['lisi', 'sunqi', 'wangwu', 'zhangsan', 'zhaoliu']);
    assert.equal(users.zhangsan.displayName, '张三');
    assert.equal(users.zhangsan.mobile, '+8613800000001');
    assert.equal(users.zhangsan.employeeNumber, 'E001');

    // The tree: 研发部 (后端组, 前端组), 产品部, 销售部 under the landing unit; 张三 in 后端组.
    const units = (await node.api('GET', `${V1}/org-units`, { token: admin })).body.items as { id: string; name: string; parentId: string }[];
    const byName = Object.fromEntries(units.map((u) => [u.name, u]));
    assert.equal(byName['研发部'].parentId, unit.body.id);
    assert.equal(byName['后端组'].parentId, byName['研发部'].id);
    assert.equal(users.zhangsan.orgUnitId, byName['后端组'].id);
    assert.equal(users.wangwu.orgUnitId, byName['前端组'].id, 'the first department is the main one');

    // Synced people can sign in with DingTalk at once: they are bound to the login source.
    const bindings = (await node.api('GET', `${V1}/bindings?userId=${users.zhangsan.id}`, { token: admin })).body.items;
    assert.equal(bindings.length, 1);
    assert.equal(bindings[0].subject, 'uZhangSan0001');

    // Each change is an audit event whose actor is the identity source.
    const audit = (await node.api('GET', `${V1}/audit-events?action=user.create&pageSize=50`, { token: admin })).body.items;
    const created = audit.filter((e: { target: { id: string } }) => e.target.id === users.zhangsan.id);
    assert.equal(created.length, 1);
    assert.deepEqual(created[0].actor, { type: 'identity_source', id: source.id, name: source.name });

    // Nothing changed upstream: the next run has nothing to do.
    const again = await run(source.id, 'apply');
    assert.equal(again.status, 'succeeded');
    assert.equal(again.counts.unchanged, 5);
    assert.equal(again.counts.create + again.counts.update + again.counts.move + again.counts.create_unit, 0);
  });

  const org = (method: string, path: string, body?: unknown) => sim.api(method, `/test/orgs/${SIM_APP.corpId}${path}`, body);
  const userNamed = async (username: string) => (await usersByUsername(node, admin))[username];

  test('an existing user is found by the match key and linked, not duplicated', async () => {
    const made = await node.api('POST', `${V1}/users`, { token: admin, body: { username: 'qian.ba', displayName: 'Qian (typed by hand)', mobile: '+8613700000008' } });
    assert.equal(made.status, 201);
    await org('POST', '/users', { userId: 'qianba', name: '钱八', mobile: '13700000008', stateCode: '86', jobNumber: 'E008', deptIdList: [5], active: true });
    const sources = (await node.api('GET', `${V1}/identity-sources`, { token: admin })).body.items;
    const result = await run(sources[0].id, 'apply');
    assert.equal(result.status, 'succeeded', JSON.stringify(result));
    assert.equal(result.counts.create, 0);
    const [linked] = await changesOf(node, admin, result.id, 'move');
    assert.equal(linked.userId, made.body.id);
    assert.equal(linked.after.link, true);
    const user = await userNamed('qian.ba');
    assert.equal(user.displayName, '钱八', 'DingTalk’s name replaces the typed one');
    assert.equal(user.employeeNumber, 'E008');
    assert.equal((await usersByUsername(node, admin)).qianba, undefined);
  });

  test('an incomplete fetch disables nobody; a complete one asks before disabling more than the threshold, then disables', async () => {
    const [source] = (await node.api('GET', `${V1}/identity-sources`, { token: admin })).body.items;
    await org('DELETE', '/users/zhaoliu');
    // One department's members cannot be read (a missing permission), so the fetch is incomplete.
    await sim.api('POST', '/sim/api/faults', { pathPrefix: '/topapi/v2/user/list', body: { errcode: 88, errmsg: '没有调用该接口的权限', sub_code: '60011', sub_msg: 'no permission' }, times: 1 });
    const incomplete = await run(source.id, 'apply');
    assert.equal(incomplete.status, 'succeeded');
    assert.equal(incomplete.complete, false);
    assert.equal(incomplete.counts.disable, 0);
    assert.ok(incomplete.warnings.some((w: { code: string }) => w.code === 'sync.fetch_incomplete'), JSON.stringify(incomplete.warnings));
    assert.equal((await userNamed('zhaoliu')).status, 'active');

    // 1 of 6 linked people is more than 10 %: the run stops and asks.
    const asking = await run(source.id, 'apply');
    assert.equal(asking.status, 'awaiting_confirmation', JSON.stringify(asking));
    assert.equal(asking.counts.disable, 1);
    assert.equal((await userNamed('zhaoliu')).status, 'active', 'nothing applied before the confirmation');
    const unconfirmed = await node.api('POST', `${V1}/sync-runs/${asking.id}/apply`, { token: admin, body: {} });
    assert.equal(unconfirmed.status, 409);
    assert.equal(unconfirmed.body.code, 'sync.confirmation_required');
    const confirmed = await node.api('POST', `${V1}/sync-runs/${asking.id}/apply`, { token: admin, body: { confirmDisables: true } });
    assert.equal(confirmed.status, 202);
    assert.equal((await waitForRun(node, admin, asking.id)).status, 'succeeded');
    const gone = await userNamed('zhaoliu');
    assert.equal(gone.status, 'disabled', 'a leaver is disabled, never deleted');

    // Back in DingTalk: re-enabled by the next run.
    await org('POST', '/users', { userId: 'zhaoliu', unionId: 'uZhaoLiu0004', name: '赵六', mobile: '13800000004', stateCode: '86', jobNumber: 'E004', deptIdList: [6], active: true });
    const back = await run(source.id, 'apply');
    assert.equal(back.counts.reenable, 1, JSON.stringify(back.counts));
    assert.equal((await userNamed('zhaoliu')).status, 'active');
  });

  test('an admin-disabled user stays disabled; two runs of one source at once are refused', async () => {
    const [source] = (await node.api('GET', `${V1}/identity-sources`, { token: admin })).body.items;
    const lisi = await userNamed('lisi');
    assert.equal((await node.api('PATCH', `${V1}/users/${lisi.id}`, { token: admin, body: { status: 'disabled' } })).status, 200);
    const first = await node.api('POST', `${V1}/identity-sources/${source.id}/runs`, { token: admin, body: { mode: 'dry_run' } });
    const second = await node.api('POST', `${V1}/identity-sources/${source.id}/runs`, { token: admin, body: { mode: 'dry_run' } });
    assert.equal(second.status, 409);
    assert.equal(second.body.code, 'sync.run_in_progress');
    const done = await waitForRun(node, admin, first.body.id);
    assert.equal(done.counts.reenable, 0, 'only what the sync disabled is re-enabled by it');
    assert.equal((await userNamed('lisi')).status, 'disabled');
  });

  test('a source is validated: unknown org unit, a bind source that is not DingTalk, HTTP push without its keys, bad AES key', async () => {
    const base = { type: 'dingtalk', name: 'Bad', config: { corpId: SIM_APP.corpId, appKey: SIM_APP.appKey, orgUnitId: ROOT_ORG_UNIT_ID, endpoints: { api: sim.url, oapi: sim.url } }, secrets: { appSecret: 'x' } };
    const post = (patch: Record<string, any>) => node.api('POST', `${V1}/identity-sources`, { token: admin, body: { ...base, ...patch, config: { ...base.config, ...patch.config } } });
    assert.equal((await post({ config: { orgUnitId: 'ou_nope' } })).body.code, 'org_unit.unknown');
    assert.equal((await post({ config: { bindSourceId: 'src_password' } })).body.code, 'identity_source.bind_source_invalid');
    assert.equal((await post({ config: { transport: 'http_push' } })).body.code, 'identity_source.push_secrets_required');
    const badKey = await post({ secrets: { appSecret: 'x', pushAesKey: 'short' } });
    assert.equal(badKey.status, 400);
    assert.equal((await post({ config: { matchKey: 'name' } })).status, 400, 'never matched by a name');
  });

  test('left out, the binding and the API base URLs come from the login source of the same DingTalk app', async () => {
    const res = await node.api('POST', `${V1}/identity-sources`, {
      token: admin,
      body: { type: 'dingtalk', name: 'Same app', config: { corpId: SIM_APP.corpId, appKey: SIM_APP.appKey, orgUnitId: ROOT_ORG_UNIT_ID, transport: 'none' }, secrets: { appSecret: SIM_APP.appSecret } },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const login = await node.api('GET', `${V1}/sources/${res.body.config.bindSourceId}`, { token: admin });
    assert.equal(login.body.type, 'dingtalk');
    assert.equal(login.body.config.appKey, SIM_APP.appKey);
    assert.deepEqual(res.body.config.endpoints, { api: sim.url, oapi: sim.url });
    const unbound = await node.api('POST', `${V1}/identity-sources`, {
      token: admin,
      body: { type: 'dingtalk', name: 'Other app', config: { corpId: SIM_APP.corpId, appKey: 'another-app', orgUnitId: ROOT_ORG_UNIT_ID, transport: 'none' }, secrets: { appSecret: 'x' } },
    });
    assert.equal(unbound.body.config.bindSourceId, null);
    assert.equal(unbound.body.config.endpoints.api, 'https://api.dingtalk.com');
  });
});

