// Small helpers: random ids, request ids, URL building, query access.
import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** An opaque random token (hex), e.g. for codes and access tokens. */
export function randomToken(bytes = 16): string {
  return randomBytes(bytes).toString('hex');
}

/** Legacy oapi request ids look like "zcqi5450rpit" (12 lowercase alphanumerics). */
export function oapiRequestId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(12);
  let id = '';
  for (const b of bytes) id += alphabet[b % alphabet.length];
  return id;
}

/** New-API request ids are UUID-like, upper case (e.g. "9F2F0A1C-…"). */
export function apiRequestId(): string {
  return randomUUID().toUpperCase();
}

/** True for paths that belong to the legacy oapi.dingtalk.com family (snake_case, errcode bodies). */
export function isOapiPath(path: string): boolean {
  return path === '/gettoken' || path.startsWith('/gettoken?') || path.startsWith('/topapi/') || path.startsWith('/sns/');
}

/** Deterministic per-app openId when a fixture does not give one. */
export function deriveOpenId(unionId: string, clientId: string): string {
  return createHash('sha256').update(`${unionId}\u0000${clientId}`).digest('base64url').slice(0, 22);
}

/** Appends query parameters to a URL string the way DingTalk does: `uri + (?|&) k=v…`, keeping any #fragment last. */
export function appendQuery(uri: string, params: Array<[string, string | undefined]>): string {
  const hashAt = uri.indexOf('#');
  const base = hashAt >= 0 ? uri.slice(0, hashAt) : uri;
  const hash = hashAt >= 0 ? uri.slice(hashAt) : '';
  const qs = params
    .filter((p): p is [string, string] => p[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  if (!qs) return uri;
  const sep = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?';
  return `${base}${sep}${qs}${hash}`;
}

/** First value of a query parameter (Fastify gives arrays for repeated keys). */
export function queryParam(query: unknown, name: string): string | undefined {
  if (typeof query !== 'object' || query === null) return undefined;
  const v = (query as Record<string, unknown>)[name];
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : undefined;
  return typeof v === 'string' ? v : undefined;
}

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
