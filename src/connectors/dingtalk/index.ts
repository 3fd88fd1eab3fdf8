// Public API of the DingTalk connector (standalone: no Fastify, no SQL).
export { createDingTalkClient } from './client.ts';
export type { DingTalkClient, DingTalkClientOptions } from './client.ts';
export { DEFAULT_DINGTALK_ENDPOINTS, resolveEndpoints } from './endpoints.ts';
export { buildAuthorizeUrl } from './authorize.ts';
export type { AuthorizeParams } from './authorize.ts';
export { parseCallback, callbackError } from './callback.ts';
export type { CallbackQuery, CallbackResult } from './callback.ts';
export { buildLegacyQrConnectUrl } from './legacy.ts';
export type { LegacyQrConnectParams } from './legacy.ts';
export { getUserInfoByCode } from './inapp.ts';
export { legacySignature } from './signature.ts';
export { APP_TOKEN_REFRESH_MARGIN_MS, MemoryAppTokenCache } from './app-token.ts';
export { DEFAULT_TIMEOUT_MS } from './http.ts';
export { nodeTransport } from './node-transport.ts';
export { DingTalkError, DINGTALK_ERROR_CODES, isDingTalkError } from './errors.ts';
export type { DingTalkErrorCode, DingTalkErrorDetails } from './errors.ts';
export type {
  AppTokenCache, AppTokenFlavour, CachedAppToken, DingTalkEndpoints, DingTalkLogger, DingTalkProfile, FetchLike, InAppUserInfo,
  OrgUser, UnionIdLookup, UserToken,
} from './types.ts';
