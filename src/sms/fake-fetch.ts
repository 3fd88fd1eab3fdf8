// Test support: a fake `fetch` that records every request and answers from a script.
// (Not named *.test.ts, so the test runner does not pick it up.)
import type { FetchLike } from './types.ts';

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** The raw body as sent, or undefined. */
  body: string | undefined;
  redirect: RequestRedirect | undefined;
  hasSignal: boolean;
}

export type Scripted =
  | { status?: number; json?: unknown; text?: string }
  | { networkError: string }
  | { hang: true };

export function fakeFetch(...script: Scripted[]): { fetch: FetchLike; calls: RecordedRequest[] } {
  const calls: RecordedRequest[] = [];
  const fetch = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    calls.push({
      url: String(input),
      method: init.method ?? 'GET',
      headers,
      body: typeof init.body === 'string' ? init.body : undefined,
      redirect: init.redirect,
      hasSignal: init.signal instanceof AbortSignal,
    });
    const next = script.shift();
    if (!next) throw new Error(`fake fetch: unexpected request #${calls.length}`);
    if ('hang' in next) {
      return new Promise<Response>((_, reject) => {
        const signal = init.signal;
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    if ('networkError' in next) {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${next.networkError}`), { code: next.networkError }) });
    }
    const text = next.text ?? JSON.stringify(next.json ?? {});
    const status = next.status ?? 200;
    return new Response([204, 205, 304].includes(status) ? null : text, { status, headers: { 'content-type': 'application/json;charset=utf-8' } });
  }) as FetchLike;
  return { fetch, calls };
}

/** Resolves with the rejection of `p`; fails the test if `p` resolves. */
export async function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}
