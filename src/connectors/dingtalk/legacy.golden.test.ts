// Golden request for the legacy sns exchange (ref §4.2), answer copied from the reference.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DingTalkError } from './errors.ts';
import { legacySignature } from './signature.ts';
import { clientWith, TEST_APP_KEY, TEST_APP_SECRET } from './testing-client.ts';

const NOW = 1760000000123;

test('getUserInfoByTmpCode: POST sns/getuserinfo_bycode with signed query and {tmp_auth_code}', async () => {
  const { client, ff } = clientWith([{
    json: {
      errcode: 0, errmsg: 'ok',
      user_info: { nick: '名字', unionid: 'dingdkjjojoixxxx', openid: 'dingsdsqwlklklxxxx', main_org_auth_high_level: true, dingId: '$:LWCP_v1:$x' },
    },
  }], { now: () => NOW });
  const profile = await client.getUserInfoByTmpCode('tmp-code-1');
  const sig = encodeURIComponent(legacySignature(TEST_APP_SECRET, NOW));
  assert.deepEqual(ff.calls, [{
    method: 'POST',
    url: `https://oapi.dingtalk.com/sns/getuserinfo_bycode?accessKey=${TEST_APP_KEY}&timestamp=${NOW}&signature=${sig}`,
    headers: { 'content-type': 'application/json' },
    body: { tmp_auth_code: 'tmp-code-1' },
  }]);
  assert.deepEqual(profile, { unionId: 'dingdkjjojoixxxx', openId: 'dingsdsqwlklklxxxx', nick: '名字' });
});

test('getUserInfoByTmpCode: 40078 (HTTP 200) is auth_code_invalid and is not retried', async () => {
  const { client, ff } = clientWith([{ json: { errcode: 40078, errmsg: '不存在的临时授权码' } }]);
  await assert.rejects(client.getUserInfoByTmpCode('used'), (e) => e instanceof DingTalkError && e.code === 'dingtalk.auth_code_invalid' && e.httpStatus === 200);
  assert.equal(ff.calls.length, 1);
});

test('getUserInfoByTmpCode: -1 busy is NOT retried (single-use code)', async () => {
  const { client, ff } = clientWith([{ json: { errcode: -1, errmsg: '系统繁忙' } }, { json: { errcode: 0, user_info: { unionid: 'u' } } }]);
  await assert.rejects(client.getUserInfoByTmpCode('c'), (e) => e instanceof DingTalkError && e.code === 'dingtalk.unavailable' && e.retryable);
  assert.equal(ff.calls.length, 1);
});

test('getUserInfoByTmpCode: missing user_info or unionid is bad_response', async () => {
  for (const json of [{ errcode: 0, errmsg: 'ok' }, { errcode: 0, user_info: { openid: 'o' } }]) {
    const { client } = clientWith([{ json }]);
    await assert.rejects(client.getUserInfoByTmpCode('c'), (e) => e instanceof DingTalkError && e.code === 'dingtalk.bad_response');
  }
});
