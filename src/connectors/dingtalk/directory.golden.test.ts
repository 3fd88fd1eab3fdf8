// Directory pull: golden requests (ref §1.2–1.7), answer shapes, error mapping.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DingTalkError } from './errors.ts';
import { repeat } from './fake-fetch.ts';
import { clientWith } from './testing-client.ts';

const TOKEN = { json: { accessToken: 'app-tok', expireIn: 7200 } };
const ok = (result: unknown) => ({ json: { errcode: 0, errmsg: 'ok', request_id: 'rq-1', result } });
const is = (code: string) => (e: unknown) => e instanceof DingTalkError && e.code === code;
const golden = (path: string, body: unknown) => ({
  method: 'POST',
  url: `https://oapi.dingtalk.com${path}?access_token=app-tok`,
  headers: { 'content-type': 'application/json' },
  body,
});

test('listSubDepartments: POST topapi/v2/department/listsub {dept_id, language}; result is a flat array', async () => {
  const { client, ff } = clientWith([TOKEN, ok([
    { dept_id: 100, name: 'HR', parent_id: 1, create_dept_group: true, auto_add_user: false, ext: '{}' },
    { dept_id: '101', name: '研发', parent_id: '1' },
  ])]);
  assert.deepEqual(await client.listSubDepartments(1), [
    { deptId: 100, name: 'HR', parentId: 1 },
    { deptId: 101, name: '研发', parentId: 1 },
  ]);
  assert.deepEqual(ff.calls[1], golden('/topapi/v2/department/listsub', { dept_id: 1, language: 'zh_CN' }));
});

test('listSubDepartments: a result that is not an array (e.g. {list: [...]}) or holds a non-object → bad_response', async () => {
  const { client } = clientWith([TOKEN, ok({ list: [] }), ok([1]), ok([{ dept_id: 2 }])]);
  await assert.rejects(client.listSubDepartments(1), is('dingtalk.bad_response'));
  await assert.rejects(client.listSubDepartments(1), is('dingtalk.bad_response'));
  await assert.rejects(client.listSubDepartments(1), is('dingtalk.bad_response')); // no name
});

test('listSubDepartmentIds: POST topapi/v2/department/listsubid {dept_id} → result.dept_id_list', async () => {
  const { client, ff } = clientWith([TOKEN, ok({ dept_id_list: [2, 3, '4'] }), ok({ dept_id_list: ['x'] })]);
  assert.deepEqual(await client.listSubDepartmentIds(1), [2, 3, 4]);
  assert.deepEqual(ff.calls[1], golden('/topapi/v2/department/listsubid', { dept_id: 1 }));
  await assert.rejects(client.listSubDepartmentIds(1), is('dingtalk.bad_response'));
});

test('getDepartment: POST topapi/v2/department/get {dept_id, language} → order and managers', async () => {
  const { client, ff } = clientWith([
    TOKEN,
    ok({ dept_id: 100, name: 'HR', parent_id: 1, order: 10, dept_manager_userid_list: ['manager1', ''], extention: '{}', hide_dept: false }),
    ok({ dept_id: 1, name: '示例公司' }),
    ok({ dept_id: 1, name: '示例公司', parent_id: 0 }),
  ]);
  assert.deepEqual(await client.getDepartment(100), { deptId: 100, name: 'HR', parentId: 1, order: 10, managerUserIds: ['manager1'] });
  assert.deepEqual(ff.calls[1], golden('/topapi/v2/department/get', { dept_id: 100, language: 'zh_CN' }));
  // The root: no parent_id, or 0 (UNCONFIRMED which) → null.
  assert.deepEqual(await client.getDepartment(1), { deptId: 1, name: '示例公司', parentId: null, managerUserIds: [] });
  assert.equal((await client.getDepartment(1)).parentId, null);
});

