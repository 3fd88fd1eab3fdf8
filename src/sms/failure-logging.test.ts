// createSmsSender: every failure is logged once at warn with the provider's error and the masked phone, and
// always surfaces as SmsSendError; successes log no warning.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeFetch, rejectionOf } from './fake-fetch.ts';
import { createSmsSender, MemoryOutbox, smsConfigFromEnv, SmsSendError, type SmsConfig, type SmsMessage, type SmsOutbox } from './index.ts';

const MESSAGE: SmsMessage = { phone: '+8613800000001', code: '482913', purpose: 'login', locale: 'zh-CN', ttlMinutes: 5 };
const ALIYUN: SmsConfig = {
  kind: 'aliyun',
  aliyun: { accessKeyId: 'LTAI5tTestKeyId', accessKeySecret: 'aliyun-secret-Zq9', signName: 'Portico', templateCode: 'SMS_1' },
};
const HOOK = { url: 'https://sms.example.com/hook', secret: 'whsec-0123456789abcdef' };
const WEBHOOK: SmsConfig = { kind: 'webhook', webhook: HOOK };

function capture() {
  const info: Array<[object, string | undefined]> = [];
  const warn: Array<[object, string | undefined]> = [];
  return { info, warn, logger: { info: (o: object, m?: string) => void info.push([o, m]), warn: (o: object, m?: string) => void warn.push([o, m]) } };
}

test('an Aliyun failure is logged once at warn with the provider error and the masked phone, then rethrown', async () => {
  const log = capture();
  const fake = fakeFetch({ status: 200, json: { Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发分钟级流控Permits:1', RequestId: 'r' } });
  const sender = createSmsSender(ALIYUN, { logger: log.logger, fetch: fake.fetch });
  assert.equal(sender.kind, 'aliyun');
  const e = await rejectionOf(sender.send(MESSAGE));
  assert.ok(e instanceof SmsSendError);
  assert.equal(e.providerCode, 'isv.BUSINESS_LIMIT_CONTROL');
  assert.deepEqual(log.warn, [
    [
      { sender: 'aliyun', providerCode: 'isv.BUSINESS_LIMIT_CONTROL', providerMessage: '触发分钟级流控Permits:1', httpStatus: 200, retryable: false, phone: '+86138****0001' },
      'SMS send failed',
    ],
  ]);
  assert.deepEqual(log.info, []);
});

test('a webhook timeout is logged once and rethrown as retryable', async () => {
  const log = capture();
  const fake = fakeFetch({ hang: true });
  const sender = createSmsSender({ kind: 'webhook', webhook: { ...HOOK, timeoutMs: 20 } }, { logger: log.logger, fetch: fake.fetch });
  await assert.rejects(sender.send(MESSAGE), { name: 'SmsSendError', retryable: true });
  assert.equal(log.warn.length, 1);
  assert.deepEqual(log.warn[0][0], { sender: 'webhook', providerCode: undefined, providerMessage: undefined, httpStatus: undefined, retryable: true, phone: '+86138****0001' });
});

test('a success logs no warning', async () => {
  const log = capture();
  const fake = fakeFetch({ status: 200, json: { Code: 'OK', Message: 'OK', BizId: 'b-1', RequestId: 'r' } }, { status: 204 });
  assert.deepEqual(await createSmsSender(ALIYUN, { logger: log.logger, fetch: fake.fetch }).send(MESSAGE), { providerMessageId: 'b-1' });
  assert.deepEqual(await createSmsSender(WEBHOOK, { logger: log.logger, fetch: fake.fetch }).send(MESSAGE), { providerMessageId: undefined });
  assert.deepEqual(log.warn, []);
});

test('an unexpected error (a failing outbox) becomes a retryable SmsSendError that says only what kind it was', async () => {
  const log = capture();
  const broken: SmsOutbox = {
    append: async () => {
      throw new Error('disk full while writing 482913');
    },
    recent: async () => [],
  };
  const e = await rejectionOf(createSmsSender({ kind: 'console' }, { logger: log.logger, outbox: broken }).send(MESSAGE));
  assert.ok(e instanceof SmsSendError);
  assert.deepEqual([e.message, e.providerMessage, e.retryable], ['The SMS sender failed unexpectedly.', 'Error', true]);
  assert.equal(log.warn.length, 1);
  assert.deepEqual(log.info, []);
});

test('an SmsSendError that carries the code anyway is scrubbed at the boundary', async () => {
  const log = capture();
  const leaky: SmsOutbox = {
    append: async (entry) => {
      throw new SmsSendError(`outbox refused ${entry.code} for ${entry.phone}`, { retryable: false, providerMessage: `code=${entry.code}`, providerCode: entry.code });
    },
    recent: async () => [],
  };
  const e = await rejectionOf(createSmsSender({ kind: 'console' }, { logger: log.logger, outbox: leaky }).send(MESSAGE));
  assert.ok(e instanceof SmsSendError);
  assert.deepEqual([e.message, e.providerMessage, e.providerCode, e.retryable], ['outbox refused [redacted] for [redacted]', 'code=[redacted]', '[redacted]', false]);
  assert.ok(!JSON.stringify(log.warn).includes('482913'));
});

test('the console sender needs an outbox', () => {
  assert.throws(() => createSmsSender({ kind: 'console' }, { logger: capture().logger }), /outbox/);
  assert.equal(createSmsSender({ kind: 'console' }, { logger: capture().logger, outbox: new MemoryOutbox() }).kind, 'console');
});

test('the configuration read from the environment builds the matching sender', () => {
  const deps = { logger: capture().logger, outbox: new MemoryOutbox() };
  assert.equal(createSmsSender(smsConfigFromEnv({}), deps).kind, 'console');
  assert.equal(
    createSmsSender(smsConfigFromEnv({ PORTICO_SMS_SENDER: 'webhook', PORTICO_SMS_WEBHOOK_URL: 'https://x.example/', PORTICO_SMS_WEBHOOK_SECRET: 'whsec-0123456789abcdef' }), deps).kind,
    'webhook',
  );
});
