// Webhook failures: 4xx is final, 5xx / network / timeout are retryable; insecure URLs are refused up front.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { SmsSendError } from './errors.ts';
import { fakeFetch, rejectionOf, type Scripted } from './fake-fetch.ts';
import type { SmsMessage } from './types.ts';
import { createWebhookSender } from './webhook.ts';

const SECRET = 'whsec-0123456789abcdef';
const MESSAGE: SmsMessage = { phone: '+8613800000001', code: '482913', purpose: 'login', locale: 'en', ttlMinutes: 10 };

async function failure(answer: Scripted, timeoutMs?: number): Promise<SmsSendError> {
  const fake = fakeFetch(answer);
  const s = createWebhookSender({ url: 'https://sms.example.com/', secret: SECRET, timeoutMs }, { fetch: fake.fetch });
  const e = await rejectionOf(s.send(MESSAGE));
  assert.ok(e instanceof SmsSendError, `expected SmsSendError, got ${String(e)}`);
  return e;
}

test('a 4xx with {error, message} is final and reported as the provider code and message', async () => {
  const e = await failure({ status: 422, json: { error: 'number_blocked', message: 'the number opted out' } });
  assert.deepEqual(
    { code: e.code, providerCode: e.providerCode, providerMessage: e.providerMessage, httpStatus: e.httpStatus, retryable: e.retryable, message: e.message },
    { code: 'sms.send_failed', providerCode: 'number_blocked', providerMessage: 'the number opted out', httpStatus: 422, retryable: false, message: 'The SMS webhook answered HTTP 422.' },
  );
});

test('5xx, 408 and 429 are retryable', async () => {
  for (const status of [500, 503, 408, 429]) {
    const e = await failure({ status, text: 'busy' });
    assert.deepEqual([e.httpStatus, e.retryable, e.providerMessage], [status, true, 'busy'], String(status));
  }
});

test('a redirect is not followed (the code would go to a host nobody configured)', async () => {
  const e = await failure({ status: 307, text: '' });
  assert.deepEqual([e.httpStatus, e.retryable], [307, false]);
});

test('a network failure is retryable', async () => {
  const e = await failure({ networkError: 'ENOTFOUND' });
  assert.deepEqual([e.providerMessage, e.retryable, e.message], ['ENOTFOUND', true, 'Could not reach SMS webhook.']);
});

test('no answer within timeoutMs is retryable (fake fetch)', async () => {
  const e = await failure({ hang: true }, 25);
  assert.deepEqual([e.message, e.retryable], ['SMS webhook did not answer within 25 ms.', true]);
});

test('no answer within timeoutMs is retryable (real fetch against a server that never answers)', async (t) => {
  const server = createServer(() => {
    /* never answers */
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  const { port } = server.address() as AddressInfo;
  const s = createWebhookSender({ url: `http://127.0.0.1:${port}/`, secret: SECRET, timeoutMs: 50 });
  await assert.rejects(s.send(MESSAGE), { name: 'SmsSendError', message: 'SMS webhook did not answer within 50 ms.', retryable: true });
});

test('only https URLs are accepted, except plain http to localhost / 127.0.0.1', () => {
  for (const url of ['http://sms.example.com/', 'http://10.0.0.5/hook', 'ftp://example.com/', 'not a url', 'https://user:pw@sms.example.com/']) {
    assert.throws(() => createWebhookSender({ url, secret: SECRET }), TypeError, url);
  }
  for (const url of ['https://sms.example.com/hook', 'http://localhost:8080/', 'http://127.0.0.1:9/']) {
    assert.doesNotThrow(() => createWebhookSender({ url, secret: SECRET }), url);
  }
  assert.throws(() => createWebhookSender({ url: 'https://sms.example.com/', secret: '' }), /secret is required/);
});
