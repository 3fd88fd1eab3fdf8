import { resolveEndpoints } from './endpoints.ts';
import { requireNonEmpty } from './guards.ts';
import { DEFAULT_TIMEOUT_MS, type HttpContext } from './http.ts';
import { nodeTransport } from './node-transport.ts';
import type { DingTalkEndpoints, DingTalkLogger, FetchLike } from './types.ts';

/** What every API call needs; built once per client (createDingTalkClient, createStreamClient). */
export interface ConnectorContext {
  appKey: string;
  appSecret: string;
  endpoints: DingTalkEndpoints;
  http: HttpContext;
  now: () => number;
  /** Pauses of backoffs, rate limits and reconnects; injectable so tests run instantly. Resolves early when `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Uniform in [0, 1): the jitter of backoffs. */
  random: () => number;
}

/** The options every entry point of the connector shares. */
export interface ConnectorOptions {
  /** Client ID (AppKey) and Client Secret (AppSecret) of the DingTalk app (ref §1). */
  appKey: string;
  appSecret: string;
  endpoints?: Partial<DingTalkEndpoints>;
  timeoutMs?: number;
  fetch?: FetchLike;
  logger?: DingTalkLogger;
  now?: () => number;
  /** Pause before the single retry of a safe call (tests set 0). */
  retryDelayMs?: number;
  /** Replaces setTimeout-based pauses (backoff, rate limit, reconnect); tests pass one that resolves at once. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Replaces Math.random for backoff jitter. */
  random?: () => number;
}

export function createConnectorContext(opts: ConnectorOptions): ConnectorContext {
  requireNonEmpty({ appKey: opts.appKey, appSecret: opts.appSecret });
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new TypeError('timeoutMs must be a positive integer');
  return {
    appKey: opts.appKey,
    appSecret: opts.appSecret,
    endpoints: resolveEndpoints(opts.endpoints),
    http: { fetch: opts.fetch ?? nodeTransport, timeoutMs, logger: opts.logger, retryDelayMs: opts.retryDelayMs },
    now: opts.now ?? Date.now,
    sleep: opts.sleep ?? timerSleep,
    random: opts.random ?? Math.random,
  };
}

/** A pause that a stop cuts short, leaving no timer behind (so a stopped Stream client lets the process exit). */
function timerSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
