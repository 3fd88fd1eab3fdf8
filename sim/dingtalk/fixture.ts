// Fixture: the simulated DingTalk world a simulator starts from (orgs, users, apps), its types,
// a loader and a validator. The same validators check the test API's inputs.
import { readFileSync } from 'node:fs';

export interface SimGrants {
  /** Contact.User.Read (通讯录个人信息读权限): needed by GET /v1.0/contact/users/me. */
  contactUserRead: boolean;
  /** Contact.User.mobile (个人手机号信息): mobile + stateCode in users/me. */
  contactUserMobile: boolean;
  /** qyapi_get_member (成员信息读权限): topapi getbyunionid and v2/user/get. */
  qyapiGetMember: boolean;
}

export interface SimOrg {
  corpId: string;
  name: string;
}

export interface SimUser {
  unionId: string;
  /** One openId for every app, or one per clientId; derived from unionId+clientId when absent. */
  openId?: string | Record<string, string>;
  /** Unique within the user's org. */
  userId: string;
  corpId: string;
  nick: string;
  name: string;
  /** Absolute URL, data: URI, or a path on the simulator (e.g. /sim/avatar/u1.svg). Defaults to the SVG avatar route. */
  avatar?: string;
  /** National digits, e.g. "13800000001". */
  mobile: string;
  /** Country calling code without '+', e.g. "86". */
  stateCode: string;
  email?: string;
  orgEmail?: string;
  jobNumber?: string;
  title?: string;
  deptIdList: number[];
  active: boolean;
}

export interface SimApp {
  clientId: string;
  clientSecret: string;
  corpId: string;
  name: string;
  redirectUris: string[];
  grants: SimGrants;
}

export interface SimFixture {
  orgs: SimOrg[];
  users: SimUser[];
  apps: SimApp[];
}

export class FixtureError extends Error {
  readonly errors: string[];
  constructor(errors: string[]) {
    super(`invalid DingTalk simulator fixture: ${errors.join('; ')}`);
    this.errors = errors;
  }
}

type Obj = Record<string, unknown>;

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const ID_RE = /^[^\s]{1,128}$/;
const MOBILE_RE = /^\d{5,15}$/;
const STATE_CODE_RE = /^\d{1,4}$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+$/;

export interface ValidateOptions {
  /** PATCH semantics: every field optional, no defaults applied. */
  partial?: boolean;
  /** Fill convenient defaults for absent optional-ish fields (test API POST). */
  defaults?: boolean;
}

interface Checker {
  errors: string[];
  out: Obj;
}

function field(c: Checker, src: Obj, key: string, path: string, required: boolean,
  check: (v: unknown) => string | null): void {
  if (!(key in src) || src[key] === undefined) {
    if (required) c.errors.push(`${path}.${key} is required`);
    return;
  }
  const problem = check(src[key]);
  if (problem) c.errors.push(`${path}.${key} ${problem}`);
  else c.out[key] = src[key];
}

const idCheck = (v: unknown) => (typeof v === 'string' && ID_RE.test(v) ? null : 'must be a non-empty string without spaces (max 128)');
const textCheck = (v: unknown) => (typeof v === 'string' && v.trim() !== '' && v.length <= 200 ? null : 'must be a non-empty string (max 200)');
const optTextCheck = (v: unknown) => (typeof v === 'string' && v.length <= 200 ? null : 'must be a string (max 200)');
const boolCheck = (v: unknown) => (typeof v === 'boolean' ? null : 'must be a boolean');
const emailCheck = (v: unknown) => (typeof v === 'string' && EMAIL_RE.test(v) ? null : 'must be an email address');

function absoluteHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

export function validateOrg(input: unknown, path = 'org'): { value?: SimOrg; errors: string[] } {
  if (!isObj(input)) return { errors: [`${path} must be an object`] };
  const c: Checker = { errors: [], out: {} };
  field(c, input, 'corpId', path, true, idCheck);
  field(c, input, 'name', path, true, textCheck);
  return c.errors.length ? { errors: c.errors } : { value: c.out as unknown as SimOrg, errors: [] };
}

