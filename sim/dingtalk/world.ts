// The simulated DingTalk world: directory (orgs, users, apps) plus every short-lived thing the
// simulator hands out (QR sessions, codes, tokens) and injected faults. In memory, one per simulator.
import {
  OPTIONAL_USER_FIELDS, checkReferences, validateApp, validateOrg, validateUser,
  type SimApp, type SimFixture, type SimOrg, type SimUser,
} from './fixture.ts';
import { Directory } from './directory.ts';
import { appendQuery, deriveOpenId, randomToken } from './util.ts';

export type SessionStatus = 'pending' | 'scanned' | 'confirmed' | 'declined' | 'expired';
/** oauth2: login.dingtalk.com/oauth2/auth; legacy: oapi /connect/qrconnect, sns_authorize, /login/qrcode.htm. */
export type SessionFlow = 'oauth2' | 'legacy';
/** page: DingTalk's full hosted page; iframe: the embedded frame (DTFrameLogin / DDLogin). */
export type SessionDisplay = 'page' | 'iframe';

export interface QrSession {
  id: string;
  flow: SessionFlow;
  display: SessionDisplay;
  clientId: string;
  redirectUri: string;
  state?: string;
  /** oauth2: ['openid'] or ['openid','corpid']; legacy: ['snsapi_login'] or ['snsapi_auth']. */
  scopes: string[];
  /** oauth2 `corpId` parameter: the org the user must pick. */
  corpId?: string;
  status: SessionStatus;
  createdAt: number;
  expiresAt: number;
  scannedAt?: number;
  finishedAt?: number;
  unionId?: string;
  /** oauth2: the authCode issued on confirmation. */
  code?: string;
  /** legacy: the loginTmpCode issued on confirmation (the page continues to sns_authorize with it). */
  loginTmpCode?: string;
  /** Where the browser goes next (confirmed: with the code; declined: with error=…). */
  redirectUrl?: string;
}

export interface AuthCode {
  code: string;
  clientId: string;
  unionId: string;
  /** Set when the scope had `corpid`: the org the user picked (returned as corpId by userAccessToken). */
  corpId?: string;
  expiresAt: number;
}

/** An in-client 免登 code (requestAuthCode): bound to the organisation it was asked for, not to an app. */
export interface InAppCode {
  code: string;
  corpId: string;
  unionId: string;
  expiresAt: number;
}

/** A micro-app on the simulated DingTalk client's workbench (registered through the test API). */
export interface WorkbenchApp {
  id: string;
  corpId: string;
  name: string;
  /** 应用首页地址: opened by the mobile client. */
  homepage: string;
  /** PC端首页地址: opened by the PC client; the mobile address when absent. */
  pcHomepage?: string;
}

/** In-client codes are "valid 5 minutes and usable once" (ref §3.3, S6). */
export const INAPP_CODE_TTL_MS = 5 * 60_000;

export interface LoginTmpCode {
  code: string;
  clientId: string;
  unionId: string;
  redirectUri: string;
  expiresAt: number;
}

export interface UserToken {
  accessToken: string;
  clientId: string;
  unionId: string;
  corpId?: string;
  expiresAt: number;
}

export interface RefreshToken {
  refreshToken: string;
  clientId: string;
  unionId: string;
  corpId?: string;
  expiresAt: number;
}

export interface AppToken {
  accessToken: string;
  clientId: string;
  expiresAt: number;
}

export interface Fault {
  id: string;
  pathPrefix: string;
  status?: number;
  body?: unknown;
  delayMs: number;
  remaining: number;
}

export interface WorldConfig {
  /** Wall clock (ms). The test API can shift it with an offset. */
  now: () => number;
  authCodeTtlMs: number;
  tokenTtlSec: number;
  qrTtlMs: number;
  /** refreshToken lifetime: 30 days per the docs (D2, D3). */
  refreshTokenTtlSec: number;
}

export type ConfirmResult =
  | { ok: true; session: QrSession }
  | { ok: false; reason: 'not_found' | 'expired' | 'finished' | 'unknown_user' | 'inactive_user' | 'wrong_org'; message: string };