const LIST_ITEM = {
  userid: 'zhangsan', unionid: 'z21HjQliSzpw0YWCNxmii6u2Os62cZ62iSZ', name: 'John', avatar: 'https://a/x.jpg', state_code: '86',
  mobile: '13800138000', hide_mobile: false, telephone: '010-86123456-2345', job_number: '4', title: 'Technical Director',
  email: 'test@xxx.com', org_email: 'john@corp.example', work_place: '', remark: '', dept_id_list: [2, 3], dept_order: 176322897889314512,
  extension: '{"爱好":"旅游"}', hired_date: 1597573616828, active: true, admin: false, boss: false, leader: false,
  exclusive_account: false, login_id: '', exclusive_account_type: '',
};

test('listDepartmentUsers: POST topapi/v2/user/list {dept_id, cursor, size, contain_access_limit, language}', async () => {
  const { client, ff } = clientWith([TOKEN, ok({ has_more: true, next_cursor: 10, list: [LIST_ITEM] })]);
  const page = await client.listDepartmentUsers(2);
  assert.deepEqual(ff.calls[1], golden('/topapi/v2/user/list', { dept_id: 2, cursor: 0, size: 100, contain_access_limit: true, language: 'zh_CN' }));
  assert.deepEqual(page, {
    hasMore: true,
    nextCursor: 10,
    users: [{
      userId: 'zhangsan', unionId: 'z21HjQliSzpw0YWCNxmii6u2Os62cZ62iSZ', name: 'John', avatar: 'https://a/x.jpg', stateCode: '86',
      mobile: '13800138000', jobNumber: '4', title: 'Technical Director', email: 'test@xxx.com', orgEmail: 'john@corp.example',
      deptIdList: [2, 3], active: true, leader: false, deptOrder: 176322897889314512,
    }],
  });
});

test('listDepartmentUsers: the cursor is opaque (a string goes back as a string) and size is sent as given', async () => {
  const { client, ff } = clientWith([TOKEN, ok({ has_more: true, next_cursor: 'c-2', list: [] }), ok({ has_more: false, list: [] })]);
  assert.deepEqual(await client.listDepartmentUsers(2, 'c-1', 20), { users: [], hasMore: true, nextCursor: 'c-2' });
  assert.deepEqual(ff.calls[1].body, { dept_id: 2, cursor: 'c-1', size: 20, contain_access_limit: true, language: 'zh_CN' });
  assert.deepEqual(await client.listDepartmentUsers(2, 'c-2'), { users: [], hasMore: false });
});

test('listDepartmentUsers: missing field permissions leave mobile/state code/email undefined, no error', async () => {
  const { mobile, state_code, email, org_email, ...withoutPermissions } = LIST_ITEM;
  void [mobile, state_code, email, org_email];
  const { client } = clientWith([TOKEN, ok({ has_more: false, list: [{ ...withoutPermissions, active: false, leader: true }] })]);
  const [user] = (await client.listDepartmentUsers(2)).users;
  assert.equal(user.mobile, undefined);
  assert.equal(user.stateCode, undefined);
  assert.equal(user.email, undefined);
  assert.equal(user.orgEmail, undefined);
  assert.equal(user.active, false);
  assert.equal(user.leader, true);
  assert.ok(!('mobile' in user));
});

test('listDepartmentUsers: wrong shapes → bad_response; an empty department without list is fine', async () => {
  const { client } = clientWith([
    TOKEN, ok({ has_more: false }), ok({ list: [] }), ok({ has_more: true, list: [] }), ok({ has_more: false, list: {} }),
    ok({ has_more: false, list: [{ userid: 'u' }] }),
  ]);
  assert.deepEqual(await client.listDepartmentUsers(2), { users: [], hasMore: false });
  await assert.rejects(client.listDepartmentUsers(2), is('dingtalk.bad_response')); // no has_more
  await assert.rejects(client.listDepartmentUsers(2), is('dingtalk.bad_response')); // has_more without next_cursor
  await assert.rejects(client.listDepartmentUsers(2), is('dingtalk.bad_response')); // list not an array
  await assert.rejects(client.listDepartmentUsers(2), is('dingtalk.bad_response')); // item without unionid/name
});

