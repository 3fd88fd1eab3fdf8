// The exact request the webhook sender POSTs, and a receiver that verifies it the documented way.
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { fakeFetch } from './fake-fetch.ts';
import type { SmsMessage } from './types.ts';
import { createWebhookSender, webhookSignature } from './webhook.ts';

const SECRET = 'whsec-0123456789abcdef';
const NOW = new Date('2025-03-04T05:06:07.890Z'); // Unix 1741064767
const MESSAGE: SmsMessage = { phone: '+8613800000001', code: '482913', purpose: 'bind', locale: 'zh-CN', ttlMinutes: 5 };

test('one signed JSON POST: body, timestamp header and sha256 signature over `${timestamp}.${body}`', async () => {
  const fake = fakeFetch({ status: 200, json: { messageId: 'gw-77' } });
  const s = createWebhookSender({ url: 'https://sms.example.com/hooks/portico', secret: SECRET }, { fetch: fake.fetch, now: () => NOW });
  assert.deepEqual(await s.send(MESSAGE), { providerMessageId: 'gw-77' });

  const [call] = fake.calls;
  const body = '{"phone":"+8613800000001","code":"482913","purpose":"bind","locale":"zh-CN","ttlMinutes":5}';
  // Computed here from the documented recipe, independently of webhookSignature().
  const hex = createHmac('sha256', SECRET).update(`1741064767.${body}`).digest('hex');
  assert.equal(call.url, 'https://sms.example.com/hooks/portico');
  assert.equal(call.method, 'POST');
  assert.equal(call.body, body);
  assert.deepEqual(call.headers, {
    'content-type': 'application/json',
    'x-portico-timestamp': '1741064767',
    'x-portico-signature': `sha256=${hex}`,
  });
  assert.equal(call.redirect, 'manual');
  assert.equal(call.hasSignal, true);
  assert.equal(webhookSignature(SECRET, '1741064767', body), `sha256=${hex}`);
});

test('any 2xx is success; a body without messageId gives no providerMessageId', async () => {
  for (const answer of [{ status: 204, text: '' }, { status: 202, text: 'queued' }]) {
    const fake = fakeFetch(answer);
    const s = createWebhookSender({ url: 'https://sms.example.com/', secret: SECRET }, { fetch: fake.fetch });
    assert.deepEqual(await s.send(MESSAGE), { providerMessageId: undefined });
  }
});

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
  });
}

test('a real receiver on 127.0.0.1 verifies the signature over the raw bytes (real fetch)', async (t) => {
  const received: unknown[] = [];
  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const timestamp = String(req.headers['x-portico-timestamp']);
    const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(`${timestamp}.`).update(raw).digest('hex')}`);
    const given = Buffer.from(String(req.headers['x-portico-signature']));
    const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
    if (given.length !== expected.length || !timingSafeEqual(given, expected) || !fresh) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"bad_signature"}');
      return;
    }
    received.push(JSON.parse(raw.toString('utf8')));
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"messageId":"m-1"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const { port } = server.address() as AddressInfo;

  const s = createWebhookSender({ url: `http://127.0.0.1:${port}/sms`, secret: SECRET });
  assert.deepEqual(await s.send({ ...MESSAGE, locale: 'en' }), { providerMessageId: 'm-1' });
  assert.deepEqual(received, [{ ...MESSAGE, locale: 'en' }]);

  const forged = createWebhookSender({ url: `http://127.0.0.1:${port}/sms`, secret: 'not-the-shared-secret' });
  await assert.rejects(forged.send(MESSAGE), { name: 'SmsSendError', httpStatus: 401, providerCode: 'bad_signature', retryable: false });
});
