import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildAuthorizeUrl } from './authorize.ts';
import { buildLegacyQrConnectUrl } from './legacy.ts';
import { clientWith } from './testing-client.ts';

const base = { clientId: 'dingxxxxxxx', redirectUri: 'https://www.aaaaa.com/auth', state: 'dddd' };

test('authorize URL has the documented parameters, encoded (ref §2.1)', () => {
  assert.equal(
    buildAuthorizeUrl(base),
    'https://login.dingtalk.com/oauth2/auth?redirect_uri=https%3A%2F%2Fwww.aaaaa.com%2Fauth&response_type=code' +
      '&client_id=dingxxxxxxx&scope=openid&prompt=consent&state=dddd',
  );
});

test('a corpId adds the corpid scope as %20 and the corpId parameter', () => {
  const url = buildAuthorizeUrl({ ...base, corpId: 'ding123', orgType: 'management' });
  assert.equal(
    url,
    'https://login.dingtalk.com/oauth2/auth?redirect_uri=https%3A%2F%2Fwww.aaaaa.com%2Fauth&response_type=code' +
      '&client_id=dingxxxxxxx&scope=openid%20corpid&prompt=consent&state=dddd&org_type=management&corpId=ding123',
  );
});

test('iframe and exclusive login parameters (ref §2.1, §3.1)', () => {
  const url = buildAuthorizeUrl({ ...base, iframe: true, exclusiveLogin: true, exclusiveCorpId: 'dingcorp9' });
  assert.ok(url.startsWith('https://login.dingtalk.com/oauth2/auth?iframe=true&redirect_uri='));
  assert.ok(url.endsWith('&state=dddd&exclusiveLogin=true&exclusiveCorpId=dingcorp9'));
  assert.throws(() => buildAuthorizeUrl({ ...base, exclusiveLogin: true }), /exclusiveCorpId/);
});

test('state, clientId and redirectUri are required', () => {
  assert.throws(() => buildAuthorizeUrl({ ...base, state: '' }), TypeError);
  assert.throws(() => buildAuthorizeUrl({ ...base, clientId: '' }), TypeError);
  assert.throws(() => buildAuthorizeUrl({ ...base, redirectUri: '' }), TypeError);
});

test('state with reserved characters is encoded', () => {
  const url = new URL(buildAuthorizeUrl({ ...base, state: 'a&b=c d+' }));
  assert.equal(url.searchParams.get('state'), 'a&b=c d+');
});

test('the client uses its AppKey and endpoints (e.g. the simulator)', () => {
  const { client } = clientWith([], { endpoints: { login: 'http://127.0.0.1:4100/' } });
  assert.equal(
    client.buildAuthorizeUrl({ redirectUri: 'http://localhost:3000/cb', state: 's1' }),
    'http://127.0.0.1:4100/oauth2/auth?redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcb&response_type=code' +
      '&client_id=dingtestappkey01&scope=openid&prompt=consent&state=s1',
  );
});

test('legacy qrconnect URL (ref §4.1)', () => {
  assert.equal(
    buildLegacyQrConnectUrl({ appKey: 'dingoa1', redirectUri: 'https://p.example.com/cb?x=1', state: 'st' }),
    'https://oapi.dingtalk.com/connect/qrconnect?appid=dingoa1&response_type=code&scope=snsapi_login&state=st' +
      '&redirect_uri=https%3A%2F%2Fp.example.com%2Fcb%3Fx%3D1',
  );
});
