// The org pull APIs (department tree, paged members, ids, counts), field permissions, the contact scope,
// throttling with its counters, and org changes through the test API.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DEMO, appTokenFor, json, postJson, startSim, type Running } from './test-support.ts';

const send = (method: string, url: string, body?: unknown) =>
  fetch(url, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });

describe('org pull APIs', () => {
  let r: Running;
  let token: string;
  before(async () => { r = await startSim(); });
  after(async () => { await r.close(); });
  beforeEach(async () => {
    r.sim.state.reset();
    token = await appTokenFor(r.base);
  });

  const top = async (path: string, body: unknown) => json(await postJson(`${r.base}/topapi/${path}?access_token=${token}`, body));
  const setPermissions = async (orgPermissions: Record<string, unknown>) => {
    const res = await send('PATCH', `${r.base}/test/apps/${DEMO.clientId}`, { orgPermissions });
    assert.equal(res.status, 200, JSON.stringify(await res.clone().json()));
  };

  it('listsub answers the direct children as a flat array, root by default, in order', async () => {
    const root = await top('v2/department/listsub', {});
    assert.equal(root.errcode, 0);
    assert.deepEqual(root.result.map((d: any) => [d.dept_id, d.name, d.parent_id]), [[2, '研发部', 1], [5, '产品部', 1], [6, '销售部', 1]]);
    assert.deepEqual(Object.keys(root.result[0]).sort(), ['auto_add_user', 'create_dept_group', 'dept_id', 'ext', 'from_union_org', 'name', 'parent_id']);
    assert.deepEqual((await top('v2/department/listsub', { dept_id: 2 })).result.map((d: any) => d.name), ['后端组', '前端组']);
    assert.deepEqual((await top('v2/department/listsub', { dept_id: 3 })).result, []);
    assert.equal((await top('v2/department/listsub', { dept_id: 999 })).errcode, 60003);
    assert.equal((await top('v2/department/listsub', { dept_id: 0 })).errcode, 400002);
  });

  it('listsubid answers result.dept_id_list of the direct children; dept_id is required', async () => {
    assert.deepEqual((await top('v2/department/listsubid', { dept_id: 1 })).result, { dept_id_list: [2, 5, 6] });
    assert.equal((await top('v2/department/listsubid', {})).errcode, 400002);
    assert.equal((await top('v2/department/listsubid', { dept_id: 42 })).errcode, 60003);
  });

  it('department/get answers order, parent and managers; the root is named after the org', async () => {
    const d = (await top('v2/department/get', { dept_id: 3 })).result;
    assert.equal(d.name, '后端组');
    assert.equal(d.parent_id, 2);
    assert.equal(d.order, 1);
    assert.deepEqual(d.dept_manager_userid_list, ['zhangsan']);
    const root = (await top('v2/department/get', { dept_id: 1 })).result;
    assert.equal(root.name, '示例科技 (Demo Tech)');
    assert.equal((await top('v2/department/get', { dept_id: 77 })).errcode, 60003);
  });

  it('v2/user/list pages the direct members, per-department leader and order, next_cursor only while has_more', async () => {
    const first = await top('v2/user/list', { dept_id: 3, cursor: 0, size: 1 });
    assert.equal(first.errcode, 0);
    assert.equal(first.result.has_more, true);
    assert.equal(first.result.next_cursor, 1);
    const [zhang] = first.result.list;
    assert.equal(zhang.userid, 'zhangsan');
    assert.equal(zhang.leader, true);
    assert.deepEqual(zhang.dept_id_list, [3]);
    assert.equal(zhang.mobile, '13800000001');
    assert.equal(zhang.email, 'zhangsan@demo.example');
    assert.equal(typeof zhang.dept_order, 'number');
    const last = await top('v2/user/list', { dept_id: 3, cursor: first.result.next_cursor, size: 1 });
    assert.deepEqual(last.result.list.map((u: any) => [u.userid, u.leader]), [['sunqi', false]]);
    assert.equal(last.result.has_more, false);
    assert.equal('next_cursor' in last.result, false);
    // Not recursive: 研发部 itself has no direct members.
    assert.deepEqual((await top('v2/user/list', { dept_id: 2, cursor: 0, size: 100 })).result, { has_more: false, list: [] });
    // Someone in two departments is listed in both.
    for (const dept of [4, 5]) {
      const ids = (await top('v2/user/list', { dept_id: dept, cursor: 0, size: 100 })).result.list.map((u: any) => u.userid);
      assert.ok(ids.includes('wangwu'), `wangwu in ${dept}`);
    }
  });

  it('v2/user/list refuses bad paging with 400002 and an unknown department with 60003', async () => {
    for (const body of [{ dept_id: 3, cursor: 0 }, { dept_id: 3, cursor: -1, size: 10 }, { dept_id: 3, cursor: 0, size: 0 },
      { dept_id: 3, cursor: 0, size: 101 }, { cursor: 0, size: 10 }, { dept_id: 0, cursor: 0, size: 10 }, { dept_id: 3, cursor: 0, size: 10, order_field: 'name' }]) {
      assert.equal((await top('v2/user/list', body)).errcode, 400002, JSON.stringify(body));
    }
    assert.equal((await top('v2/user/list', { dept_id: 404, cursor: 0, size: 10 })).errcode, 60003);
  });

  it('v2/user/list leaves out avatars people never set', async () => {
    await send('PATCH', `${r.base}/sim/api/users/${DEMO.zhangsan}`, { avatar: null });
    const zhang = (await top('v2/user/list', { dept_id: 3, cursor: 0, size: 1 })).result.list[0];
    assert.equal('avatar' in zhang, false);
    const sun = (await top('v2/user/list', { dept_id: 3, cursor: 1, size: 1 })).result.list[0];
    assert.match(sun.avatar, /\/sim\/avatar\/uSunQi0009\.svg$/);
  });

  it('drops mobile/state_code and email/org_email silently without the field permissions, in list and get', async () => {
    await setPermissions({ mobile: false, email: false });
    const listed = (await top('v2/user/list', { dept_id: 3, cursor: 0, size: 1 })).result.list[0];
    const got = (await top('v2/user/get', { userid: 'zhangsan' })).result;
    for (const u of [listed, got]) {
      for (const k of ['mobile', 'state_code', 'email', 'org_email']) assert.equal(k in u, false, k);
      assert.equal(u.job_number, 'E001');
    }
  });

  it('answers 88/60011 naming the missing permission', async () => {
    await setPermissions({ departments: false, members: false });
    for (const [path, body, permission] of [
      ['v2/department/listsub', {}, 'qyapi_get_department_list'],
      ['v2/department/get', { dept_id: 1 }, 'qyapi_get_department_list'],
      ['v2/user/list', { dept_id: 1, cursor: 0, size: 10 }, 'qyapi_get_department_member'],
      ['user/listid', { dept_id: 3 }, 'qyapi_get_department_member'],
    ] as const) {
      const res = await top(path, body);
      assert.equal(res.errcode, 88, path);
      assert.equal(res.sub_code, '60011');
      assert.ok(res.sub_msg.includes(permission), res.sub_msg);
    }
  });

  it('the contact scope hides departments and people outside it; listsubid, listid and count ignore it', async () => {
    await setPermissions({ scopeDeptIds: [3] });
    assert.deepEqual((await top('v2/department/listsub', {})).result.map((d: any) => d.dept_id), [2], 'the way down to the scope');
    assert.deepEqual((await top('v2/department/listsub', { dept_id: 2 })).result.map((d: any) => d.dept_id), [3]);
    assert.deepEqual((await top('v2/user/list', { dept_id: 2, cursor: 0, size: 10 })).result.list, []);
    assert.equal((await top('v2/user/list', { dept_id: 3, cursor: 0, size: 10 })).result.list.length, 2);
    assert.equal((await top('v2/user/list', { dept_id: 5, cursor: 0, size: 10 })).errcode, 60003);
    assert.equal((await top('v2/user/get', { userid: 'lisi' })).errcode, 60121);
    assert.deepEqual((await top('v2/department/listsubid', { dept_id: 1 })).result.dept_id_list, [2, 5, 6]);
    assert.deepEqual((await top('user/listid', { dept_id: 5 })).result.userid_list, ['lisi', 'wangwu']);
    assert.equal((await top('user/count', { only_active: false })).result.count, 5);
    await setPermissions({ scopeDeptIds: null });
    assert.equal((await top('v2/user/get', { userid: 'lisi' })).errcode, 0);
  });

  it('user/listid answers every direct member; user/count needs only_active and counts active people', async () => {
    assert.deepEqual(await top('user/listid', { dept_id: 3 }).then((b) => b.result), { userid_list: ['zhangsan', 'sunqi'] });
    assert.equal((await top('user/listid', {})).errcode, 400002);
    assert.equal((await top('user/count', {})).errcode, 400002);
    await send('PATCH', `${r.base}/test/orgs/${DEMO.corpId}/users/sunqi`, { active: false });
    assert.equal((await top('user/count', { only_active: false })).result.count, 5);
    assert.equal((await top('user/count', { only_active: true })).result.count, 4);
  });

  it('v2/user/get has departments, leader_in_dept and dept_order_list from the tree', async () => {
    const u = (await top('v2/user/get', { userid: 'wangwu' })).result;
    assert.deepEqual(u.dept_id_list, [4, 5]);
    assert.deepEqual(u.leader_in_dept, [{ dept_id: 4, leader: false }, { dept_id: 5, leader: false }]);
    assert.deepEqual(u.dept_order_list.map((o: any) => o.dept_id), [4, 5]);
    const li = (await top('v2/user/get', { userid: 'lisi' })).result;
    assert.deepEqual(li.leader_in_dept, [{ dept_id: 5, leader: true }]);
  });

  it('throttles per app per path with 90018 and globally with 90002 when configured, and counts calls per path', async () => {
    assert.equal((await send('PUT', `${r.base}/test/throttle`, { perApiPerSecond: 2 })).status, 200);
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await top('v2/department/listsub', {})).errcode);
    codes.push((await top('v2/department/listsubid', { dept_id: 1 })).errcode);
    assert.deepEqual(codes, [0, 0, 90018, 0]);
    const refused = await top('v2/department/listsub', {});
    assert.match(refused.errmsg, /当前应用调用当前接口的频率超过了限制/);
    r.clock.advance(1000);
    assert.equal((await top('v2/department/listsub', {})).errcode, 0, 'a new second, a new window');
    await send('PUT', `${r.base}/test/throttle`, { globalPerSecond: 1 });
    assert.equal((await top('user/count', { only_active: true })).errcode, 0);
    const global = await top('user/count', { only_active: true });
    assert.equal(global.errcode, 90002);
    assert.match(global.errmsg, /^您的服务器调用钉钉开放平台当前接口的所有请求都被暂时禁用了, apiPath\(\/topapi\/user\/count\), 从 .* 请求总次数超过了 1 次, 处罚将在 .* 结束\.$/);
    const stats = await json(await fetch(`${r.base}/test/stats`));
    assert.deepEqual(stats.paths['/topapi/v2/department/listsub'], { calls: 5, throttled: 2, throttledPerApp: 2, throttledGlobal: 0 });
    assert.deepEqual(stats.paths['/topapi/user/count'], { calls: 2, throttled: 1, throttledPerApp: 0, throttledGlobal: 1 });
    await send('DELETE', `${r.base}/test/throttle`);
    assert.equal((await top('user/count', { only_active: true })).errcode, 0);
    assert.equal((await send('PUT', `${r.base}/test/throttle`, { perApiPerSecond: 0 })).status, 400);
  });
});

