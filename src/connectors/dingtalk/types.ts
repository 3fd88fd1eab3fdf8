// Public types of the DingTalk connector. Field names are Portico's (camelCase);
// the wire names of each family live in the module that calls it.

/** Base URLs of DingTalk's three hosts (ref §1); point them at the simulator in tests/demo. */
export interface DingTalkEndpoints {
  login: string;
  api: string;
  oapi: string;
}

/** A DingTalk identity normalized from users/me (ref §2.4) or sns/getuserinfo_bycode (ref §4.2). */
export interface DingTalkProfile {
  unionId: string;
  openId?: string;
  nick?: string;
  avatarUrl?: string;
  mobile?: string;
  stateCode?: string;
  email?: string;
}

/** Result of userAccessToken (ref §2.3). `expireIn` is in seconds. */
export interface UserToken {
  accessToken: string;
  refreshToken: string;
  expireIn: number;
  corpId?: string;
}

/** Result of topapi/user/getbyunionid (ref §5.3). contactType: 0 employee, 1 external contact. */
export interface UnionIdLookup {
  userId: string;
  contactType: number;
}

/**
 * Employee record from topapi/v2/user/get (ref §5.4) or one item of topapi/v2/user/list (ref §1.5). Empty strings are
 * reported as absent; mobile/stateCode and email/orgEmail are absent when the app lacks the field permissions (ref §1.5).
 */
export interface OrgUser {
  userId: string;
  unionId: string;
  name: string;
  avatar?: string;
  mobile?: string;
  stateCode?: string;
  email?: string;
  orgEmail?: string;
  jobNumber?: string;
  title?: string;
  /** Every department of the person (user/list lists them once per department, ref §4). */
  deptIdList: number[];
  /** false: added but DingTalk not yet activated (ref §4). Always sent by DingTalk; absent only if it is not. */
  active?: boolean;
  /** user/list only: leader OF THE QUERIED department (ref §1.5). */
  leader?: boolean;
  /** user/list only: order in the queried department. A 64-bit value: beyond 2^53 it loses precision (fine for sorting). */
  deptOrder?: number;
}

/** One department as listsub returns it (ref §1.2). `parentId` null: the root (no parent, or 0; UNCONFIRMED, ref §1.3). */
export interface Department {
  deptId: number;
  name: string;
  parentId: number | null;
}

/** department/get (ref §1.3). `order`: order within the parent (direction UNCONFIRMED). */
export interface DepartmentDetails extends Department {
  order?: number;
  managerUserIds: string[];
}

/** One page of v2/user/list (ref §1.5). `nextCursor` is opaque: pass it back as it came; present only when hasMore. */
export interface DepartmentUserPage {
  users: OrgUser[];
  hasMore: boolean;
  nextCursor?: DepartmentUserCursor;
}

export type DepartmentUserCursor = number | string;

/**
 * Result of topapi/v2/user/getuserinfo (ref §3.3): who holds an in-client code. `unionId` may be absent
 * (then topapi/v2/user/get has it). `sysLevel`: 1 main admin, 2 sub-admin, 100 boss, 0 other.
 */
export interface InAppUserInfo {
  userId: string;
  unionId?: string;
  associatedUnionId?: string;
  name?: string;
  deviceId?: string;
  sys: boolean;
  sysLevel: number;
}

/** A cached app token; `expiresAt` (ms epoch) is when it must stop being used (refresh margin already applied). */
export interface CachedAppToken {
  token: string;
  expiresAt: number;
}

/** Pluggable store for app tokens (memory by default; a shared store for several nodes). */
export interface AppTokenCache {
  get(key: string): Promise<CachedAppToken | undefined>;
  set(key: string, value: CachedAppToken): Promise<void>;
  /** Optional: when absent, a dropped token is overwritten with an expired entry. */
  delete?(key: string): Promise<void>;
}

export type AppTokenFlavour = 'new' | 'legacy';

/** Minimal structured logger (pino-compatible). Never receives secrets, codes or tokens. */
export interface DingTalkLogger {
  debug(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

/** What the connector reads of an answer: global fetch's Response fits, as does the node:http transport's. */
export interface HttpAnswer {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** The HTTP client the connector calls (src/connectors/dingtalk/node-transport.ts by default; global fetch fits). */
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<HttpAnswer>;
