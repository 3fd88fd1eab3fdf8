// Org lookups with the app token: golden requests (ref §5.3, §5.4) and invalid-token recovery (ref §5.5).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DingTalkError } from './errors.ts';
import { clientWith } from './testing-client.ts';

const TOKEN = (t: string) => ({ json: { accessToken: t, expireIn: 7200 } });
const BAD_TOKEN_88 = {
  json: { errcode: 88, sub_code: '40014', sub_msg: '不合法的access_token', errmsg: 'ding talk error[subcode=40014,submsg=不合法的access_token]', request_id: '16l4ew3d47pdp' },
};
const UNION_OK = { json: { errcode: 0, errmsg: 'ok', result: { contact_type: 0, userid: 'zhangsan' }, request_id: 'zcqi5450rpit' } };
const is = (code: string) => (e: unknown) => e instanceof DingTalkError && e.code === code;

test('getUserIdByUnionId: POST oapi/topapi/user/getbyunionid?access_token= with {unionid}', async () => {
  const { client, ff } = clientWith([TOKEN('app-tok-1'), UNION_OK]);
  assert.deepEqual(await client.getUserIdByUnionId('z21HjQliSzpw0Yxxxx'), { userId: 'zhangsan', contactType: 0 });
  assert.equal(ff.calls.length, 2);
  assert.deepEqual(ff.calls[1], {
    method: 'POST',
    url: 'https://oapi.dingtalk.com/topapi/user/getbyunionid?access_token=app-tok-1',
    headers: { 'content-type': 'application/json' },
    body: { unionid: 'z21HjQliSzpw0Yxxxx' },
  });
});

test('getUserIdByUnionId: accepts errcode and contact_type printed as strings (ref §5.3 doc example)', async () => {
  const { client } = clientWith([TOKEN('t'), { json: { errcode: '0', errmsg: 'ok', result: { contact_type: '1', userid: 'ext1' } } }]);
  assert.deepEqual(await client.getUserIdByUnionId('u'), { userId: 'ext1', contactType: 1 });
});

test('getOrgUser: POST oapi/topapi/v2/user/get with {userid, language} and normalizes the result', async () => {
  const result = {
    userid: '033156401534394431', unionid: '4L5xxiEiE', name: '张三', avatar: 'https://static-legacy.dingtalk.com/media/a.jpg',
    mobile: '18600000000', state_code: '86', hide_mobile: false, email: 'z@example.com', org_email: 'z@corp.example.com', title: '',
    job_number: '', work_place: '', remark: '', telephone: '', active: true, admin: true, boss: false, senior: false, real_authed: true,
    exclusive_account: false, dept_id_list: [1, 42], dept_order_list: [{ dept_id: 1, order: 176322897889314512 }],
    leader_in_dept: [{ dept_id: 1, leader: false }], role_list: [{ group_name: '默认', id: 1507668010, name: '主管理员' }],
    extension: '{"k":"v"}', union_emp_ext: {},
  };
  const { client, ff } = clientWith([TOKEN('app-tok-2'), { json: { errcode: 0, errmsg: 'ok', request_id: '71shv9eao41d', result } }]);
  const user = await client.getOrgUser('033156401534394431');
  assert.deepEqual(ff.calls[1], {
    method: 'POST',
    url: 'https://oapi.dingtalk.com/topapi/v2/user/get?access_token=app-tok-2',
    headers: { 'content-type': 'application/json' },
    body: { userid: '033156401534394431', language: 'zh_CN' },
  });
  assert.deepEqual(user, {
    userId: '033156401534394431', unionId: '4L5xxiEiE', name: '张三', avatar: 'https://static-legacy.dingtalk.com/media/a.jpg',
    mobile: '18600000000', stateCode: '86', email: 'z@example.com', orgEmail: 'z@corp.example.com', deptIdList: [1, 42], active: true,
  }); // empty job_number is reported as absent
});

test('the app token is fetched once for several org calls', async () => {
  const { client, ff } = clientWith([TOKEN('t1'), UNION_OK, UNION_OK]);
  await client.getUserIdByUnionId('a');
  await client.getUserIdByUnionId('b');
  assert.equal(ff.calls.filter((c) => c.url.includes('/oauth2/accessToken')).length, 1);
});

test('88/40014: the cached token is dropped and the call retried once with a fresh token', async () => {
  const { client, ff } = clientWith([TOKEN('stale'), BAD_TOKEN_88, TOKEN('fresh'), UNION_OK]);
  assert.equal((await client.getUserIdByUnionId('u')).userId, 'zhangsan');
  assert.deepEqual(ff.calls.map((c) => c.url), [
    'https://api.dingtalk.com/v1.0/oauth2/accessToken',
    'https://oapi.dingtalk.com/topapi/user/getbyunionid?access_token=stale',
    'https://api.dingtalk.com/v1.0/oauth2/accessToken',
    'https://oapi.dingtalk.com/topapi/user/getbyunionid?access_token=fresh',
  ]);
  // The fresh token is now the cached one.
  assert.equal(await client.getAppAccessToken(), 'fresh');
});

test('plain 40014 (older endpoints) is handled the same way', async () => {
  const { client, ff } = clientWith([TOKEN('stale'), { json: { errcode: 40014, errmsg: '不合法的access_token' } }, TOKEN('fresh'), UNION_OK]);
  await client.getUserIdByUnionId('u');
  assert.equal(ff.calls.length, 4);
});

test('invalid token twice: only ONE retry, then token_invalid', async () => {
  const { client, ff } = clientWith([TOKEN('a'), BAD_TOKEN_88, TOKEN('b'), BAD_TOKEN_88, TOKEN('c'), UNION_OK]);
  await assert.rejects(client.getOrgUser('u'), (e) => is('dingtalk.token_invalid')(e) && (e as DingTalkError).upstreamCode === '88/40014');
  assert.equal(ff.calls.length, 4);
});

test('60121 → user_not_in_org and 88/60011 → permission_denied, without retry', async () => {
  const { client, ff } = clientWith([TOKEN('t'), { json: { errcode: 60121, errmsg: '未找到对应员工', request_id: 'rq1' } }]);
  await assert.rejects(client.getUserIdByUnionId('u'), (e) => is('dingtalk.user_not_in_org')(e) && (e as DingTalkError).requestId === 'rq1');
  assert.equal(ff.calls.length, 2);
  const { client: c2, ff: ff2 } = clientWith([TOKEN('t'), { json: { errcode: 88, sub_code: '60011', sub_msg: '没有调用该接口的权限', errmsg: 'x' } }]);
  await assert.rejects(c2.getOrgUser('u'), is('dingtalk.permission_denied'));
  assert.equal(ff2.calls.length, 2);
});

test('org lookups are reads: retried once on -1 busy', async () => {
  const { client, ff } = clientWith([TOKEN('t'), { json: { errcode: -1, errmsg: '系统繁忙' } }, UNION_OK]);
  assert.equal((await client.getUserIdByUnionId('u')).userId, 'zhangsan');
  assert.equal(ff.calls.length, 3);
});

test('legacy token flavour feeds the same org calls', async () => {
  const { client, ff } = clientWith([{ json: { errcode: 0, access_token: 'legacy-tok', expires_in: 7200 } }, UNION_OK], { appTokenFlavour: 'legacy' });
  await client.getUserIdByUnionId('u');
  assert.equal(ff.calls[1].url, 'https://oapi.dingtalk.com/topapi/user/getbyunionid?access_token=legacy-tok');
});
