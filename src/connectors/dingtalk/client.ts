// Binds configuration to every call: one client per DingTalk source.
import { createAppTokenProvider, defaultAppTokenCache } from './app-token.ts';
import { buildAuthorizeUrl, type AuthorizeParams } from './authorize.ts';
import { parseCallback, type CallbackQuery, type CallbackResult } from './callback.ts';
import { createConnectorContext, type ConnectorOptions } from './context.ts';
import {
  countUsers, getDepartment, listDepartmentUsers, listSubDepartmentIds, listSubDepartments, pageDepartmentUsers, walkDepartments,
  type DirectoryContext,
} from './directory.ts';
import { getUserInfoByCode } from './inapp.ts';
import { buildLegacyQrConnectUrl, getUserInfoByTmpCode, type LegacyQrConnectParams } from './legacy.ts';
import { createRequestLimiter, type DirectoryLimits } from './limiter.ts';
import { getOrgUser, getUserIdByUnionId } from './org.ts';
import { getCurrentUser } from './profile.ts';
import { exchangeUserToken, refreshUserToken } from './user-token.ts';
import type {
  AppTokenCache, AppTokenFlavour, Department, DepartmentDetails, DepartmentUserCursor, DepartmentUserPage, DingTalkEndpoints,
  DingTalkProfile, InAppUserInfo, OrgUser, UnionIdLookup, UserToken,
} from './types.ts';

export interface DingTalkClientOptions extends ConnectorOptions {
  appTokenFlavour?: AppTokenFlavour;
  tokenCache?: AppTokenCache;
  /** Politeness of the directory calls (ref §1.10): in-flight cap and per-path starts per second of this client. */
  directoryLimits?: DirectoryLimits;
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

  // Directory pull (ref §1): limited, and retried with backoff on throttling; gives up with dingtalk.throttled.
  /** Direct children of a department (1 = the root). */
  listSubDepartments(deptId: number): Promise<Department[]>;
  listSubDepartmentIds(deptId: number): Promise<number[]>;
  getDepartment(deptId: number): Promise<DepartmentDetails>;
  /** One page (size ≤ 100) of a department's direct members; pass `nextCursor` back as the next `cursor`. */
  listDepartmentUsers(deptId: number, cursor?: DepartmentUserCursor, size?: number): Promise<DepartmentUserPage>;
  /** People in the organisation (not limited by the contacts permission scope, ref §1.7): compare with a full sync's distinct userids. */
  countUsers(onlyActive: boolean): Promise<number>;
  /** The department tree under rootDeptId, root first, breadth-first, parents before children. */
  walkDepartments(rootDeptId: number): AsyncGenerator<Department>;
  /** A department's direct members, one page at a time. */
  pageDepartmentUsers(deptId: number): AsyncGenerator<OrgUser[]>;
}

export function createDingTalkClient(opts: DingTalkClientOptions): DingTalkClient {
  const ctx = createConnectorContext(opts);
  const tokens = createAppTokenProvider(ctx, opts.appTokenFlavour ?? 'new', opts.tokenCache ?? defaultAppTokenCache);
  const dir: DirectoryContext = { ctx, tokens, limiter: createRequestLimiter(ctx, opts.directoryLimits) };

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
    listSubDepartments: (deptId) => listSubDepartments(dir, deptId),
    listSubDepartmentIds: (deptId) => listSubDepartmentIds(dir, deptId),
    getDepartment: (deptId) => getDepartment(dir, deptId),
    listDepartmentUsers: (deptId, cursor, size) => listDepartmentUsers(dir, deptId, cursor, size),
    countUsers: (onlyActive) => countUsers(dir, onlyActive),
    walkDepartments: (rootDeptId) => walkDepartments(dir, rootDeptId),
    pageDepartmentUsers: (deptId) => pageDepartmentUsers(dir, deptId),
  };
}
