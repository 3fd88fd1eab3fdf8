/**
 * Issuing and checking SMS verification codes. State lives in the shared short-lived store, so the
 * code sent by one node is checked by another. Codes are stored hashed and compared in constant time.
 */
import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { ShortLivedStore } from '../store/short-lived.ts';
import { fail } from '../errors.ts';
import type { CoreErrorCode } from '../codes/core.ts';
import type { SmsSender } from '../sms/types.ts';
import {
  HOUR_MS,
  OTP_DIGITS,
  OTP_MAX_ATTEMPTS,
  OTP_MAX_SENDS_PER_IP_PER_HOUR,
  OTP_MAX_SENDS_PER_PHONE_PER_HOUR,
  OTP_RESEND_INTERVAL_MS,
  OTP_TTL_MS,
} from './policy.ts';

export interface SendRequest {
  /** E.164 phone number. */
  phone: string;
  /** What the code is for, and what it is bound to, e.g. `login` or `bind:<pending id>` (ASVS §6.6.2). */
  scope: string;
  purpose: 'login' | 'bind';
  ip: string;
  locale: 'zh-CN' | 'en';
}

interface StoredCode {
  id: string;
  hash: string;
}

const digest = (code: string) => createHash('sha256').update(code).digest('base64');
const codeKey = (scope: string, phone: string) => `otp:${scope}:${phone}`;

const rateLimited = (code: CoreErrorCode<'rate_limited'>, message: string, retryAfterSec: number) => fail(code, message, { detail: { retryAfterSec } });

const resendTooSoon = (waitMs: number) => {
  const wait = Math.ceil(waitMs / 1000) || 1;
  return rateLimited('otp.resend_too_soon', `Wait ${wait} s before asking for another code.`, wait);
};

export function generateCode(): string {
  return String(randomInt(0, 10 ** OTP_DIGITS)).padStart(OTP_DIGITS, '0');
}

export function createOtpService(deps: { shortLived: ShortLivedStore; sender: SmsSender }) {
  const { shortLived, sender } = deps;

  return {
    /** Sends a fresh code; the answer is the same whether or not the phone belongs to a user. */
    async send(request: SendRequest): Promise<{ resendAfterSec: number }> {
      const { phone, scope, ip } = request;
      const cooldownKey = `otp-cooldown:${phone}`;
      const hourKey = `otp-hour:${phone}`;
      // Every limit is checked before any per-phone state changes: a refused request that started the
      // phone's cooldown would let anyone keep a number from ever receiving a code, for free.
      const wait = await shortLived.ttl(cooldownKey);
      if (wait > 0) throw resendTooSoon(wait);
      if (Number((await shortLived.get(hourKey)) ?? 0) >= OTP_MAX_SENDS_PER_PHONE_PER_HOUR) {
        throw rateLimited('otp.too_many_sends', 'Too many codes were sent to this number. Try again in an hour.', 3600);
      }
      if ((await shortLived.increment(`otp-ip:${ip}`, HOUR_MS)) > OTP_MAX_SENDS_PER_IP_PER_HOUR) {
        throw rateLimited('otp.ip_limited', 'Too many codes were requested from this network. Try again later.', 3600);
      }
      // All limits passed: claim the phone (of two concurrent requests, one sends) and count the code.
      if (!(await shortLived.setIfAbsent(cooldownKey, 1, OTP_RESEND_INTERVAL_MS))) throw resendTooSoon(await shortLived.ttl(cooldownKey));
      await shortLived.increment(hourKey, HOUR_MS);
      const code = generateCode();
      const stored: StoredCode = { id: randomUUID(), hash: digest(code) };
      // A new code replaces the previous one: only the latest code works.
      await shortLived.set(codeKey(scope, phone), stored, OTP_TTL_MS);
      try {
        await sender.send({ phone, code, purpose: request.purpose, locale: request.locale, ttlMinutes: OTP_TTL_MS / 60_000 });
      } catch (error) {
        // Nothing is left half-done: no live code, and the person may try again at once.
        await shortLived.delete(codeKey(scope, phone));
        await shortLived.delete(cooldownKey);
        throw fail('sms.send_failed', 'The code could not be sent. Try again.', { cause: error });
      }
      return { resendAfterSec: OTP_RESEND_INTERVAL_MS / 1000 };
    },

    /** Checks a code once; it is used up on success and burnt after too many wrong tries. */
    async verify(request: { phone: string; scope: string; code: string }): Promise<void> {
      const key = codeKey(request.scope, request.phone);
      const stored = await shortLived.get<StoredCode>(key);
      if (!stored) throw fail('otp.expired', 'The code has expired or was already used. Ask for a new one.', { field: '/code' });
      const attempts = await shortLived.increment(`otp-attempts:${stored.id}`, OTP_TTL_MS);
      if (attempts > OTP_MAX_ATTEMPTS) {
        await shortLived.delete(key);
        throw fail('otp.too_many_attempts', 'Too many wrong codes. Ask for a new one.', { field: '/code' });
      }
      const given = Buffer.from(digest(request.code.trim()));
      const ok = given.length === Buffer.byteLength(stored.hash) && timingSafeEqual(given, Buffer.from(stored.hash));
      if (!ok) {
        const left = OTP_MAX_ATTEMPTS - attempts;
        if (left === 0) {
          await shortLived.delete(key);
          throw fail('otp.too_many_attempts', 'Too many wrong codes. Ask for a new one.', { field: '/code' });
        }
        throw fail('otp.invalid_code', `Wrong code. ${left} tries left.`, { field: '/code', detail: { attemptsLeft: left } });
      }
      // Single use: of two concurrent submissions of the right code, only one takes it.
      const taken = await shortLived.take<StoredCode>(key);
      if (taken?.id !== stored.id) throw fail('otp.expired', 'The code has expired or was already used. Ask for a new one.', { field: '/code' });
    },
  };
}

export type OtpService = ReturnType<typeof createOtpService>;
