import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inMemoryStore } from '../store/in-memory.ts';
import type { SmsMessage, SmsSender } from '../sms/types.ts';
import { SmsSendError } from '../sms/errors.ts';
import { createOtpService, generateCode } from './codes.ts';
import { OTP_MAX_SENDS_PER_IP_PER_HOUR, OTP_MAX_SENDS_PER_PHONE_PER_HOUR } from './policy.ts';
import { PorticoError } from '../errors.ts';

const db = inMemoryStore();

function fakeSender(fail = false) {
  const sent: SmsMessage[] = [];
  const sender: SmsSender = {
    kind: 'console',
    async send(message) {
      if (fail) throw new SmsSendError('provider down', { providerCode: 'isp.SYSTEM_ERROR', retryable: true });
      sent.push(message);
      return {};
    },
  };
  return { sender, sent };
}

let n = 0;
const phone = () => `+861380000${String(++n).padStart(4, '0')}`;
const req = (p: string, ip = `10.0.0.${n}`) => ({ phone: p, scope: 'login', purpose: 'login' as const, ip, locale: 'en' as const });
const code = async (p: () => Promise<unknown>) => {
  try {
    await p();
  } catch (error) {
    return (error as PorticoError).code;
  }
  return 'ok';
};

test('codes are six digits from the whole range', () => {
  const seen = new Set(Array.from({ length: 200 }, generateCode));
  for (const c of seen) assert.match(c, /^\d{6}$/);
  assert.ok(seen.size > 190, 'random, not repeating');
});

test('a sent code verifies once and only once', async () => {
  const { sender, sent } = fakeSender();
  const otp = createOtpService({ shortLived: db.shortLived, sender });
  const p = phone();
  assert.deepEqual(await otp.send(req(p)), { resendAfterSec: 60 });
  assert.equal(sent[0].ttlMinutes, 5);
  await otp.verify({ phone: p, scope: 'login', code: sent[0].code });
  assert.equal(await code(() => otp.verify({ phone: p, scope: 'login', code: sent[0].code })), 'otp.expired');
});

test('a code is bound to its scope', async () => {
  const { sender, sent } = fakeSender();
  const otp = createOtpService({ shortLived: db.shortLived, sender });
  const p = phone();
  await otp.send({ ...req(p), scope: 'bind:a' });
  assert.equal(await code(() => otp.verify({ phone: p, scope: 'bind:b', code: sent[0].code })), 'otp.expired');
});

test('five wrong tries burn the code; the right one after that fails', async () => {
  const { sender, sent } = fakeSender();
  const otp = createOtpService({ shortLived: db.shortLived, sender });
  const p = phone();
  await otp.send(req(p));
  const wrong = sent[0].code === '123456' ? '654321' : '123456';
  const codes = [];
  for (let i = 0; i < 5; i++) codes.push(await code(() => otp.verify({ phone: p, scope: 'login', code: wrong })));
  assert.deepEqual(codes, ['otp.invalid_code', 'otp.invalid_code', 'otp.invalid_code', 'otp.invalid_code', 'otp.too_many_attempts']);
  assert.equal(await code(() => otp.verify({ phone: p, scope: 'login', code: sent[0].code })), 'otp.expired');
});

test('two concurrent submissions of the right code: exactly one succeeds', async () => {
  const { sender, sent } = fakeSender();
  const otp = createOtpService({ shortLived: db.shortLived, sender });
  const p = phone();
  await otp.send(req(p));
  const results = await Promise.all([1, 2, 3].map(() => code(() => otp.verify({ phone: p, scope: 'login', code: sent[0].code }))));
  assert.equal(results.filter((r) => r === 'ok').length, 1);
});

