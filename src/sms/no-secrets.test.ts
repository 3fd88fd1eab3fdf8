// The verification code, the AccessKey secret, the webhook secret and the raw phone number never reach a log
// line or an error, whatever a provider echoes back. (The console sender's outbox is the one place the code goes.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { fakeFetch, rejectionOf, type Scripted } from './fake-fetch.ts';
import { createSmsSender, MemoryOutbox, SmsSendError, type SmsConfig, type SmsMessage } from './index.ts';
import { webhookSignature } from './webhook.ts';

const CODE = '482913';
const ALIYUN_SECRET = 'aliyun-secret-Zq9/+=';
const WEBHOOK_SECRET = 'whsec-0123456789abcdef';
const PHONE = '+8613800000001';
const MESSAGE: SmsMessage = { phone: PHONE, code: CODE, purpose: 'bind', locale: 'zh-CN', ttlMinutes: 5 };
const NOW = new Date('2025-03-04T05:06:07Z');
const SIGNATURE = webhookSignature(WEBHOOK_SECRET, String(NOW.getTime() / 1000), JSON.stringify(MESSAGE));
const COMMON = [CODE, PHONE, encodeURIComponent(PHONE), '13800000001'];
const ALIYUN_FORBIDDEN = [...COMMON, ALIYUN_SECRET, encodeURIComponent(ALIYUN_SECRET)];
const WEBHOOK_FORBIDDEN = [...COMMON, WEBHOOK_SECRET, SIGNATURE];
const FORBIDDEN = [...ALIYUN_FORBIDDEN, ...WEBHOOK_FORBIDDEN];

const ALIYUN: SmsConfig = {
  kind: 'aliyun',
  aliyun: { accessKeyId: 'LTAI5tTestKeyId', accessKeySecret: ALIYUN_SECRET, signName: 'Portico', templateCode: 'SMS_1', timeoutMs: 20 },
};
const WEBHOOK: SmsConfig = { kind: 'webhook', webhook: { url: 'https://sms.example.com/hook', secret: WEBHOOK_SECRET, timeoutMs: 20 } };

/** Everything a careless provider could send back: each value it was given, raw, encoded once and twice, JSON-escaped. */
const echo = (values: string[]) =>
  `request had ${values.join(' ')} ${values.map(encodeURIComponent).join(' ')} ${values.map((v) => encodeURIComponent(encodeURIComponent(v))).join(' ')} ` +
  `${JSON.stringify({ body: JSON.stringify(MESSAGE) })}`;
const ALIYUN_ECHO = echo(ALIYUN_FORBIDDEN);
const WEBHOOK_ECHO = echo(WEBHOOK_FORBIDDEN);

const ALIYUN_FAILURES: Scripted[] = [
  {
    status: 400,
    json: {
      Code: 'SignatureDoesNotMatch',
      Message: `Specified signature is not matched with our calculation. server string to sign is:GET&%2F&PhoneNumbers%3D13800000001%26TemplateParam%3D%257B%2522code%2522%253A%2522${CODE}%2522%257D`,
    },
  },
  { status: 200, json: { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: ALIYUN_ECHO } },
  { status: 200, json: { Code: `isv.${CODE}`, Message: ALIYUN_ECHO } },
  { status: 500, text: ALIYUN_ECHO },
  { status: 200, text: ALIYUN_ECHO },
  { networkError: 'ECONNRESET' },
  { hang: true },
];
const WEBHOOK_FAILURES: Scripted[] = [
  { status: 400, text: WEBHOOK_ECHO },
  { status: 400, json: { error: WEBHOOK_ECHO, message: WEBHOOK_ECHO } },
  { status: 503, json: { message: WEBHOOK_ECHO } },
  { networkError: 'ECONNREFUSED' },
  { hang: true },
];

async function collectTexts(config: SmsConfig, answer: Scripted | undefined, message: SmsMessage = MESSAGE): Promise<string[]> {
  const texts: string[] = [];
  const logger = {
    info: (o: object, m?: string) => void texts.push(JSON.stringify(o), String(m)),
    warn: (o: object, m?: string) => void texts.push(JSON.stringify(o), String(m)),
  };
  const fake = fakeFetch(...(answer ? [answer] : []));
  const sender = createSmsSender(config, { logger, fetch: fake.fetch, now: () => NOW, nonce: () => 'n', outbox: new MemoryOutbox() });
  const e = await rejectionOf(sender.send(message));
  assert.ok(e instanceof SmsSendError, `expected SmsSendError, got ${String(e)}`);
  texts.push(e.message, String(e.providerMessage), String(e.providerCode), String(e), String(e.stack), inspect(e), JSON.stringify(e));
  assert.ok(texts.length > 7, 'the failure was logged');
  return texts;
}

function assertClean(texts: string[], forbidden: readonly string[] = FORBIDDEN): void {
  for (const text of texts) {
    for (const f of forbidden) assert.ok(!text.includes(f), `leaked ${JSON.stringify(f.slice(0, 4))}… in: ${text.slice(0, 300)}`);
  }
}

test('Aliyun failures, however much the answer echoes, leak nothing into logs or errors', async () => {
  for (const answer of ALIYUN_FAILURES) assertClean(await collectTexts(ALIYUN, answer), ALIYUN_FORBIDDEN);
});

test('webhook failures, however much the answer echoes, leak nothing into logs or errors', async () => {
  for (const answer of WEBHOOK_FAILURES) assertClean(await collectTexts(WEBHOOK, answer), WEBHOOK_FORBIDDEN);
});

test('an invalid message is reported without its code', async () => {
  for (const config of [ALIYUN, WEBHOOK, { kind: 'console' } as const]) {
    assertClean(await collectTexts(config, undefined, { ...MESSAGE, code: '48291' }), ['48291', PHONE]);
    assertClean(await collectTexts(config, undefined, { ...MESSAGE, code: '4829130' }), ['4829130', PHONE]);
  }
});

test('successful sends log no code, secret or raw phone; only the outbox holds the code', async () => {
  const texts: string[] = [];
  const logger = { info: (o: object, m?: string) => void texts.push(JSON.stringify(o), String(m)), warn: (o: object, m?: string) => void texts.push(JSON.stringify(o), String(m)) };
  const outbox = new MemoryOutbox();
  const fake = fakeFetch({ json: { Code: 'OK', Message: 'OK', BizId: 'b', RequestId: 'r' } }, { status: 200, json: {} });
  await createSmsSender({ kind: 'console' }, { logger, outbox }).send(MESSAGE);
  await createSmsSender(ALIYUN, { logger, fetch: fake.fetch }).send(MESSAGE);
  await createSmsSender(WEBHOOK, { logger, fetch: fake.fetch }).send(MESSAGE);
  assert.ok(texts.length > 0, 'the console sender logged');
  assertClean(texts);
  assert.equal((await outbox.recent(1))[0].code, CODE);
});

test('the senders do not expose their secrets as properties', () => {
  const deps = { logger: { info() {}, warn() {} }, outbox: new MemoryOutbox() };
  assertClean([inspect(createSmsSender(ALIYUN, deps), { depth: 5 }), inspect(createSmsSender(WEBHOOK, deps), { depth: 5 })]);
});