test('listDepartmentUsers: caller mistakes are TypeErrors and send nothing', async () => {
  const { client, ff } = clientWith([]);
  await assert.rejects(client.listDepartmentUsers(2, 0, 101), TypeError);
  await assert.rejects(client.listDepartmentUsers(2, 0, 0), TypeError);
  await assert.rejects(client.listDepartmentUsers(0), TypeError);
  await assert.rejects(client.listSubDepartments(1.5), TypeError);
  await assert.rejects(client.listDepartmentUsers(2, ''), TypeError);
  assert.equal(ff.calls.length, 0);
});

test('countUsers: POST topapi/user/count {only_active} → result.count', async () => {
  const { client, ff } = clientWith([TOKEN, ok({ count: 4 }), ok({ count: '3' })]);
  assert.equal(await client.countUsers(false), 4);
  assert.deepEqual(ff.calls[1], golden('/topapi/user/count', { only_active: false }));
  assert.equal(await client.countUsers(true), 3);
  assert.deepEqual(ff.calls[2].body, { only_active: true });
});

test('60003 → dingtalk.department_not_found, not retried', async () => {
  const { client, ff } = clientWith([TOKEN, { json: { errcode: 60003, errmsg: '部门不存在', request_id: 'rq9' } }]);
  await assert.rejects(client.getDepartment(999), (e) => is('dingtalk.department_not_found')(e) && (e as DingTalkError).requestId === 'rq9');
  assert.equal(ff.calls.length, 2);
});

test('88/60011 and 60011 → permission_denied naming the permission to grant, not retried', async () => {
  const cases: Array<[(c: ReturnType<typeof clientWith>['client']) => Promise<unknown>, string]> = [
    [(c) => c.listSubDepartments(1), 'qyapi_get_department_list'],
    [(c) => c.getDepartment(1), 'qyapi_get_department_list'],
    [(c) => c.listDepartmentUsers(1), 'qyapi_get_department_member'],
    [(c) => c.countUsers(true), 'qyapi_get_member'],
  ];
  for (const [call, permission] of cases) {
    const { client, ff } = clientWith([TOKEN, { json: { errcode: 88, sub_code: '60011', sub_msg: '没有调用该接口的权限', errmsg: 'x' } }]);
    await assert.rejects(call(client), (e) => is('dingtalk.permission_denied')(e) && (e as DingTalkError).requiredScopes?.[0] === permission
      && (e as DingTalkError).upstreamCode === '88/60011' && (e as Error).message.includes(permission));
    assert.equal(ff.calls.length, 2);
  }
  const { client } = clientWith([TOKEN, { json: { errcode: 60011, errmsg: '没有调用该接口的权限' } }]);
  await assert.rejects(client.countUsers(false), (e) => is('dingtalk.permission_denied')(e) && (e as DingTalkError).requiredScopes?.[0] === 'qyapi_get_member');
});

test('60121 (v2/user/get on a leaver) is the existing dingtalk.user_not_in_org', async () => {
  const { client } = clientWith([TOKEN, { json: { errcode: 60121, errmsg: '找不到该用户' } }]);
  await assert.rejects(client.getOrgUser('left-user'), is('dingtalk.user_not_in_org'));
});

test('88/40014 on a directory call: the token is refreshed once, as for the other org calls', async () => {
  const { client, ff } = clientWith([
    TOKEN, { json: { errcode: 88, sub_code: '40014', sub_msg: '不合法的access_token', errmsg: 'x' } },
    { json: { accessToken: 'fresh', expireIn: 7200 } }, ok({ count: 1 }),
  ]);
  assert.equal(await client.countUsers(false), 1);
  assert.equal(ff.calls[3].url, 'https://oapi.dingtalk.com/topapi/user/count?access_token=fresh');
});

test('several directory calls share one app token', async () => {
  const { client, ff } = clientWith([TOKEN, ...repeat(3, ok({ count: 1 }))]);
  await Promise.all([client.countUsers(false), client.countUsers(true), client.countUsers(false)]);
  assert.equal(ff.calls.filter((c) => c.url.includes('/oauth2/accessToken')).length, 1);
});
