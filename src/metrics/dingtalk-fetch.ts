/**
 * DingTalk calls as metrics, without touching the connector: the `fetch` it is given is wrapped to time
 * every call by API path and HTTP status, and the logger it is given to count the failures it reports
 * (one warn per failed call, with the path and the connector's error code). Paths only: queries carry
 * tokens and secrets.
 */
import { secondsSince, type PorticoMetrics } from './portico.ts';
import type { DingTalkLogger, FetchLike } from '../connectors/dingtalk/types.ts';

/** A path segment that looks like an identifier (digits and at least this long) is replaced, to bound the labels. */
const ID_SEGMENT_MIN_LENGTH = 8;

export function apiPathLabel(url: string): string {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return 'invalid';
  }
  return apiPath(pathname);
}

function apiPath(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => (segment.includes('%') || (segment.length >= ID_SEGMENT_MIN_LENGTH && /\d/.test(segment) && !/^v\d/.test(segment)) ? ':id' : segment))
    .join('/');
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/** Times each call to the response headers; a call that never got an answer is `network_error` or `timeout`. */
export function meteredDingTalkFetch(inner: FetchLike, metrics: PorticoMetrics): FetchLike {
  return async (url, init) => {
    const path = apiPathLabel(url);
    const started = performance.now();
    try {
      const res = await inner(url, init);
      metrics.dingtalkDuration.observe({ path, status: String(res.status) }, secondsSince(started));
      return res;
    } catch (error) {
      metrics.dingtalkDuration.observe({ path, status: isTimeout(error) ? 'timeout' : 'network_error' }, secondsSince(started));
      throw error;
    }
  };
}

const NO_LOG: DingTalkLogger = { debug: () => {}, warn: () => {} };

/**
 * Counts the failures the connector logs (`{path, code}` at warn: HTTP errors, legacy errcodes,
 * timeouts, network errors) by path and error code, e.g. `dingtalk.invalid_client`, and passes the
 * line on unchanged.
 */
export function meteredDingTalkLogger(inner: DingTalkLogger | undefined, metrics: PorticoMetrics): DingTalkLogger {
  const log = inner ?? NO_LOG;
  return {
    debug: (obj, msg) => log.debug(obj, msg),
    warn(obj, msg) {
      const { path, code } = obj;
      if (typeof path === 'string' && typeof code === 'string') metrics.dingtalkErrors.inc({ path: apiPath(path), kind: code });
      log.warn(obj, msg);
    },
  };
}
