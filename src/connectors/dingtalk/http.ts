// The one place that talks HTTP: timeout, error families, safe retry, secret-free logging.
import { DingTalkError, isDingTalkError } from './errors.ts';
import { isWafBlock, legacyErrcode, mapLegacyError, mapNewFamilyError, type Scrub } from './error-mapping.ts';
import { isObject, requestIdOf, type JsonObject } from './guards.ts';
import type { DingTalkLogger, FetchLike } from './types.ts';

/** Default per-call timeout; overridable per client (SPEC §2 "request timeouts"). */
export const DEFAULT_TIMEOUT_MS = 5000;
/** Pause before the single retry of a safe call (-1 means "system busy", ref §5.5). */
export const RETRY_DELAY_MS = 100;

export interface HttpContext {
  fetch: FetchLike;
  timeoutMs: number;
  logger?: DingTalkLogger;
  retryDelayMs?: number;
}

export interface DingTalkRequest {
  method: 'GET' | 'POST';
  base: string;
  path: string;
  /** Query parameters in the order they are sent. */
  query?: ReadonlyArray<readonly [string, string]>;
  headers?: Record<string, string>;
  json?: unknown;
  /** new = api.dingtalk.com (HTTP status + code), legacy = oapi (errcode, HTTP 200). Ref §1. */
  family: 'new' | 'legacy';
  /** Safe to repeat once on network error / 5xx / -1: idempotent reads and the app token. NEVER single-use codes. */
  retryOnce: boolean;
  /** Values sent in this request that must never show up in a log line or an error. */
  sensitive: readonly string[];
}

export function buildUrl(base: string, path: string, query?: DingTalkRequest['query']): string {
  const qs = (query ?? []).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return qs ? `${base}${path}?${qs}` : `${base}${path}`;
}

/** Sends the request and returns the JSON body of a successful answer, or throws DingTalkError. */
export async function callDingTalk(ctx: HttpContext, req: DingTalkRequest): Promise<JsonObject> {
  const attempts = req.retryOnce ? 2 : 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptOnce(ctx, req, attempt);
    } catch (e) {
      if (attempt < attempts && isDingTalkError(e, 'dingtalk.unavailable')) {
        await new Promise((r) => setTimeout(r, ctx.retryDelayMs ?? RETRY_DELAY_MS));
        continue;
      }
      throw e;
    }
  }
}

async function attemptOnce(ctx: HttpContext, req: DingTalkRequest, attempt: number): Promise<JsonObject> {
  const scrub = makeScrub(req.sensitive);
  const headers: Record<string, string> = { ...req.headers };
  if (req.json !== undefined) headers['content-type'] = 'application/json';
  const started = performance.now();
  // Only the path is logged: queries may carry access_token, appsecret or a signature.
  const logBase = { method: req.method, path: req.path, attempt };
  let status: number;
  let text: string;
  let headerRequestId: string | undefined;
  // A timer cleared as soon as the answer is read, not AbortSignal.timeout(): a timeout signal with
  // an abort listener (fetch adds one) stays reachable until it fires, and with it the whole request,
  // which kept megabytes per second of finished requests alive long enough to reach the old heap.
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), ctx.timeoutMs);
  try {
    const res = await ctx.fetch(buildUrl(req.base, req.path, req.query), {
      method: req.method,
      headers,
      body: req.json === undefined ? undefined : JSON.stringify(req.json),
      signal: timeout.signal,
    });
    status = res.status;
    headerRequestId = res.headers.get('x-acs-request-id') ?? undefined;
    text = await res.text();
  } catch (e) {
    const err = transportError(e, timeout.signal.aborted);
    ctx.logger?.warn({ ...logBase, code: err.code, durationMs: elapsed(started) }, 'dingtalk request failed');
    throw err;
  } finally {
    clearTimeout(timer);
  }
  const result = interpret(req.family, status, parseJson(text), headerRequestId, scrub);
  const durationMs = elapsed(started);
  if (result instanceof DingTalkError) {
    ctx.logger?.warn(
      { ...logBase, status, durationMs, code: result.code, upstreamCode: result.upstreamCode, requestId: result.requestId },
      'dingtalk request failed',
    );
    throw result;
  }
  ctx.logger?.debug({ ...logBase, status, durationMs, requestId: headerRequestId ?? requestIdOf(result) }, 'dingtalk request');
  return result;
}

function interpret(family: 'new' | 'legacy', status: number, body: unknown, hdrId: string | undefined, scrub: Scrub): JsonObject | DingTalkError {
  const ok = status >= 200 && status < 300;
  if (status >= 500) {
    return family === 'new' ? mapNewFamilyError(status, body, hdrId, scrub) : new DingTalkError('dingtalk.unavailable', { httpStatus: status, requestId: hdrId });
  }
  if (!isObject(body)) {
    return new DingTalkError('dingtalk.bad_response', { message: 'DingTalk error dingtalk.bad_response: body is not a JSON object', httpStatus: status, requestId: hdrId });
  }
  if (family === 'new') return ok ? body : mapNewFamilyError(status, body, hdrId, scrub);
  // Legacy: success only when errcode === 0 (ref §1, §5.5).
  const errcode = legacyErrcode(body);
  if (errcode === 0 && ok) return body;
  if (errcode !== undefined && errcode !== 0) return mapLegacyError(status, body, hdrId, scrub);
  if (isWafBlock(body) || status === 429) return new DingTalkError('dingtalk.rate_limited', { httpStatus: status, requestId: hdrId });
  if (!ok) return new DingTalkError('dingtalk.upstream_error', { httpStatus: status, requestId: hdrId });
  return new DingTalkError('dingtalk.bad_response', { message: 'DingTalk error dingtalk.bad_response: no errcode in oapi answer', httpStatus: status, requestId: hdrId });
}

function transportError(e: unknown, timedOut: boolean): DingTalkError {
  // Our signal only aborts on timeout, whatever error class the fetch implementation throws.
  if (timedOut || (e instanceof Error && e.name === 'TimeoutError')) return new DingTalkError('dingtalk.timeout', { message: 'DingTalk error dingtalk.timeout: no answer in time' });
  // The raw error may quote the URL (with its query), so keep only a system code such as ECONNREFUSED.
  const cause = e instanceof Error && isObject(e.cause) ? e.cause.code : undefined;
  const hint = typeof cause === 'string' && /^[A-Z0-9_]+$/.test(cause) ? ` (${cause})` : '';
  return new DingTalkError('dingtalk.unavailable', { message: `DingTalk error dingtalk.unavailable: network error${hint}` });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function makeScrub(sensitive: readonly string[]): Scrub {
  const needles = sensitive.filter((s) => s.length >= 4).flatMap((s) => [s, encodeURIComponent(s)]);
  return (text) => needles.reduce((t, n) => t.split(n).join('[redacted]'), text);
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
