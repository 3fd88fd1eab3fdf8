// The exact SendSms request Portico sends to Aliyun, with the clock, the nonce and fetch injected.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { createAliyunSender, type AliyunSmsConfig } from './aliyun.ts';
import { fakeFetch } from './fake-fetch.ts';
import type { SmsMessage } from './types.ts';

const CONFIG: AliyunSmsConfig = {
  accessKeyId: 'LTAI5tTestKeyId',
  accessKeySecret: 'aliyun-secret-Zq9',
  signName: '门户',
  templateCode: 'SMS_123456789',
};
const NOW = new Date('2025-03-04T05:06:07.890Z');
const NONCE = 'f0e1d2c3-0000-4000-8000-000000000001';
const MESSAGE: SmsMessage = { phone: '+8613800000001', code: '482913', purpose: 'login', locale: 'zh-CN', ttlMinutes: 5 };
const OK = { json: { Code: 'OK', Message: 'OK', BizId: '900619746936498440^0', RequestId: 'F655A8D5-B967-440B-8683-DAD6FF8DE990' } };

function sender(config: Partial<AliyunSmsConfig> = {}, ...script: Parameters<typeof fakeFetch>) {
  const fake = fakeFetch(...(script.length ? script : [OK]));
  const s = createAliyunSender({ ...CONFIG, ...config }, { fetch: fake.fetch, now: () => NOW, nonce: () => NONCE });
  return { s, calls: fake.calls };
}

/**
 * The expected signature, computed here independently of aliyun-signature.ts, step by step from the documented
 * algorithm: the canonical query is written out by hand (sorted names; values percent-encoded), StringToSign is
 * `GET&%2F&` + the canonical query percent-encoded once more, and the key is the secret followed by `&`.
 */
function expectedSignature(canonical: string, secret: string): string {
  const toSign = `GET&%2F&${encodeURIComponent(canonical)}`;
  return createHmac('sha1', `${secret}&`).update(toSign).digest('base64');
}

test('SendSms is one signed GET to https://dysmsapi.aliyuncs.com/ with exactly the documented parameters', async () => {
  const { s, calls } = sender();
  const result = await s.send(MESSAGE);
  assert.deepEqual(result, { providerMessageId: '900619746936498440^0' });
  assert.equal(calls.length, 1);
  const [call] = calls;
  assert.equal(call.method, 'GET');
  assert.equal(call.body, undefined);
  assert.deepEqual(call.headers, { accept: 'application/json' });
  assert.equal(call.redirect, 'manual');
  assert.equal(call.hasSignal, true);

  const canonical =
    'AccessKeyId=LTAI5tTestKeyId&Action=SendSms&Format=JSON&PhoneNumbers=13800000001&RegionId=cn-hangzhou' +
    '&SignName=%E9%97%A8%E6%88%B7&SignatureMethod=HMAC-SHA1&SignatureNonce=f0e1d2c3-0000-4000-8000-000000000001' +
    '&SignatureVersion=1.0&TemplateCode=SMS_123456789&TemplateParam=%7B%22code%22%3A%22482913%22%7D' +
    '&Timestamp=2025-03-04T05%3A06%3A07Z&Version=2017-05-25';
  const signature = expectedSignature(canonical, 'aliyun-secret-Zq9');
  assert.equal(call.url, `https://dysmsapi.aliyuncs.com/?${canonical}&Signature=${encodeURIComponent(signature)}`);

  // The same request, decoded: what Aliyun reads.
  const url = new URL(call.url);
  assert.deepEqual(Object.fromEntries(url.searchParams), {
    AccessKeyId: 'LTAI5tTestKeyId',
    Action: 'SendSms',
    Format: 'JSON',
    PhoneNumbers: '13800000001',
    RegionId: 'cn-hangzhou',
    SignName: '门户',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: NONCE,
    SignatureVersion: '1.0',
    TemplateCode: 'SMS_123456789',
    TemplateParam: '{"code":"482913"}',
    Timestamp: '2025-03-04T05:06:07Z',
    Version: '2017-05-25',
    Signature: signature,
  });
  assert.ok(!call.url.includes('aliyun-secret-Zq9'), 'the AccessKey secret is never sent');
});

test('numbers outside mainland China keep their country code, without +', async () => {
  const { s, calls } = sender({}, OK, OK);
  await s.send({ ...MESSAGE, phone: '+14155550100' });
  await s.send({ ...MESSAGE, phone: '+85261234567' });
  assert.deepEqual(calls.map((c) => new URL(c.url).searchParams.get('PhoneNumbers')), ['14155550100', '85261234567']);
});

test('the endpoint and region can be overridden (a simulator on localhost, another region)', async () => {
  const { s, calls } = sender({ endpoint: 'http://127.0.0.1:3002/', regionId: 'ap-southeast-1' });
  await s.send(MESSAGE);
  const url = new URL(calls[0].url);
  assert.equal(`${url.origin}${url.pathname}`, 'http://127.0.0.1:3002/');
  assert.equal(url.searchParams.get('RegionId'), 'ap-southeast-1');
});

test('every request gets a fresh nonce and the current time', async () => {
  const fake = fakeFetch(OK, OK);
  let n = 0;
  let t = NOW.getTime();
  const s = createAliyunSender(CONFIG, { fetch: fake.fetch, now: () => new Date((t += 1000)), nonce: () => `nonce-${++n}` });
  await s.send(MESSAGE);
  await s.send(MESSAGE);
  const [a, b] = fake.calls.map((c) => new URL(c.url).searchParams);
  assert.deepEqual([a.get('SignatureNonce'), b.get('SignatureNonce')], ['nonce-1', 'nonce-2']);
  assert.deepEqual([a.get('Timestamp'), b.get('Timestamp')], ['2025-03-04T05:06:08Z', '2025-03-04T05:06:09Z']);
  assert.notEqual(a.get('Signature'), b.get('Signature'));
});

test('without an injected nonce, SignatureNonce is a random UUID', async () => {
  const fake = fakeFetch(OK);
  await createAliyunSender(CONFIG, { fetch: fake.fetch }).send(MESSAGE);
  assert.match(new URL(fake.calls[0].url).searchParams.get('SignatureNonce') ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
