import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiPathLabel, meteredDingTalkFetch, meteredDingTalkLogger } from './dingtalk-fetch.ts';
import { createPorticoMetrics } from './portico.ts';
import type { FetchLike } from '../connectors/dingtalk/types.ts';

const GET = { method: 'GET', headers: {} };

test('the path label keeps API paths and drops queries and identifier-like segments', () => {
  assert.equal(apiPathLabel('https://api.dingtalk.com/v1.0/contact/users/me'), '/v1.0/contact/users/me');
  assert.equal(apiPathLabel('https://oapi.dingtalk.com/topapi/v2/user/get?access_token=secret'), '/topapi/v2/user/get');
  assert.equal(apiPathLabel('https://api.dingtalk.com/v1.0/contact/users/unionid1234567'), '/v1.0/contact/users/:id');
  assert.equal(apiPathLabel('https://api.dingtalk.com/v1.0/x/%E4%B8%AD'), '/v1.0/x/:id');
  assert.equal(apiPathLabel('not a url'), 'invalid');
});

test('every call is timed by path and status, an unanswered one as network_error or timeout', async () => {
  const metrics = createPorticoMetrics();
  try {
    let mode: 'ok' | 'down' | 'slow' = 'ok';
    const inner = (async () => {
      if (mode === 'down') throw new TypeError('fetch failed');
      if (mode === 'slow') throw new DOMException('timed out', 'TimeoutError');
      return new Response('{}', { status: 200 });
    }) as FetchLike;
    const metered = meteredDingTalkFetch(inner, metrics);
    const url = 'https://api.dingtalk.com/v1.0/oauth2/userAccessToken?x=1';
    assert.equal((await metered(url, GET)).status, 200);
    mode = 'down';
    await assert.rejects(metered(url, GET), TypeError);
    mode = 'slow';
    await assert.rejects(metered(url, GET));
    const path = '/v1.0/oauth2/userAccessToken';
    assert.equal(metrics.dingtalkDuration.get({ path, status: '200' }).count, 1);
    assert.equal(metrics.dingtalkDuration.get({ path, status: 'network_error' }).count, 1);
    assert.equal(metrics.dingtalkDuration.get({ path, status: 'timeout' }).count, 1);
  } finally {
    metrics.stop();
  }
});

test('failures the connector logs are counted by path and error code, and still logged', () => {
  const metrics = createPorticoMetrics();
  try {
    const lines: string[] = [];
    const logger = meteredDingTalkLogger({ debug: () => {}, warn: (_obj, msg) => lines.push(msg) }, metrics);
    logger.warn({ method: 'GET', path: '/topapi/v2/user/get', attempt: 1, code: 'dingtalk.permission_denied' }, 'dingtalk request failed');
    logger.warn({ op: 'get' }, 'dingtalk app token cache failed');
    logger.debug({ path: '/gettoken' }, 'dingtalk request');
    assert.equal(metrics.dingtalkErrors.get({ path: '/topapi/v2/user/get', kind: 'dingtalk.permission_denied' }), 1);
    assert.deepEqual(lines, ['dingtalk request failed', 'dingtalk app token cache failed']);
  } finally {
    metrics.stop();
  }
});
