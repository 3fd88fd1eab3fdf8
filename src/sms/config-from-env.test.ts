// smsConfigFromEnv: defaults to console; every missing or bad value names its variable; secrets are never echoed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../config-error.ts';
import { smsConfigFromEnv } from './config.ts';

const ALIYUN = {
  PORTICO_SMS_SENDER: 'aliyun',
  PORTICO_SMS_ALIYUN_ACCESS_KEY_ID: 'LTAI5tTestKeyId',
  PORTICO_SMS_ALIYUN_ACCESS_KEY_SECRET: 'aliyun-secret-Zq9',
  PORTICO_SMS_ALIYUN_SIGN_NAME: '门户',
  PORTICO_SMS_ALIYUN_TEMPLATE_CODE: 'SMS_123456789',
};
const WEBHOOK = {
  PORTICO_SMS_SENDER: 'webhook',
  PORTICO_SMS_WEBHOOK_URL: 'https://sms.example.com/hook',
  PORTICO_SMS_WEBHOOK_SECRET: 'whsec-0123456789abcdef',
};

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    smsConfigFromEnv(env);
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a ConfigError');
}

test('no PORTICO_SMS_SENDER (or an empty one) means the console sender', () => {
  assert.deepEqual(smsConfigFromEnv({}), { kind: 'console' });
  assert.deepEqual(smsConfigFromEnv({ PORTICO_SMS_SENDER: '' }), { kind: 'console' });
  assert.deepEqual(smsConfigFromEnv({ PORTICO_SMS_SENDER: 'console', PORTICO_SMS_WEBHOOK_URL: 'http://ignored' }), { kind: 'console' });
});

test('an unknown sender names PORTICO_SMS_SENDER', () => {
  const e = configError({ PORTICO_SMS_SENDER: 'twilio' });
  assert.equal(e.variable, 'PORTICO_SMS_SENDER');
  assert.match(e.message, /^PORTICO_SMS_SENDER: must be one of console, aliyun, webhook, got "twilio"$/);
});

test('aliyun: all four values read, endpoint optional', () => {
  assert.deepEqual(smsConfigFromEnv(ALIYUN), {
    kind: 'aliyun',
    aliyun: { accessKeyId: 'LTAI5tTestKeyId', accessKeySecret: 'aliyun-secret-Zq9', signName: '门户', templateCode: 'SMS_123456789' },
  });
  const withEndpoint = smsConfigFromEnv({ ...ALIYUN, PORTICO_SMS_ALIYUN_ENDPOINT: 'https://dysmsapi.ap-southeast-1.aliyuncs.com' });
  assert.equal(withEndpoint.kind === 'aliyun' && withEndpoint.aliyun.endpoint, 'https://dysmsapi.ap-southeast-1.aliyuncs.com');
});

test('aliyun: each missing value is named', () => {
  for (const name of ['PORTICO_SMS_ALIYUN_ACCESS_KEY_ID', 'PORTICO_SMS_ALIYUN_ACCESS_KEY_SECRET', 'PORTICO_SMS_ALIYUN_SIGN_NAME', 'PORTICO_SMS_ALIYUN_TEMPLATE_CODE']) {
    for (const missing of [undefined, '']) {
      const e = configError({ ...ALIYUN, [name]: missing });
      assert.equal(e.variable, name);
      assert.equal(e.message, `${name}: is required when PORTICO_SMS_SENDER is aliyun`);
    }
  }
});

test('aliyun: a bad endpoint is named; plain http only to this host', () => {
  for (const bad of ['not a url', 'http://dysmsapi.aliyuncs.com']) {
    assert.equal(configError({ ...ALIYUN, PORTICO_SMS_ALIYUN_ENDPOINT: bad }).variable, 'PORTICO_SMS_ALIYUN_ENDPOINT');
  }
  assert.doesNotThrow(() => smsConfigFromEnv({ ...ALIYUN, PORTICO_SMS_ALIYUN_ENDPOINT: 'http://127.0.0.1:3002' }));
});

test('a secret pasted with whitespace is named without repeating it', () => {
  const e = configError({ ...ALIYUN, PORTICO_SMS_ALIYUN_ACCESS_KEY_SECRET: 'aliyun-secret-Zq9\n' });
  assert.equal(e.variable, 'PORTICO_SMS_ALIYUN_ACCESS_KEY_SECRET');
  assert.ok(!e.message.includes('aliyun-secret-Zq9'), e.message);
  assert.equal(configError({ ...ALIYUN, PORTICO_SMS_ALIYUN_ACCESS_KEY_ID: ' LTAI5tTestKeyId' }).variable, 'PORTICO_SMS_ALIYUN_ACCESS_KEY_ID');
});

test('webhook: URL and secret read', () => {
  assert.deepEqual(smsConfigFromEnv(WEBHOOK), { kind: 'webhook', webhook: { url: 'https://sms.example.com/hook', secret: 'whsec-0123456789abcdef' } });
  assert.doesNotThrow(() => smsConfigFromEnv({ ...WEBHOOK, PORTICO_SMS_WEBHOOK_URL: 'http://localhost:8080/sms' }));
});

test('webhook: missing or insecure URL, missing or short secret, each named', () => {
  assert.equal(configError({ ...WEBHOOK, PORTICO_SMS_WEBHOOK_URL: undefined }).variable, 'PORTICO_SMS_WEBHOOK_URL');
  const insecure = configError({ ...WEBHOOK, PORTICO_SMS_WEBHOOK_URL: 'http://sms.example.com/hook' });
  assert.equal(insecure.variable, 'PORTICO_SMS_WEBHOOK_URL');
  assert.match(insecure.message, /https/);
  assert.equal(configError({ ...WEBHOOK, PORTICO_SMS_WEBHOOK_SECRET: undefined }).variable, 'PORTICO_SMS_WEBHOOK_SECRET');
  const short = configError({ ...WEBHOOK, PORTICO_SMS_WEBHOOK_SECRET: 'short-secret' });
  assert.equal(short.variable, 'PORTICO_SMS_WEBHOOK_SECRET');
  assert.ok(!short.message.includes('short-secret'), short.message);
});
