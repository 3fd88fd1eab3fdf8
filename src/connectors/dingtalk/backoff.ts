// Retrying throttling and busy answers of idempotent reads with exponential backoff and jitter (ref §1.10).
import type { ConnectorContext } from './context.ts';
import { DingTalkError, isDingTalkError } from './errors.ts';

/** delay = min(base·2^attempt + U(0, base), cap); `tries` counts the first call (ref §1.10: 1 s, 2 s, 4 s…, cap about 60 s). */
export const DIRECTORY_BACKOFF = Object.freeze({ baseMs: 1000, capMs: 60_000, tries: 6 });

/** The delay before retry number `attempt` + 1 (attempt counts from 0); also the Stream client's reconnect delay (ref §2.3). */
export function backoffDelay(attempt: number, random: () => number, baseMs: number = DIRECTORY_BACKOFF.baseMs, capMs: number = DIRECTORY_BACKOFF.capMs): number {
  return Math.min(baseMs * 2 ** attempt + random() * baseMs, capMs);
}

/**
 * Worth another try after a pause: 90002/90018/90019 and the v1.0 QpsLimit*, 429 and the WAF block (all rate_limited), -1 busy,
 * 15 and 88 without sub_code (the auth service timed out), 504 and other 5xx, and transport failures (network error, timeout:
 * these are reads, repeating them is harmless). Never 40014/40078/60011/60003/400002: they map to other codes.
 */
export function isTransient(e: unknown): e is DingTalkError {
  if (!isDingTalkError(e)) return false;
  if (e.code === 'dingtalk.rate_limited' || e.code === 'dingtalk.unavailable' || e.code === 'dingtalk.timeout') return true;
  return e.upstreamCode === '15' || e.upstreamCode === '88' || e.httpStatus === 504;
}

/** Runs `call` up to DIRECTORY_BACKOFF.tries times; gives up with dingtalk.throttled carrying the last answer's ids. */
export async function withBackoff<T>(ctx: Pick<ConnectorContext, 'sleep' | 'random' | 'http'>, path: string, call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (!isTransient(e)) throw e;
      if (attempt + 1 >= DIRECTORY_BACKOFF.tries) {
        throw new DingTalkError('dingtalk.throttled', {
          message: `DingTalk error dingtalk.throttled: still ${e.code} after ${DIRECTORY_BACKOFF.tries} tries`,
          upstreamCode: e.upstreamCode,
          upstreamMessage: e.upstreamMessage,
          requestId: e.requestId,
          httpStatus: e.httpStatus,
        });
      }
      const delayMs = Math.round(backoffDelay(attempt, ctx.random));
      ctx.http.logger?.warn({ path, attempt: attempt + 1, delayMs, code: e.code, upstreamCode: e.upstreamCode }, 'dingtalk backoff');
      await ctx.sleep(delayMs);
    }
  }
}
