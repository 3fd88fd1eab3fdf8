// The one place the HTTP senders call fetch: a timeout on every call, no redirects followed, and network
// failures turned into retryable SmsSendErrors that carry no URL (Aliyun's URL holds the code).
import { SmsSendError } from './errors.ts';
import type { FetchLike } from './types.ts';
import { isHttpsOrLoopback } from '../loopback.ts';

/** Per-call timeout when the configuration names none. */
export const DEFAULT_TIMEOUT_MS = 5000;

export interface HttpAnswer {
  status: number;
  text: string;
}

/**
 * Sends one request and reads the whole answer within `timeoutMs`. `provider` names the other side in error
 * messages. Redirects are not followed (`redirect: 'manual'`): a 3xx comes back as an answer like any other, so
 * the code is never re-sent to a host nobody configured.
 */
export async function send(fetchImpl: FetchLike, provider: string, url: string, init: RequestInit, timeoutMs: number): Promise<HttpAnswer> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetchImpl(url, { ...init, redirect: 'manual', signal });
    return { status: response.status, text: await response.text() };
  } catch (e) {
    if (signal.aborted || (e as Error)?.name === 'TimeoutError') {
      throw new SmsSendError(`${provider} did not answer within ${timeoutMs} ms.`, { retryable: true });
    }
    throw new SmsSendError(`Could not reach ${provider}.`, { retryable: true, providerMessage: networkReason(e) });
  }
}

/** A short, URL-free reason: the system error code (ECONNREFUSED, ENOTFOUND…) or the error's name. */
function networkReason(e: unknown): string {
  const cause = (e as { cause?: { code?: unknown } })?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  const code = (e as { code?: unknown })?.code;
  if (typeof code === 'string') return code;
  return (e as Error)?.name ?? 'Error';
}

/**
 * Why `url` may not receive verification codes, or undefined when it may: https, or plain http only to this
 * host (tests, a simulator, a gateway on the same machine); never with credentials in it.
 */
export function destinationProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be a URL';
  }
  if (parsed.username || parsed.password) return 'must not contain credentials';
  if (isHttpsOrLoopback(parsed)) return undefined;
  return 'must use https (http is allowed only to localhost or 127.0.0.1)';
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const stringOf = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
