import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDingTalkClient } from './client.ts';
import { DEFAULT_DINGTALK_ENDPOINTS, resolveEndpoints } from './endpoints.ts';

test('defaults are DingTalk’s real hosts (ref §1)', () => {
  assert.deepEqual({ ...DEFAULT_DINGTALK_ENDPOINTS }, {
    login: 'https://login.dingtalk.com', api: 'https://api.dingtalk.com', oapi: 'https://oapi.dingtalk.com',
  });
  assert.ok(Object.isFrozen(DEFAULT_DINGTALK_ENDPOINTS));
});

test('overrides are merged, trailing slashes dropped', () => {
  assert.deepEqual(resolveEndpoints({ oapi: 'http://localhost:4100/oapi/' }), {
    login: 'https://login.dingtalk.com', api: 'https://api.dingtalk.com', oapi: 'http://localhost:4100/oapi',
  });
});

test('invalid bases are rejected', () => {
  assert.throws(() => resolveEndpoints({ api: 'not a url' }), TypeError);
  assert.throws(() => resolveEndpoints({ api: 'ftp://x' }), TypeError);
  assert.throws(() => resolveEndpoints({ api: 'https://x/?a=1' }), TypeError);
});

test('client options are validated', () => {
  assert.throws(() => createDingTalkClient({ appKey: 'k', appSecret: '' }), TypeError);
  assert.throws(() => createDingTalkClient({ appKey: '', appSecret: 's' }), TypeError);
  assert.throws(() => createDingTalkClient({ appKey: 'k', appSecret: 's', timeoutMs: 0 }), TypeError);
});
