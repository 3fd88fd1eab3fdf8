// Binds configuration to every call: one client per DingTalk source.
import { createAppTokenProvider, defaultAppTokenCache } from './app-token.ts';
import { buildAuthorizeUrl, type AuthorizeParams } from './authorize.ts';
import { parseCallback, type CallbackQuery, type CallbackResult } from './callback.ts';
import type { ConnectorContext } from './context.ts';
import { resolveEndpoints } from './endpoints.ts';
import { requireNonEmpty } from './guards.ts';
import { DEFAULT_TIMEOUT_MS } from './http.ts';
import { getUserInfoByCode } from './inapp.ts';
import { nodeTransport } from './node-transport.ts';
import { buildLegacyQrConnectUrl, getUserInfoByTmpCode, type LegacyQrConnectParams } from './legacy.ts';
import { getOrgUser, getUserIdByUnionId } from './org.ts';
import { getCurrentUser } from './profile.ts';
import { exchangeUserToken, refreshUserToken } from './user-token.ts';
import type {
  AppTokenCache, AppTokenFlavour, DingTalkEndpoints, DingTalkLogger, DingTalkProfile, FetchLike, InAppUserInfo, OrgUser, UnionIdLookup,
  UserToken,
} from './types.ts';

export interface DingTalkClientOptions {
  /** Client ID (AppKey) and Client Secret (AppSecret) of the DingTalk app (ref §1). */
  appKey: string;
  appSecret: string;
  endpoints?: Partial<DingTalkEndpoints>;
  timeoutMs?: number;
  appTokenFlavour?: AppTokenFlavour;
  tokenCache?: AppTokenCache;
  fetch?: FetchLike;
  logger?: DingTalkLogger;
  now?: () => number;
  /** Pause before the single retry of a safe call (tests set 0). */
  retryDelayMs?: number;
}

export interface DingTalkClient {
  readonly endpoints: DingTalkEndpoints;
  buildAuthorizeUrl(p: Omit<AuthorizeParams, 'clientId'> & { clientId?: string }): string;
  parseCallback(query: CallbackQuery): CallbackResult;
  exchangeUserToken(code: string): Promise<UserToken>;
  refreshUserToken(refreshToken: string): Promise<UserToken>;
  getCurrentUser(accessToken: string): Promise<DingTalkProfile>;
  buildLegacyQrConnectUrl(p: Omit<LegacyQrConnectParams, 'appKey'> & { appKey?: string }): string;
  getUserInfoByTmpCode(code: string): Promise<DingTalkProfile>;
  getAppAccessToken(): Promise<string>;
  getUserIdByUnionId(unionId: string): Promise<UnionIdLookup>;
  getOrgUser(userId: string): Promise<OrgUser>;
  /** The member behind an in-client code from the JSAPI's requestAuthCode (single use, 5 minutes). */
  getUserInfoByCode(code: string): Promise<InAppUserInfo>;
  /** Fetches an app token with the configured key/secret, bypassing the cache; throws DingTalkError on failure. */
  testConnection(): Promise<{ ok: true }>;
}

export function createDingTalkClient(opts: DingTalkClientOptions): DingTalkClient {
  requireNonEmpty({ appKey: opts.appKey, appSecret: opts.appSecret });
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new TypeError('timeoutMs must be a positive integer');
  const doFetch: FetchLike = opts.fetch ?? nodeTransport;
  const ctx: ConnectorContext = {
    appKey: opts.appKey,
    appSecret: opts.appSecret,
    endpoints: resolveEndpoints(opts.endpoints),
    http: { fetch: doFetch, timeoutMs, logger: opts.logger, retryDelayMs: opts.retryDelayMs },
    now: opts.now ?? Date.now,
  };
  const tokens = createAppTokenProvider(ctx, opts.appTokenFlavour ?? 'new', opts.tokenCache ?? defaultAppTokenCache);

  return {
    endpoints: ctx.endpoints,
    buildAuthorizeUrl: (p) => buildAuthorizeUrl({ ...p, clientId: p.clientId ?? ctx.appKey }, ctx.endpoints),
    parseCallback,
    exchangeUserToken: (code) => exchangeUserToken(ctx, code),
    refreshUserToken: (refreshToken) => refreshUserToken(ctx, refreshToken),
    getCurrentUser: (accessToken) => getCurrentUser(ctx, accessToken),
    buildLegacyQrConnectUrl: (p) => buildLegacyQrConnectUrl({ ...p, appKey: p.appKey ?? ctx.appKey }, ctx.endpoints),
    getUserInfoByTmpCode: (code) => getUserInfoByTmpCode(ctx, code),
    getAppAccessToken: () => tokens.get(),
    getUserIdByUnionId: (unionId) => getUserIdByUnionId(ctx, tokens, unionId),
    getOrgUser: (userId) => getOrgUser(ctx, tokens, userId),
    getUserInfoByCode: (code) => getUserInfoByCode(ctx, tokens, code),
    testConnection: async () => {
      await tokens.fetchFresh();
      return { ok: true };
    },
  };
}
