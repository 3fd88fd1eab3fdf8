// In-client sign-in: golden request of topapi/v2/user/getuserinfo (ref §3.3), its answer, and which failures retry.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DingTalkError } from './errors.ts';
import { clientWith } from './testing-client.ts';

const TOKEN = (t: string) => ({ json: { accessToken: t, expireIn: 7200 } });
// The answer printed in the reference (ref §3.3).
const INFO_OK = {
  json: {
    errcode: 0, errmsg: 'ok', request_id: 'e8krly4vyiln',
    result: { userid: 'user456', device_id: '12drtfxxxxx', sys: true, sys_level: 1, associated_unionid: 'N2o5U3axxxx', unionid: 'gliiW002zUxxxx', name: 'Zhang xx' },
  },
};
const is = (code: string) => (e: unknown) => e instanceof DingTalkError && e.code === code;

test('getUserInfoByCode: POST oapi/topapi/v2/user/getuserinfo?access_token= with {code} and normalizes the result', async () => {
  const { client, ff } = clientWith([TOKEN('app-tok-1'), INFO_OK]);
  const info = await client.getUserInfoByCode('inapp-code-1');
  assert.deepEqual(ff.calls[1], {
    method: 'POST',
    url: 'https://oapi.dingtalk.com/topapi/v2/user/getuserinfo?access_token=app-tok-1',
    headers: { 'content-type': 'application/json' },
    body: { code: 'inapp-code-1' },
  });
  assert.equal(ff.calls.length, 2);
  assert.deepEqual(info, {
    userId: 'user456', unionId: 'gliiW002zUxxxx', associatedUnionId: 'N2o5U3axxxx', name: 'Zhang xx', deviceId: '12drtfxxxxx', sys: true, sysLevel: 1,
  });
});

test('getUserInfoByCode: absent or empty unionid, names and flags are reported as absent or false/0', async () => {
  const { client } = clientWith([TOKEN('t'), { json: { errcode: 0, errmsg: 'ok', result: { userid: 'lisi', unionid: '', associated_unionid: '' } } }]);
  assert.deepEqual(await client.getUserInfoByCode('c'), { userId: 'lisi', sys: false, sysLevel: 0 });
});

test('getUserInfoByCode: 40078 (used, expired or unknown code) is auth_code_invalid and is not retried', async () => {
  const { client, ff } = clientWith([TOKEN('t'), { json: { errcode: 40078, errmsg: '不存在的临时授权码', request_id: 'rq9' } }, INFO_OK]);
  await assert.rejects(client.getUserInfoByCode('used'), (e) => is('dingtalk.auth_code_invalid')(e) && (e as DingTalkError).requestId === 'rq9');
  assert.equal(ff.calls.length, 2);
});

test('getUserInfoByCode: -1 busy and HTTP 5xx are NOT retried (the code is single use)', async () => {
  for (const answer of [{ json: { errcode: -1, errmsg: '系统繁忙' } }, { status: 502, text: 'Bad Gateway' }]) {
    const { client, ff } = clientWith([TOKEN('t'), answer, INFO_OK]);
    await assert.rejects(client.getUserInfoByCode('c'), is('dingtalk.unavailable'));
    assert.equal(ff.calls.length, 2);
  }
});

test('getUserInfoByCode: 88/40014 drops the cached token and asks once more with a fresh one', async () => {
  const badToken = { json: { errcode: 88, sub_code: '40014', sub_msg: '不合法的access_token', errmsg: 'ding talk error[subcode=40014,submsg=不合法的access_token]' } };
  const { client, ff } = clientWith([TOKEN('stale'), badToken, TOKEN('fresh'), INFO_OK]);
  assert.equal((await client.getUserInfoByCode('c')).userId, 'user456');
  assert.deepEqual(ff.calls.map((c) => c.url), [
    'https://api.dingtalk.com/v1.0/oauth2/accessToken',
    'https://oapi.dingtalk.com/topapi/v2/user/getuserinfo?access_token=stale',
    'https://api.dingtalk.com/v1.0/oauth2/accessToken',
    'https://oapi.dingtalk.com/topapi/v2/user/getuserinfo?access_token=fresh',
  ]);
});

test('getUserInfoByCode: other errcodes go through the shared mapping (88/60011 → permission_denied)', async () => {
  const { client } = clientWith([TOKEN('t'), { json: { errcode: 88, sub_code: '60011', sub_msg: '没有调用该接口的权限', errmsg: 'x' } }]);
  await assert.rejects(client.getUserInfoByCode('c'), is('dingtalk.permission_denied'));
});

test('getUserInfoByCode: a result without userid is bad_response', async () => {
  for (const json of [{ errcode: 0, errmsg: 'ok' }, { errcode: 0, errmsg: 'ok', result: { unionid: 'u' } }]) {
    const { client } = clientWith([TOKEN('t'), { json }]);
    await assert.rejects(client.getUserInfoByCode('c'), is('dingtalk.bad_response'));
  }
});

test('getUserInfoByCode: an empty code is a caller mistake, not a request', async () => {
  const { client, ff } = clientWith([]);
  await assert.rejects(client.getUserInfoByCode(''), TypeError);
  assert.equal(ff.calls.length, 0);
});
