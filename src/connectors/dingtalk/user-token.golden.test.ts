// Golden requests for the new OAuth2 flow, with answers copied from the reference (ref §2.3, §2.4).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DingTalkError } from './errors.ts';
import { clientWith, TEST_APP_KEY, TEST_APP_SECRET } from './testing-client.ts';

test('exchangeUserToken: POST api/v1.0/oauth2/userAccessToken with the camelCase JSON body', async () => {
  const { client, ff } = clientWith([{ json: { accessToken: 'abcd', refreshToken: 'abcd', expireIn: 7200, corpId: 'corpxxxx' } }]);
  const token = await client.exchangeUserToken('f85c6-authcode');
  assert.deepEqual(ff.calls, [{
    method: 'POST',
    url: 'https://api.dingtalk.com/v1.0/oauth2/userAccessToken',
    headers: { 'content-type': 'application/json' },
    body: { clientId: TEST_APP_KEY, clientSecret: TEST_APP_SECRET, code: 'f85c6-authcode', grantType: 'authorization_code' },
  }]);
  assert.deepEqual(token, { accessToken: 'abcd', refreshToken: 'abcd', expireIn: 7200, corpId: 'corpxxxx' });
});

test('exchangeUserToken: corpId is optional (scope without corpid)', async () => {
  const { client } = clientWith([{ json: { accessToken: 'a1', refreshToken: 'r1', expireIn: 7200 } }]);
  assert.deepEqual(await client.exchangeUserToken('c'), { accessToken: 'a1', refreshToken: 'r1', expireIn: 7200 });
});

test('exchangeUserToken: a malformed success body is bad_response', async () => {
  for (const json of [{ refreshToken: 'r', expireIn: 7200 }, { accessToken: 'a', refreshToken: 'r', expireIn: 'soon' }, { accessToken: 7, refreshToken: 'r', expireIn: 1 }]) {
    const { client } = clientWith([{ json }]);
    await assert.rejects(client.exchangeUserToken('c'), (e) => e instanceof DingTalkError && e.code === 'dingtalk.bad_response');
  }
});

test('refreshUserToken: same endpoint with grantType refresh_token', async () => {
  const { client, ff } = clientWith([{ json: { accessToken: 'a2', refreshToken: 'r2', expireIn: 7200 } }]);
  assert.deepEqual(await client.refreshUserToken('r1'), { accessToken: 'a2', refreshToken: 'r2', expireIn: 7200 });
  assert.equal(ff.calls[0].url, 'https://api.dingtalk.com/v1.0/oauth2/userAccessToken');
  assert.deepEqual(ff.calls[0].body, { clientId: TEST_APP_KEY, clientSecret: TEST_APP_SECRET, refreshToken: 'r1', grantType: 'refresh_token' });
});

test('getCurrentUser: GET users/me with the token in x-acs-dingtalk-access-token only', async () => {
  const me = {
    nick: 'zhangsan', avatarUrl: 'https://xxx', mobile: '150xxxx9144', openId: '123',
    unionId: 'z21HjQliSzpw0Yxxxx', email: 'zhangsan@alibaba-inc.com', stateCode: '86',
  };
  const { client, ff } = clientWith([{ json: me }]);
  const profile = await client.getCurrentUser('user-token-1');
  assert.deepEqual(ff.calls, [{
    method: 'GET',
    url: 'https://api.dingtalk.com/v1.0/contact/users/me',
    headers: { 'x-acs-dingtalk-access-token': 'user-token-1' },
    body: undefined,
  }]);
  assert.deepEqual(profile, me);
});

test('getCurrentUser: only unionId is required; wrong types and empty strings are dropped', async () => {
  const { client } = clientWith([{ json: { unionId: 'u1', nick: 5, mobile: '', visitor: false } }]);
  assert.deepEqual(await client.getCurrentUser('t'), { unionId: 'u1' });
  const { client: c2 } = clientWith([{ json: { nick: 'no union id' } }]);
  await assert.rejects(c2.getCurrentUser('t'), (e) => e instanceof DingTalkError && e.code === 'dingtalk.bad_response');
});

test('endpoints can point at a simulator', async () => {
  const { client, ff } = clientWith([{ json: { unionId: 'u1' } }], { endpoints: { api: 'http://127.0.0.1:4101/api' } });
  await client.getCurrentUser('t');
  assert.equal(ff.calls[0].url, 'http://127.0.0.1:4101/api/v1.0/contact/users/me');
});
