// Test support: a fake `fetch` that records every request and answers from a script.
// (Named so the test runner does not pick it up as a test file.)
import type { FetchLike } from './types.ts';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined when none was sent. */
  body: unknown;
}

/** One scripted answer: a JSON/text response, a network failure, or no answer at all (until aborted). */
export type Scripted =
  | { status?: number; json?: unknown; text?: string; headers?: Record<string, string> }
  | { networkError: string }
  | { hang: true };

export interface FakeFetch {
  fetch: FetchLike;
  calls: RecordedRequest[];
}

export function fakeFetch(...script: Scripted[]): FakeFetch {
  const calls: RecordedRequest[] = [];
  const fetch: FetchLike = async (url, init) => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    calls.push({ method: init.method ?? 'GET', url, headers, body });
    const next = script.shift();
    if (!next) throw new Error(`fake fetch: unexpected request #${calls.length} ${init.method} ${url}`);
    if ('hang' in next) return hang(init.signal ?? undefined);
    if ('networkError' in next) {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error(next.networkError), { code: next.networkError }) });
    }
    const text = next.text ?? JSON.stringify(next.json ?? {});
    return new Response(text, { status: next.status ?? 200, headers: { 'content-type': 'application/json;charset=utf-8', ...next.headers } });
  };
  return { fetch, calls };
}

/** Like a server that never answers: settles only when the caller's signal aborts. */
function hang(signal: AbortSignal | undefined): Promise<Response> {
  return new Promise((_, reject) => {
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** Many identical answers (for concurrency tests). */
export function repeat(n: number, s: Scripted): Scripted[] {
  return Array.from({ length: n }, () => ({ ...s }));
}

