/**
 * "This device gave a second factor": a signed cookie naming the person and when, so that an
 * application whose policy asks only on a new device does not ask again for its remembered days.
 * HMAC-SHA-256 under a key derived from the master key: every node verifies it, nobody forges it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MAX_REMEMBER_DAYS } from '../factors/views.ts';

export const DEVICE_COOKIE = 'portico_device';
const DAY_MS = 24 * 60 * 60 * 1000;

const sign = (key: Buffer, payload: string) => createHmac('sha256', key).update(payload).digest('base64url');

export function createDeviceMemory(key: Buffer, secureCookies: boolean) {
  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, secure: secureCookies, path: '/', maxAge: (MAX_REMEMBER_DAYS * DAY_MS) / 1000 };
  return {
    /** After a second factor: this browser is the person's known device from now. */
    remember(reply: FastifyReply, userId: string, now = Date.now()) {
      const payload = `${userId}.${now}`;
      reply.setCookie(DEVICE_COOKIE, `${payload}.${sign(key, payload)}`, cookieOptions);
    },
    /** Whether this browser gave the person's second factor within the last `days` days. */
    known(request: Pick<FastifyRequest, 'cookies'>, userId: string, days: number, now = Date.now()): boolean {
      const value = request.cookies[DEVICE_COOKIE];
      const match = value ? /^(.+)\.(\d+)\.([\w-]+)$/.exec(value) : null;
      if (!match || match[1] !== userId) return false;
      const expected = Buffer.from(sign(key, `${match[1]}.${match[2]}`));
      const given = Buffer.from(match[3]);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
      return now - Number(match[2]) < days * DAY_MS;
    },
  };
}

export type DeviceMemory = ReturnType<typeof createDeviceMemory>;