export type Mutation<T> = { ok: true; value: T } | { ok: false; status: number; errors: string[] };

export class World {
  readonly config: WorldConfig;
  private readonly fixture: SimFixture;
  clockOffsetMs = 0;

  orgs = new Map<string, SimOrg>();
  users = new Map<string, SimUser>();
  apps = new Map<string, SimApp>();
  /** Departments and who sits where (rebuilt from orgs/users on reset and on whole-world commits). */
  directory!: Directory;
  /** Run after reset(): the event hub, stream server and throttle drop their state too. */
  readonly resetHooks: Array<() => void> = [];

  sessions = new Map<string, QrSession>();
  authCodes = new Map<string, AuthCode>();
  loginTmpCodes = new Map<string, LoginTmpCode>();
  /** Legacy sns tmp_auth_code → user (bound to the app). */
  tmpAuthCodes = new Map<string, AuthCode>();
  /** In-client 免登 codes (requestAuthCode) for topapi/v2/user/getuserinfo. */
  inappCodes = new Map<string, InAppCode>();
  workbenchApps = new Map<string, WorkbenchApp>();
  userTokens = new Map<string, UserToken>();
  private userTokenByKey = new Map<string, string>();
  refreshTokens = new Map<string, RefreshToken>();
  appTokens = new Map<string, AppToken>();
  private appTokenByClient = new Map<string, string>();
  faults: Fault[] = [];

  /**
   * Takes the (validated) fixture's objects and freezes them: every change replaces an org, department, user or
   * app object rather than editing it, so reset() can share them instead of copying a 100,000-person org.
   */
  constructor(fixture: SimFixture, config: WorldConfig) {
    this.fixture = freezeFixture(fixture);
    this.config = config;
    this.reset();
  }

  now(): number {
    return this.config.now() + this.clockOffsetMs;
  }

  /** Back to the fixture: directory reloaded, every session/code/token/fault dropped, clock offset cleared. */
  reset(): void {
    const f = this.fixture;
    this.orgs = new Map(f.orgs.map((o) => [o.corpId, o]));
    this.users = new Map(f.users.map((u) => [u.unionId, u]));
    this.apps = new Map(f.apps.map((a) => [a.clientId, a]));
    this.directory = new Directory(this.orgs, f.departments ?? [], this.users.values());
    this.sessions.clear();
    this.authCodes.clear();
    this.loginTmpCodes.clear();
    this.tmpAuthCodes.clear();
    this.inappCodes.clear();
    this.workbenchApps.clear();
    this.userTokens.clear();
    this.userTokenByKey.clear();
    this.refreshTokens.clear();
    this.appTokens.clear();
    this.appTokenByClient.clear();
    this.faults = [];
    this.clockOffsetMs = 0;
    for (const hook of this.resetHooks) hook();
  }

  snapshot(): SimFixture {
    return structuredClone({
      orgs: [...this.orgs.values()], departments: this.directory.allDepts(), users: [...this.users.values()], apps: [...this.apps.values()],
    });
  }

  // ---- directory lookups ------------------------------------------------------------------

  userByUserId(corpId: string, userId: string): SimUser | undefined {
    const unionId = this.directory.unionIdOf(corpId, userId);
    return unionId === undefined ? undefined : this.users.get(unionId);
  }

  /** The users an internal app's QR login can offer: active members of the app's org. */
  pickableUsers(app: SimApp): SimUser[] {
    return [...this.users.values()].filter((u) => u.corpId === app.corpId && u.active);
  }

  openIdFor(user: SimUser, clientId: string): string {
    if (typeof user.openId === 'string') return user.openId;
    if (user.openId && typeof user.openId[clientId] === 'string') return user.openId[clientId];
    return deriveOpenId(user.unionId, clientId);
  }

  // ---- directory mutations (test API) -----------------------------------------------------

  private commit(candidate: SimFixture, errors: string[]): Mutation<SimFixture> {
    const refErrors = [...errors, ...checkReferences(candidate)];
    if (refErrors.length) return { ok: false, status: 400, errors: refErrors };
    this.orgs = new Map(candidate.orgs.map((o) => [o.corpId, o]));
    this.users = new Map(candidate.users.map((u) => [u.unionId, u]));
    this.apps = new Map(candidate.apps.map((a) => [a.clientId, a]));
    this.directory = new Directory(this.orgs, candidate.departments ?? [], this.users.values());
    return { ok: true, value: candidate };
  }

