// Every way SendSms can fail becomes an SmsSendError with Aliyun's code, a scrubbed message and the right retryable.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAliyunSender, type AliyunSmsConfig } from './aliyun.ts';
import { SmsSendError } from './errors.ts';
import { fakeFetch, rejectionOf, type Scripted } from './fake-fetch.ts';
import type { SmsMessage } from './types.ts';

const CONFIG: AliyunSmsConfig = { accessKeyId: 'LTAI5tTestKeyId', accessKeySecret: 'aliyun-secret-Zq9', signName: 'Portico', templateCode: 'SMS_1' };
const MESSAGE: SmsMessage = { phone: '+8613800000001', code: '482913', purpose: 'bind', locale: 'en', ttlMinutes: 5 };

async function failure(answer: Scripted, config: Partial<AliyunSmsConfig> = {}): Promise<SmsSendError> {
  const fake = fakeFetch(answer);
  const s = createAliyunSender({ ...CONFIG, ...config }, { fetch: fake.fetch, nonce: () => 'n-1' });
  const e = await rejectionOf(s.send(MESSAGE));
  assert.ok(e instanceof SmsSendError, `expected SmsSendError, got ${String(e)}`);
  assert.equal(e.code, 'sms.send_failed');
  return e;
}

const aliyunError = (status: number, Code: string, Message: string): Scripted => ({
  status,
  json: { RequestId: 'A57FBFD7-FC9A-54FE-A876-4D5E19577186', Code, Message, HostId: 'dysmsapi.aliyuncs.com' },
});

test('isv.BUSINESS_LIMIT_CONTROL (HTTP 200) is a failure that retrying will not fix', async () => {
  const e = await failure(aliyunError(200, 'isv.BUSINESS_LIMIT_CONTROL', '触发小时级流控Permits:5'));
  assert.equal(e.providerCode, 'isv.BUSINESS_LIMIT_CONTROL');
  assert.equal(e.providerMessage, '触发小时级流控Permits:5');
  assert.equal(e.httpStatus, 200);
  assert.equal(e.retryable, false);
  assert.equal(e.message, 'Aliyun SMS did not send the message: isv.BUSINESS_LIMIT_CONTROL.');
});

test('isv.MOBILE_NUMBER_ILLEGAL is not retryable', async () => {
  const e = await failure(aliyunError(200, 'isv.MOBILE_NUMBER_ILLEGAL', '非法手机号'));
  assert.deepEqual([e.providerCode, e.retryable], ['isv.MOBILE_NUMBER_ILLEGAL', false]);
});

test('SignatureDoesNotMatch: the echoed string-to-sign (which holds the code) is cut from the message', async () => {
  const echoed =
    'Specified signature is not matched with our calculation. server string to sign is:GET&%2F&AccessKeyId%3DLTAI5tTestKeyId' +
    '%26Action%3DSendSms%26PhoneNumbers%3D13800000001%26TemplateParam%3D%257B%2522code%2522%253A%2522482913%2522%257D';
  const e = await failure(aliyunError(400, 'SignatureDoesNotMatch', echoed));
  assert.equal(e.providerCode, 'SignatureDoesNotMatch');
  assert.equal(e.providerMessage, 'Specified signature is not matched with our calculation. server string to sign is: [removed]');
  assert.deepEqual([e.httpStatus, e.retryable], [400, false]);
});

test('InvalidAccessKeyId.NotFound (HTTP 404) is not retryable', async () => {
  const e = await failure(aliyunError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.'));
  assert.deepEqual([e.providerCode, e.httpStatus, e.retryable], ['InvalidAccessKeyId.NotFound', 404, false]);
});

test("Aliyun's own faults and throttling are retryable", async () => {
  for (const [status, code] of [[200, 'isp.SYSTEM_ERROR'], [400, 'Throttling.User'], [503, 'ServiceUnavailable']] as const) {
    const e = await failure(aliyunError(status, code, 'try later'));
    assert.deepEqual([e.providerCode, e.retryable], [code, true], code);
  }
});

test('an HTTP 5xx without a JSON body is retryable and keeps the status', async () => {
  const e = await failure({ status: 502, text: '<html>Bad Gateway</html>' });
  assert.equal(e.providerCode, undefined);
  assert.equal(e.providerMessage, '<html>Bad Gateway</html>');
  assert.deepEqual([e.httpStatus, e.retryable], [502, true]);
});

test('a redirect is not followed and is not retryable', async () => {
  const e = await failure({ status: 302, text: '' });
  assert.deepEqual([e.httpStatus, e.retryable], [302, false]);
});

test('a network failure is retryable and names the system error only', async () => {
  const e = await failure({ networkError: 'ECONNREFUSED' });
  assert.equal(e.providerMessage, 'ECONNREFUSED');
  assert.equal(e.message, 'Could not reach Aliyun SMS.');
  assert.deepEqual([e.httpStatus, e.retryable], [undefined, true]);
});

test('no answer within timeoutMs aborts the request and is retryable', async () => {
  const started = performance.now();
  const e = await failure({ hang: true }, { timeoutMs: 30 });
  assert.ok(performance.now() - started < 2000);
  assert.equal(e.message, 'Aliyun SMS did not answer within 30 ms.');
  assert.equal(e.retryable, true);
});

test('an invalid message is refused before anything is sent', async () => {
  const fake = fakeFetch();
  const s = createAliyunSender(CONFIG, { fetch: fake.fetch });
  for (const bad of [{ phone: '13800000001' }, { code: '12345' }, { code: 'abcdef' }, { ttlMinutes: 0 }, { purpose: 'reset' }]) {
    const e = await rejectionOf(s.send({ ...MESSAGE, ...bad } as SmsMessage));
    assert.ok(e instanceof SmsSendError && e.retryable === false, JSON.stringify(bad));
  }
  assert.equal(fake.calls.length, 0);
});

test('plain http to anything but this host is refused when the sender is built', () => {
  assert.throws(() => createAliyunSender({ ...CONFIG, endpoint: 'http://dysmsapi.aliyuncs.com' }), /https/);
  assert.throws(() => createAliyunSender({ ...CONFIG, accessKeySecret: '' }), /accessKeySecret is required/);
  assert.doesNotThrow(() => createAliyunSender({ ...CONFIG, endpoint: 'http://localhost:3002' }));
});