test('one code per phone per minute, ten per hour', async () => {
  const { sender } = fakeSender();
  const otp = createOtpService({ shortLived: db.shortLived, sender });
  const p = phone();
  await otp.send(req(p));
  assert.equal(await code(() => otp.send(req(p))), 'otp.resend_too_soon');
  for (let i = 1; i < OTP_MAX_SENDS_PER_PHONE_PER_HOUR; i++) {
    await db.shortLived.delete(`otp-cooldown:${p}`); // as if a minute passed
    assert.equal(await code(() => otp.send(req(p, `10.1.${i}.1`))), 'ok');
  }
  await db.shortLived.delete(`otp-cooldown:${p}`);
  assert.equal(await code(() => otp.send(req(p, '10.2.0.1'))), 'otp.too_many_sends');
});

test('one address cannot spray codes at many numbers', async () => {
  const { sender } = fakeSender();
  const otp = createOtpService({ shortLived: db.shortLived, sender });
  const results = [];
  for (let i = 0; i <= OTP_MAX_SENDS_PER_IP_PER_HOUR; i++) results.push(await code(() => otp.send(req(phone(), '192.0.2.7'))));
  assert.equal(results.filter((r) => r === 'ok').length, OTP_MAX_SENDS_PER_IP_PER_HOUR);
  assert.equal(results.at(-1), 'otp.ip_limited');
});

test("an address over its limit cannot start a phone's cooldown: refused requests touch no per-phone state", async () => {
  const { sender } = fakeSender();
  const otp = createOtpService({ shortLived: db.shortLived, sender });
  const attacker = '192.0.2.99';
  for (let i = 0; i < OTP_MAX_SENDS_PER_IP_PER_HOUR; i++) assert.equal(await code(() => otp.send(req(phone(), attacker))), 'ok');
  const victim = phone();
  // One request a minute from the exhausted address, as an attacker would send it, sends nothing...
  for (let i = 0; i < 3; i++) assert.equal(await code(() => otp.send(req(victim, attacker))), 'otp.ip_limited');
  assert.equal(await db.shortLived.ttl(`otp-cooldown:${victim}`), 0, 'no cooldown started');
  assert.equal(await db.shortLived.get(`otp-hour:${victim}`), undefined, 'nothing counted against the phone');
  // ...and the owner of the number gets a code at once.
  assert.equal(await code(() => otp.send(req(victim, '198.51.100.1'))), 'ok');
});

test('a request refused for its cooldown or its phone\'s hourly limit does not use up the address\'s allowance', async () => {
  const { sender } = fakeSender();
  const otp = createOtpService({ shortLived: db.shortLived, sender });
  const ip = '192.0.2.123';
  const p = phone();
  await otp.send(req(p, ip));
  for (let i = 0; i < 5; i++) assert.equal(await code(() => otp.send(req(p, ip))), 'otp.resend_too_soon');
  for (let i = 1; i < OTP_MAX_SENDS_PER_PHONE_PER_HOUR; i++) {
    await db.shortLived.delete(`otp-cooldown:${p}`);
    await otp.send(req(p, `10.9.${i}.1`));
  }
  await db.shortLived.delete(`otp-cooldown:${p}`);
  assert.equal(await code(() => otp.send(req(p, ip))), 'otp.too_many_sends');
  assert.equal(await db.shortLived.ttl(`otp-cooldown:${p}`), 0, 'a refused send starts no cooldown');
  assert.equal(Number(await db.shortLived.get(`otp-ip:${ip}`)), 1, 'only the code really sent counts against the address');
});

test('a failed send leaves no live code and allows an immediate retry', async () => {
  const failing = createOtpService({ shortLived: db.shortLived, sender: fakeSender(true).sender });
  const p = phone();
  assert.equal(await code(() => failing.send(req(p))), 'sms.send_failed');
  assert.equal(await db.shortLived.get(`otp:login:${p}`), undefined);
  const { sender, sent } = fakeSender();
  assert.equal(await code(() => createOtpService({ shortLived: db.shortLived, sender }).send(req(p))), 'ok');
  assert.equal(sent.length, 1);
});