  addOrg(input: unknown): Mutation<SimOrg> {
    const r = validateOrg(input);
    if (!r.value) return { ok: false, status: 400, errors: r.errors };
    if (this.orgs.has(r.value.corpId)) return { ok: false, status: 409, errors: [`org ${r.value.corpId} already exists`] };
    const snap = this.snapshot();
    snap.orgs.push(r.value);
    const c = this.commit(snap, []);
    return c.ok ? { ok: true, value: r.value } : c;
  }

  addUser(input: unknown): Mutation<SimUser> {
    const r = validateUser(input, 'user', { defaults: true });
    if (!r.value) return { ok: false, status: 400, errors: r.errors };
    const user = r.value as SimUser;
    if (this.users.has(user.unionId)) return { ok: false, status: 409, errors: [`user ${user.unionId} already exists`] };
    const snap = this.snapshot();
    snap.users.push(user);
    const c = this.commit(snap, []);
    return c.ok ? { ok: true, value: user } : c;
  }

  updateUser(unionId: string, input: unknown): Mutation<SimUser> {
    const existing = this.users.get(unionId);
    if (!existing) return { ok: false, status: 404, errors: [`unknown user ${unionId}`] };
    // JSON null removes an optional field (e.g. {"email": null}).
    const removed: string[] = [];
    let patch = input;
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
      const entries = Object.entries(input);
      for (const [k, v] of entries) if (v === null && OPTIONAL_USER_FIELDS.has(k)) removed.push(k);
      patch = Object.fromEntries(entries.filter(([k]) => !removed.includes(k)));
    }
    const r = validateUser(patch, 'user', { partial: true });
    if (!r.value) return { ok: false, status: 400, errors: r.errors };
    const updated: SimUser = { ...existing, ...r.value, unionId };
    for (const k of removed) delete (updated as unknown as Record<string, unknown>)[k];
    const snap = this.snapshot();
    snap.users = snap.users.map((u) => (u.unionId === unionId ? updated : u));
    const c = this.commit(snap, []);
    return c.ok ? { ok: true, value: updated } : c;
  }

  /**
   * Replaces one org's departments and people (e.g. with a generated large org); other orgs, apps and every
   * session stay. The caller passes a validated fixture for that org only.
   */
  replaceOrgDirectory(corpId: string, f: SimFixture): Mutation<{ departments: number; users: number }> {
    if (!this.orgs.has(corpId)) return { ok: false, status: 404, errors: [`unknown organisation ${corpId}`] };
    const snap = this.snapshot();
    snap.departments = [...(snap.departments ?? []).filter((d) => d.corpId !== corpId), ...(f.departments ?? [])];
    snap.users = [...snap.users.filter((u) => u.corpId !== corpId), ...f.users];
    const c = this.commit(snap, []);
    return c.ok ? { ok: true, value: { departments: f.departments?.length ?? 0, users: f.users.length } } : c;
  }

  addApp(input: unknown): Mutation<SimApp> {
    const r = validateApp(input, 'app', { defaults: true });
    if (!r.value) return { ok: false, status: 400, errors: r.errors };
    const app = r.value as SimApp;
    if (this.apps.has(app.clientId)) return { ok: false, status: 409, errors: [`app ${app.clientId} already exists`] };
    const snap = this.snapshot();
    snap.apps.push(app);
    const c = this.commit(snap, []);
    return c.ok ? { ok: true, value: app } : c;
  }

  updateApp(clientId: string, input: unknown): Mutation<SimApp> {
    const existing = this.apps.get(clientId);
    if (!existing) return { ok: false, status: 404, errors: [`unknown app ${clientId}`] };
    const r = validateApp(input, 'app', { partial: true });
    if (!r.value) return { ok: false, status: 400, errors: r.errors };
    const updated: SimApp = {
      ...existing, ...r.value, clientId,
      grants: { ...existing.grants, ...(r.value.grants ?? {}) },
    };
    if (r.value.orgPermissions) {
      // Merged like grants; scopeDeptIds null widens the scope back to all employees.
      const merged: Record<string, unknown> = { ...existing.orgPermissions, ...r.value.orgPermissions };
      if (merged.scopeDeptIds === null) delete merged.scopeDeptIds;
      updated.orgPermissions = merged;
    }
    const snap = this.snapshot();
    snap.apps = snap.apps.map((a) => (a.clientId === clientId ? updated : a));
    const c = this.commit(snap, []);
    return c.ok ? { ok: true, value: updated } : c;
  }

  // ---- QR login sessions -----------------------------------------------------------------

  createSession(input: Omit<QrSession, 'id' | 'status' | 'createdAt' | 'expiresAt'>): QrSession {
    const now = this.now();
    const session: QrSession = { ...input, id: randomToken(12), status: 'pending', createdAt: now, expiresAt: now + this.config.qrTtlMs };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The session with its status brought up to date (pending/scanned past their life become expired). */
  getSession(id: string): QrSession | undefined {
    const s = this.sessions.get(id);
    if (s && (s.status === 'pending' || s.status === 'scanned') && this.now() >= s.expiresAt) {
      s.status = 'expired';
      s.finishedAt = s.expiresAt;
    }
    return s;
  }

  markScanned(id: string): QrSession | undefined {
    const s = this.getSession(id);
    if (s && s.status === 'pending') {
      s.status = 'scanned';
      s.scannedAt = this.now();
    }
    return s;
  }

  private openSession(id: string): { ok: true; session: QrSession } | Extract<ConfirmResult, { ok: false }> {
    const s = this.getSession(id);
    if (!s) return { ok: false, reason: 'not_found', message: 'unknown QR login session' };
    if (s.status === 'expired') return { ok: false, reason: 'expired', message: 'the QR code has expired' };
    if (s.status === 'confirmed' || s.status === 'declined') {
      return { ok: false, reason: 'finished', message: `this QR login was already ${s.status}` };
    }
    return { ok: true, session: s };
  }

  /**
   * The user confirms on the phone. oauth2: issues the authCode and the redirect URL
   * (`redirect_uri?code=X&authCode=X&state=S`). legacy: issues a loginTmpCode and the
   * sns_authorize continuation URL (`{baseUrl}/connect/oauth2/sns_authorize?…&loginTmpCode=`).
   */
  confirmSession(id: string, unionId: string, baseUrl: string): ConfirmResult {
    const open = this.openSession(id);
    if (!open.ok) return open;
    const s = open.session;
    const app = this.apps.get(s.clientId);
    const user = this.users.get(unionId);
    if (!app) return { ok: false, reason: 'not_found', message: 'the app of this session no longer exists' };
    if (!user) return { ok: false, reason: 'unknown_user', message: `unknown user ${unionId}` };
    if (!user.active) return { ok: false, reason: 'inactive_user', message: `user ${unionId} is not active` };
    // Internal apps do not support cross-org login (D1): only members of the app's org.
    if (user.corpId !== app.corpId || (s.corpId !== undefined && s.corpId !== user.corpId)) {
      return { ok: false, reason: 'wrong_org', message: `user ${unionId} is not a member of the app's organization` };
    }
    s.status = 'confirmed';
    s.finishedAt = this.now();
    s.unionId = unionId;
    if (s.flow === 'oauth2') {
      const code = this.issueAuthCode(app.clientId, unionId, s.scopes.includes('corpid') ? user.corpId : undefined);
      s.code = code.code;
      s.redirectUrl = appendQuery(s.redirectUri, [['code', code.code], ['authCode', code.code], ['state', s.state]]);
    } else {
      const ltc: LoginTmpCode = {
        code: randomToken(16), clientId: app.clientId, unionId, redirectUri: s.redirectUri,
        expiresAt: this.now() + this.config.authCodeTtlMs,
      };
      this.loginTmpCodes.set(ltc.code, ltc);
      s.loginTmpCode = ltc.code;
      s.redirectUrl = appendQuery(`${baseUrl}/connect/oauth2/sns_authorize`, [
        ['appid', app.clientId], ['response_type', 'code'], ['scope', s.scopes[0] ?? 'snsapi_login'],
        ['state', s.state], ['redirect_uri', s.redirectUri], ['loginTmpCode', ltc.code],
      ]);
    }
    return { ok: true, session: s };
  }

  declineSession(id: string): ConfirmResult {
    const open = this.openSession(id);
    if (!open.ok) return open;
    const s = open.session;
    s.status = 'declined';
    s.finishedAt = this.now();
    // The exact `error` value DingTalk sends on denial is UNCONFIRMED (ref §2.2); access_denied is the OAuth2 convention.
    s.redirectUrl = appendQuery(s.redirectUri, [['error', 'access_denied'], ['state', s.state]]);
    return { ok: true, session: s };
  }

  // ---- codes -------------------------------------------------------------------------------

  issueAuthCode(clientId: string, unionId: string, corpId?: string): AuthCode {
    // authCode lifetime UNCONFIRMED for the new flow (ref §2.2); default 5 minutes like the JSAPI code.
    const code: AuthCode = { code: randomToken(16), clientId, unionId, corpId, expiresAt: this.now() + this.config.authCodeTtlMs };
    this.authCodes.set(code.code, code);
    return code;
  }

  /** Single use. A code of another app is refused without being consumed (UNCONFIRMED: DingTalk may burn it). */
  consumeCode(store: Map<string, AuthCode>, code: string, clientId: string): AuthCode | undefined {
    const c = store.get(code);
    if (!c) return undefined;
    if (this.now() >= c.expiresAt) {
      store.delete(code);
      return undefined;
    }
    if (c.clientId !== clientId) return undefined;
    store.delete(code);
    return c;
  }

  consumeLoginTmpCode(code: string, clientId: string): LoginTmpCode | undefined {
    const c = this.loginTmpCodes.get(code);
    if (!c || c.clientId !== clientId) return undefined;
    this.loginTmpCodes.delete(code);
    return this.now() < c.expiresAt ? c : undefined;
  }

  issueTmpAuthCode(clientId: string, unionId: string): AuthCode {
    // Legacy tmp_auth_code: single use (D10); lifetime UNCONFIRMED, same default as authCode.
    const code: AuthCode = { code: randomToken(16), clientId, unionId, expiresAt: this.now() + this.config.authCodeTtlMs };
    this.tmpAuthCodes.set(code.code, code);
    return code;
  }

  issueInAppCode(corpId: string, unionId: string): InAppCode {
    const code: InAppCode = { code: randomToken(16), corpId, unionId, expiresAt: this.now() + INAPP_CODE_TTL_MS };
    this.inappCodes.set(code.code, code);
    return code;
  }

  /**
   * Single use, for an app token of the code's organisation. A code of another organisation is refused
   * without being used up, like another app's authCode above (UNCONFIRMED: DingTalk may burn it, and its
   * answer is assumed to be the same 40078).
   */
  consumeInAppCode(code: string, corpId: string): InAppCode | undefined {
    const c = this.inappCodes.get(code);
    if (!c) return undefined;
    if (this.now() >= c.expiresAt) {
      this.inappCodes.delete(code);
      return undefined;
    }
    if (c.corpId !== corpId) return undefined;
    this.inappCodes.delete(code);
    return c;
  }

  /** The organisation workbench apps belong to when the test API names none: the fixture's first. */
  defaultCorpId(): string {
    return this.fixture.orgs[0]?.corpId ?? '';
  }

  addWorkbenchApp(input: Omit<WorkbenchApp, 'id'>): WorkbenchApp {
    const app: WorkbenchApp = { ...input, id: randomToken(6) };
    this.workbenchApps.set(app.id, app);
    return app;
  }

  workbenchAppsOf(corpId: string): WorkbenchApp[] {
    return [...this.workbenchApps.values()].filter((a) => a.corpId === corpId);
  }

  // ---- tokens ------------------------------------------------------------------------------

  /**
   * User token. Within its life, asking again (same app, user, corp) returns the same accessToken and
   * extends it (D2, D3); every issuance returns a fresh refreshToken (30 days).
   */
  issueUserToken(clientId: string, unionId: string, corpId?: string): { accessToken: string; refreshToken: string; expireIn: number; corpId?: string } {
    const now = this.now();
    const ttl = this.config.tokenTtlSec;
    const key = `${clientId}\u0000${unionId}\u0000${corpId ?? ''}`;
    const existing = this.userTokens.get(this.userTokenByKey.get(key) ?? '');
    let token: UserToken;
    if (existing && now < existing.expiresAt) {
      existing.expiresAt = now + ttl * 1000;
      token = existing;
    } else {
      if (existing) this.userTokens.delete(existing.accessToken);
      token = { accessToken: randomToken(16), clientId, unionId, corpId, expiresAt: now + ttl * 1000 };
      this.userTokens.set(token.accessToken, token);
      this.userTokenByKey.set(key, token.accessToken);
    }
    const refresh: RefreshToken = {
      refreshToken: randomToken(16), clientId, unionId, corpId, expiresAt: now + this.config.refreshTokenTtlSec * 1000,
    };
    this.refreshTokens.set(refresh.refreshToken, refresh);
    return { accessToken: token.accessToken, refreshToken: refresh.refreshToken, expireIn: ttl, ...(corpId ? { corpId } : {}) };
  }

  /** grantType=refresh_token. The used refreshToken becomes invalid (UNCONFIRMED; ref §9 assumes a new one is returned). */
  refreshUserToken(clientId: string, refreshToken: string): ReturnType<World['issueUserToken']> | undefined {
    const rt = this.refreshTokens.get(refreshToken);
    if (!rt || rt.clientId !== clientId) return undefined;
    this.refreshTokens.delete(refreshToken);
    if (this.now() >= rt.expiresAt) return undefined;
    return this.issueUserToken(rt.clientId, rt.unionId, rt.corpId);
  }

  lookupUserToken(accessToken: string): UserToken | undefined {
    const t = this.userTokens.get(accessToken);
    return t && this.now() < t.expiresAt ? t : undefined;
  }

  /** App (corp) token: the same value until expiry, each request extends it (D5, D6). Shared by gettoken and v1.0/oauth2/accessToken. */
  issueAppToken(clientId: string): { accessToken: string; expireIn: number } {
    const now = this.now();
    const ttl = this.config.tokenTtlSec;
    const existing = this.appTokens.get(this.appTokenByClient.get(clientId) ?? '');
    if (existing && now < existing.expiresAt) {
      existing.expiresAt = now + ttl * 1000;
      return { accessToken: existing.accessToken, expireIn: ttl };
    }
    if (existing) this.appTokens.delete(existing.accessToken);
    const token: AppToken = { accessToken: randomToken(16), clientId, expiresAt: now + ttl * 1000 };
    this.appTokens.set(token.accessToken, token);
    this.appTokenByClient.set(clientId, token.accessToken);
    return { accessToken: token.accessToken, expireIn: ttl };
  }

  lookupAppToken(accessToken: string): AppToken | undefined {
    const t = this.appTokens.get(accessToken);
    return t && this.now() < t.expiresAt ? t : undefined;
  }

  // ---- faults ------------------------------------------------------------------------------

  addFault(f: Omit<Fault, 'id'>): Fault {
    const fault: Fault = { ...f, id: randomToken(6) };
    this.faults.push(fault);
    return fault;
  }

  /** The first armed fault whose prefix matches; each match uses one of its `times`. */
  takeFault(path: string): Fault | undefined {
    const i = this.faults.findIndex((f) => f.remaining > 0 && path.startsWith(f.pathPrefix));
    if (i < 0) return undefined;
    const f = this.faults[i];
    f.remaining -= 1;
    if (f.remaining <= 0) this.faults.splice(i, 1);
    return f;
  }
}

function freezeFixture(f: SimFixture): SimFixture {
  const deep = <T extends object>(o: T): T => {
    for (const v of Object.values(o)) if (typeof v === 'object' && v !== null) deep(v);
    return Object.freeze(o);
  };
  for (const list of [f.orgs, f.departments ?? [], f.users, f.apps]) for (const o of list) deep(o);
  return f;
}