export function validateUser(input: unknown, path = 'user', opts: ValidateOptions = {}): { value?: Partial<SimUser>; errors: string[] } {
  if (!isObj(input)) return { errors: [`${path} must be an object`] };
  const req = !opts.partial;
  const src: Obj = { ...input };
  if (opts.defaults && !opts.partial) {
    src.stateCode ??= '86';
    src.deptIdList ??= [1];
    src.active ??= true;
    src.nick ??= src.name;
  }
  const c: Checker = { errors: [], out: {} };
  if (opts.partial && 'unionId' in src) c.errors.push(`${path}.unionId cannot be changed`);
  else field(c, src, 'unionId', path, req, idCheck);
  field(c, src, 'openId', path, false, (v) => {
    if (typeof v === 'string') return ID_RE.test(v) ? null : 'must be a non-empty string';
    if (isObj(v) && Object.values(v).every((x) => typeof x === 'string' && ID_RE.test(x))) return null;
    return 'must be a string or an object {clientId: openId}';
  });
  field(c, src, 'userId', path, req, idCheck);
  field(c, src, 'corpId', path, req, idCheck);
  field(c, src, 'nick', path, req, textCheck);
  field(c, src, 'name', path, req, textCheck);
  field(c, src, 'avatar', path, false, (v) => (typeof v === 'string' && v.length <= 100_000 ? null : 'must be a string'));
  field(c, src, 'mobile', path, req, (v) => (typeof v === 'string' && MOBILE_RE.test(v) ? null : 'must be national digits, e.g. "13800000001"'));
  field(c, src, 'stateCode', path, req, (v) => (typeof v === 'string' && STATE_CODE_RE.test(v) ? null : 'must be digits without "+", e.g. "86"'));
  field(c, src, 'email', path, false, emailCheck);
  field(c, src, 'orgEmail', path, false, emailCheck);
  field(c, src, 'jobNumber', path, false, optTextCheck);
  field(c, src, 'title', path, false, optTextCheck);
  field(c, src, 'deptIdList', path, req, (v) => (Array.isArray(v) && v.every((d) => Number.isSafeInteger(d) && (d as number) > 0)
    ? null : 'must be an array of positive integers'));
  field(c, src, 'active', path, req, boolCheck);
  for (const key of Object.keys(src)) {
    if (!USER_KEYS.has(key)) c.errors.push(`${path}.${key} is not a known field`);
  }
  return c.errors.length ? { errors: c.errors } : { value: c.out as Partial<SimUser>, errors: [] };
}

const USER_KEYS = new Set(['unionId', 'openId', 'userId', 'corpId', 'nick', 'name', 'avatar', 'mobile', 'stateCode',
  'email', 'orgEmail', 'jobNumber', 'title', 'deptIdList', 'active']);
const APP_KEYS = new Set(['clientId', 'clientSecret', 'corpId', 'name', 'redirectUris', 'grants']);
const GRANT_KEYS = ['contactUserRead', 'contactUserMobile', 'qyapiGetMember'] as const;

export function validateApp(input: unknown, path = 'app', opts: ValidateOptions = {}): { value?: Partial<SimApp>; errors: string[] } {
  if (!isObj(input)) return { errors: [`${path} must be an object`] };
  const req = !opts.partial;
  const src: Obj = { ...input };
  if (opts.defaults && !opts.partial) {
    src.grants ??= { contactUserRead: true, contactUserMobile: true, qyapiGetMember: true };
  }
  const c: Checker = { errors: [], out: {} };
  if (opts.partial && 'clientId' in src) c.errors.push(`${path}.clientId cannot be changed`);
  else field(c, src, 'clientId', path, req, idCheck);
  field(c, src, 'clientSecret', path, req, idCheck);
  field(c, src, 'corpId', path, req, idCheck);
  field(c, src, 'name', path, req, textCheck);
  field(c, src, 'redirectUris', path, req, (v) => (Array.isArray(v) && v.every((u) => typeof u === 'string' && absoluteHttpUrl(u))
    ? null : 'must be an array of absolute http(s) URLs'));
  field(c, src, 'grants', path, req, (v) => {
    if (!isObj(v)) return 'must be an object';
    for (const k of Object.keys(v)) {
      if (!(GRANT_KEYS as readonly string[]).includes(k)) return `has an unknown grant "${k}" (known: ${GRANT_KEYS.join(', ')})`;
      if (typeof v[k] !== 'boolean') return `.${k} must be a boolean`;
    }
    // A PATCH may send some grants only; a full app needs all three.
    if (!opts.partial && GRANT_KEYS.some((k) => !(k in v))) return `must have ${GRANT_KEYS.join(', ')}`;
    return null;
  });
  for (const key of Object.keys(src)) {
    if (!APP_KEYS.has(key)) c.errors.push(`${path}.${key} is not a known field`);
  }
  return c.errors.length ? { errors: c.errors } : { value: c.out as Partial<SimApp>, errors: [] };
}