describe('org changes through the test API', () => {
  let r: Running;
  let token: string;
  before(async () => { r = await startSim(); });
  after(async () => { await r.close(); });
  beforeEach(async () => {
    r.sim.state.reset();
    token = await appTokenFor(r.base);
  });
  const top = async (path: string, body: unknown) => json(await postJson(`${r.base}/topapi/${path}?access_token=${token}`, body));
  const org = `/test/orgs/${DEMO.corpId}`;

  it('adds, changes, activates and removes a person; the pull APIs follow', async () => {
    const added = await send('POST', `${r.base}${org}/users`, { userId: 'newbie', name: '新人', mobile: '13700000077', deptIdList: [4], active: false });
    assert.equal(added.status, 201);
    const body = await json(added);
    assert.equal(body.user.userId, 'newbie');
    assert.match(body.user.unionId, /^\S+$/);
    assert.deepEqual(body.events, [], 'no subscription, no events');
    assert.deepEqual((await top('user/listid', { dept_id: 4 })).result.userid_list, ['wangwu', 'newbie']);
    assert.equal((await send('POST', `${r.base}${org}/users/newbie/activate`)).status, 200);
    assert.equal((await send('POST', `${r.base}${org}/users/newbie/activate`)).status, 409);
    assert.equal((await send('PATCH', `${r.base}${org}/users/newbie`, { deptIdList: [3, 6], title: '工程师' })).status, 200);
    assert.deepEqual((await top('user/listid', { dept_id: 4 })).result.userid_list, ['wangwu']);
    assert.deepEqual((await top('v2/user/get', { userid: 'newbie' })).result.dept_id_list, [3, 6]);
    assert.equal((await send('DELETE', `${r.base}${org}/users/newbie`)).status, 200);
    assert.equal((await top('v2/user/get', { userid: 'newbie' })).errcode, 60121);
    assert.deepEqual((await top('user/listid', { dept_id: 6 })).result.userid_list, ['zhaoliu']);
  });

  it('refuses bad person changes with the errors listed', async () => {
    const dup = await send('POST', `${r.base}${org}/users`, { userId: 'zhangsan', name: 'x', deptIdList: [3] });
    assert.equal(dup.status, 409);
    const badDept = await json(await send('POST', `${r.base}${org}/users`, { userId: 'x1', name: 'x', deptIdList: [99] }));
    assert.deepEqual(badDept.errors, ['unknown department 99']);
    assert.equal((await send('PATCH', `${r.base}${org}/users/zhangsan`, { userId: 'other' })).status, 400);
    assert.equal((await send('PATCH', `${r.base}${org}/users/nobody`, { name: 'x' })).status, 404);
    assert.equal((await send('POST', `${r.base}/test/orgs/dingnope/users`, { userId: 'a', name: 'b' })).status, 404);
  });

  it('creates, renames, moves and removes departments; refuses cycles and non-empty removals', async () => {
    const created = await json(await send('POST', `${r.base}${org}/departments`, { name: '测试组', parentId: 2 }));
    const id = created.department.deptId;
    assert.equal(id, 7);
    assert.deepEqual((await top('v2/department/listsubid', { dept_id: 2 })).result.dept_id_list, [3, 4, 7]);
    assert.equal((await send('PATCH', `${r.base}${org}/departments/${id}`, { name: '质量组', parentId: 5 })).status, 200);
    assert.deepEqual((await top('v2/department/listsub', { dept_id: 5 })).result.map((d: any) => d.name), ['质量组']);
    assert.equal((await send('PATCH', `${r.base}${org}/departments/2`, { parentId: 3 })).status, 400, 'below itself');
    assert.equal((await send('PATCH', `${r.base}${org}/departments/1`, { name: 'x' })).status, 400);
    assert.equal((await send('DELETE', `${r.base}${org}/departments/2`)).status, 409, 'has sub-departments');
    assert.equal((await send('DELETE', `${r.base}${org}/departments/6`)).status, 409, 'has members');
    assert.equal((await send('DELETE', `${r.base}${org}/departments/${id}`)).status, 200);
    assert.equal((await top('v2/department/get', { dept_id: id })).errcode, 60003);
  });

  it('generates a large org in place of the org\'s directory', async () => {
    const res = await send('POST', `${r.base}${org}/generate`, { people: 500, departments: 20, seed: 7 });
    assert.equal(res.status, 200);
    assert.deepEqual(await json(res), { departments: 20, users: 500 });
    assert.equal((await top('user/count', { only_active: false })).result.count, 500);
    assert.equal((await send('POST', `${r.base}${org}/generate`, { people: -1 })).status, 400);
  });
});
