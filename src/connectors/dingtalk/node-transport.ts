/**
 * The connector's default HTTP client: node:http / node:https on Node's global agents (keep-alive,
 * idle sockets closed after 5 s, NODE_USE_ENV_PROXY honoured), answering the small
 * part of fetch the connector uses (status, one header, the body as text). Measured under sign-in
 * load, the built-in fetch's web streams made half of all the garbage that outlived the young
 * generation (~90 of 180 MB over a 6 s run) and cost more CPU per call; global fetch still fits
 * `FetchLike`, and tests inject their own.
 */
import http from 'node:http';
import https from 'node:https';
import type { FetchLike, HttpAnswer } from './types.ts';

/** DingTalk's answers are a few kilobytes; anything far larger is refused rather than held in memory. */
export const MAX_ANSWER_BYTES = 1024 * 1024;
/**
 * Sent unless the caller sets them: some API gateways refuse requests without a user agent (fetch
 * sent `node`), and the connector only reads JSON. No accept-encoding: answers come uncompressed.
 */
const DEFAULT_HEADERS = { accept: 'application/json', 'user-agent': 'Portico (DingTalk connector)' };

export const nodeTransport: FetchLike = (url, init) =>
  new Promise<HttpAnswer>((resolve, reject) => {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : undefined;
    if (!client) return reject(new TypeError(`unsupported protocol ${target.protocol}`));
    const body = init.body === undefined ? undefined : Buffer.from(init.body);
    const headers: Record<string, string> = { ...DEFAULT_HEADERS, ...init.headers };
    if (body) headers['content-length'] = String(body.length);
    const request = client.request(
      target,
      {
        method: init.method,
        headers,
        signal: init.signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) return request.destroy(new Error(`answer larger than ${MAX_ANSWER_BYTES} bytes`));
          chunks.push(chunk);
        });
        res.on('error', fail);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: { get: (name) => headerValue(res.headers[name.toLowerCase()]) },
            text: async () => text,
          });
        });
      },
    );
    // As fetch does: a network failure is a TypeError whose cause carries the system code.
    function fail(error: Error) {
      reject(error.name === 'AbortError' ? error : new TypeError('request failed', { cause: error }));
    }
    request.on('error', fail);
    request.end(body);
  });

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}
