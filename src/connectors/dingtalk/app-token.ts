// App (corp) access token for the org APIs (ref §5.1 new, §5.2 legacy): cached, single-flight.
import type { ConnectorContext } from './context.ts';
import { isDingTalkError } from './errors.ts';
import { reqNumber, reqString, type JsonObject } from './guards.ts';
import { callDingTalk } from './http.ts';
import type { AppTokenCache, AppTokenFlavour, CachedAppToken } from './types.ts';

/** Refresh this long before DingTalk's expiry (tokens live 7200 s, ref §7.1). */
export const APP_TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;

/** In-process cache; a shared store (Redis, SQL) can implement AppTokenCache instead. */
export class MemoryAppTokenCache implements AppTokenCache {
  readonly #entries = new Map<string, CachedAppToken>();
  async get(key: string): Promise<CachedAppToken | undefined> {
    return this.#entries.get(key);
  }
  async set(key: string, value: CachedAppToken): Promise<void> {
    this.#entries.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }
}

/** Shared default so clients built per request still reuse one token per app. */
export const defaultAppTokenCache: AppTokenCache = new MemoryAppTokenCache();

// Single-flight map per cache object: concurrent callers share one upstream request.
const inflightByCache = new WeakMap<AppTokenCache, Map<string, Promise<string>>>();

export function appTokenCacheKey(ctx: ConnectorContext, flavour: AppTokenFlavour): string {
  const base = flavour === 'new' ? ctx.endpoints.api : ctx.endpoints.oapi;
  return `dingtalk:app-token:${base}:${ctx.appKey}`;
}

export interface AppTokenProvider {
  /** A valid token, from the cache when possible. */
  get(): Promise<string>;
  /** Drops `token` from the cache if it is still the cached one (after DingTalk called it invalid). */
  invalidate(token: string): Promise<void>;
  /** Asks DingTalk directly, bypassing and not filling the cache (test connection). */
  fetchFresh(): Promise<string>;
}

export function createAppTokenProvider(ctx: ConnectorContext, flavour: AppTokenFlavour, cache: AppTokenCache): AppTokenProvider {
  const key = appTokenCacheKey(ctx, flavour);
  let inflight = inflightByCache.get(cache);
  if (!inflight) inflightByCache.set(cache, (inflight = new Map()));
  const flights = inflight;
  const flightKey = `${flavour}|${key}`;

  async function load(): Promise<string> {
    const cached = await safeGet(ctx, cache, key);
    if (cached && cached.expiresAt > ctx.now()) return cached.token;
    const { token, expireIn } = await fetchAppToken(ctx, flavour);
    const lifetimeMs = expireIn * 1000;
    // Short-lived tokens (e.g. a simulator) keep at least half their life usable.
    const expiresAt = ctx.now() + lifetimeMs - Math.min(APP_TOKEN_REFRESH_MARGIN_MS, lifetimeMs / 2);
    await safeSet(ctx, cache, key, { token, expiresAt });
    return token;
  }

  return {
    get() {
      const running = flights.get(flightKey);
      if (running) return running;
      const p = load().finally(() => flights.delete(flightKey));
      flights.set(flightKey, p);
      return p;
    },
    async invalidate(token) {
      const cached = await safeGet(ctx, cache, key);
      if (cached?.token !== token) return; // someone already replaced it
      try {
        if (cache.delete) await cache.delete(key);
        else await cache.set(key, { token: '', expiresAt: 0 });
      } catch {
        ctx.http.logger?.warn({ op: 'delete' }, 'dingtalk app token cache failed');
      }
    },
    async fetchFresh() {
      return (await fetchAppToken(ctx, flavour)).token;
    },
  };
}

/**
 * Runs an oapi call with the app token. On "invalid token" (88/40014 or 40014) the cached token is dropped
 * and the call made ONCE more with a fresh token (ref §5.5): the first call was refused before it did anything.
 */
export async function withAppToken<T>(tokens: AppTokenProvider, call: (token: string) => Promise<T>): Promise<T> {
  const token = await tokens.get();
  try {
    return await call(token);
  } catch (e) {
    if (!isDingTalkError(e, 'dingtalk.token_invalid')) throw e;
    await tokens.invalidate(token);
    return call(await tokens.get());
  }
}

async function fetchAppToken(ctx: ConnectorContext, flavour: AppTokenFlavour): Promise<{ token: string; expireIn: number }> {
  const common = { retryOnce: true, sensitive: [ctx.appSecret] } as const; // same token is re-issued: safe to retry
  if (flavour === 'new') {
    // ref §5.1: JSON body required (a form body gets "body is mandatory", ref P4).
    const body = await callDingTalk(ctx.http, {
      ...common,
      method: 'POST',
      base: ctx.endpoints.api,
      path: '/v1.0/oauth2/accessToken',
      json: { appKey: ctx.appKey, appSecret: ctx.appSecret },
      family: 'new',
    });
    return parse(body, 'accessToken', 'expireIn', 'oauth2/accessToken');
  }
  // ref §5.2: credentials in the query string (a form body does not work).
  const body = await callDingTalk(ctx.http, {
    ...common,
    method: 'GET',
    base: ctx.endpoints.oapi,
    path: '/gettoken',
    query: [['appkey', ctx.appKey], ['appsecret', ctx.appSecret]],
    family: 'legacy',
  });
  return parse(body, 'access_token', 'expires_in', 'gettoken');
}

function parse(body: JsonObject, tokenKey: string, expiryKey: string, where: string): { token: string; expireIn: number } {
  const token = reqString(body, tokenKey, where);
  const expireIn = reqNumber(body, expiryKey, where);
  return { token, expireIn: expireIn > 0 ? expireIn : 0 };
}

// A broken shared cache must not break login: treat it as a miss and log.
async function safeGet(ctx: ConnectorContext, cache: AppTokenCache, key: string): Promise<CachedAppToken | undefined> {
  try {
    return await cache.get(key);
  } catch {
    ctx.http.logger?.warn({ op: 'get' }, 'dingtalk app token cache failed');
    return undefined;
  }
}

async function safeSet(ctx: ConnectorContext, cache: AppTokenCache, key: string, value: CachedAppToken): Promise<void> {
  try {
    await cache.set(key, value);
  } catch {
    ctx.http.logger?.warn({ op: 'set' }, 'dingtalk app token cache failed');
  }
}