/** Structural and referential validation of a whole fixture. Throws FixtureError. */
export function validateFixture(input: unknown): SimFixture {
  if (!isObj(input)) throw new FixtureError(['fixture must be an object {orgs, users, apps}']);
  const errors: string[] = [];
  const list = (key: string): unknown[] => {
    const v = input[key];
    if (!Array.isArray(v)) {
      errors.push(`${key} must be an array`);
      return [];
    }
    return v;
  };
  const orgs: SimOrg[] = [];
  list('orgs').forEach((o, i) => {
    const r = validateOrg(o, `orgs[${i}]`);
    errors.push(...r.errors);
    if (r.value) orgs.push(r.value);
  });
  const users: SimUser[] = [];
  list('users').forEach((u, i) => {
    const r = validateUser(u, `users[${i}]`);
    errors.push(...r.errors);
    if (r.value) users.push(r.value as SimUser);
  });
  const apps: SimApp[] = [];
  list('apps').forEach((a, i) => {
    const r = validateApp(a, `apps[${i}]`);
    errors.push(...r.errors);
    if (r.value) apps.push(r.value as SimApp);
  });
  errors.push(...checkReferences({ orgs, users, apps }));
  if (errors.length) throw new FixtureError(errors);
  return { orgs, users, apps };
}

/** Uniqueness and cross references: org ids, unionIds, (corpId, userId), clientIds, known corpIds. */
export function checkReferences(f: SimFixture): string[] {
  const errors: string[] = [];
  const corpIds = new Set<string>();
  for (const o of f.orgs) {
    if (corpIds.has(o.corpId)) errors.push(`duplicate org corpId ${o.corpId}`);
    corpIds.add(o.corpId);
  }
  const unionIds = new Set<string>();
  const userIds = new Set<string>();
  for (const u of f.users) {
    if (unionIds.has(u.unionId)) errors.push(`duplicate user unionId ${u.unionId}`);
    unionIds.add(u.unionId);
    const key = `${u.corpId}/${u.userId}`;
    if (userIds.has(key)) errors.push(`duplicate userId ${u.userId} in org ${u.corpId}`);
    userIds.add(key);
    if (!corpIds.has(u.corpId)) errors.push(`user ${u.unionId} refers to unknown org ${u.corpId}`);
  }
  const clientIds = new Set<string>();
  for (const a of f.apps) {
    if (clientIds.has(a.clientId)) errors.push(`duplicate app clientId ${a.clientId}`);
    clientIds.add(a.clientId);
    if (!corpIds.has(a.corpId)) errors.push(`app ${a.clientId} refers to unknown org ${a.corpId}`);
  }
  return errors;
}

export function loadFixture(path: string | URL): SimFixture {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new FixtureError([`cannot read ${String(path)}: ${(err as Error).message}`]);
  }
  return validateFixture(parsed);
}

export const DEMO_FIXTURE_URL = new URL('./fixtures/demo.json', import.meta.url);
/** The DingTalk app the demo fixture registers: what a source needs to talk to a simulator started from it. */
export const DEMO_FIXTURE_APP = { appKey: 'dingdemoappkey', appSecret: 'demo-app-secret', corpId: 'dingdemocorp0001' } as const;

export function loadDemoFixture(): SimFixture {
  return loadFixture(DEMO_FIXTURE_URL);
}
