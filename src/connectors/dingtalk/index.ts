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
export type { ConnectorOptions } from './context.ts';
export { DEFAULT_DIRECTORY_LIMITS } from './limiter.ts';
export type { DirectoryLimits } from './limiter.ts';
export { DIRECTORY_BACKOFF } from './backoff.ts';
export { MAX_USER_PAGE_SIZE } from './directory.ts';
export { createPushCrypto, readPushRequest, DingTalkPushError, DINGTALK_PUSH_ERROR_CODES } from './push-crypto.ts';
export type { DingTalkPushErrorCode, PushCrypto, PushCryptoConfig, PushReply, PushReplyOptions, PushRequest } from './push-crypto.ts';
export { parsePushEvent } from './push-event.ts';
export type { PushEvent } from './push-event.ts';
export {
  createStreamClient, DEFAULT_STREAM_IDLE_TIMEOUT_MS, DEFAULT_STREAM_UA, STREAM_RECONNECT,
} from './stream.ts';
export type { StreamClient, StreamClientOptions, StreamState, StreamStateDetail, StreamTicket } from './stream.ts';
export type { StreamAckStatus, StreamEvent, StreamEventData } from './stream-frames.ts';
export { nodeTransport } from './node-transport.ts';
export { DingTalkError, DINGTALK_ERROR_CODES, isDingTalkError } from './errors.ts';
export type { DingTalkErrorCode, DingTalkErrorDetails } from './errors.ts';
export type {
  AppTokenCache, AppTokenFlavour, CachedAppToken, Department, DepartmentDetails, DepartmentUserCursor, DepartmentUserPage, DingTalkEndpoints,
  DingTalkLogger, DingTalkProfile, FetchLike, InAppUserInfo, OrgUser, UnionIdLookup, UserToken,
} from './types.ts';
