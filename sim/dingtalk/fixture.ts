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

/**
 * A department below an org's root. The root (dept_id 1) is implicit: every org has it, named after the org
 * (ref §4 "Root"; its name and parent_id are UNCONFIRMED).
 */
export interface SimDept {
  corpId: string;
  /** > 1, unique within the org. */
  deptId: number;
  name: string;
  /** 1 for a top-level department. */
  parentId: number;
  /** Order within the parent (department/get `order`); direction UNCONFIRMED (ref §1.3). */
  order?: number;
  /** userIds of the department's managers (dept_manager_userid_list; a member listed here is its `leader`). */
  managerUserIds?: string[];
}

/**
 * What the org's admin granted the app in the developer console (ref §1.2, §1.5, §1.7); absent = granted
 * (older fixtures and test-API apps keep working).
 */
export interface SimOrgPermissions {
  /** qyapi_get_department_list: department/listsub, listsubid, get. */
  departments?: boolean;
  /** qyapi_get_department_member: v2/user/list, user/listid. */
  members?: boolean;
  /** 企业员工手机号信息: mobile and state_code in v2/user/list and v2/user/get. */
  mobile?: boolean;
  /** 邮箱等个人信息: email and org_email in v2/user/list and v2/user/get. */
  email?: boolean;
  /** 通讯录权限范围: the departments (with their subtrees) the app may see; absent = all employees. */
  scopeDeptIds?: number[];
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
  /** National digits, e.g. "13800000001". Absent for the few people DingTalk holds no mobile for (large fixture). */
  mobile?: string;
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
  orgPermissions?: SimOrgPermissions;
}

export interface SimFixture {
  orgs: SimOrg[];
  /** Absent = every org has only its root department. */
  departments?: SimDept[];
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
  field(c, src, 'mobile', path, false, (v) => (typeof v === 'string' && MOBILE_RE.test(v) ? null : 'must be national digits, e.g. "13800000001"'));
  field(c, src, 'stateCode', path, req, (v) => (typeof v === 'string' && STATE_CODE_RE.test(v) ? null : 'must be digits without "+", e.g. "86"'));
  field(c, src, 'email', path, false, emailCheck);
  field(c, src, 'orgEmail', path, false, emailCheck);
  field(c, src, 'jobNumber', path, false, optTextCheck);
  field(c, src, 'title', path, false, optTextCheck);
  field(c, src, 'deptIdList', path, req, (v) => (Array.isArray(v) && v.length > 0 && v.every((d) => Number.isSafeInteger(d) && (d as number) > 0)
    && new Set(v).size === v.length ? null : 'must be a non-empty array of distinct positive integers'));
  field(c, src, 'active', path, req, boolCheck);
  for (const key of Object.keys(src)) {
    if (!USER_KEYS.has(key)) c.errors.push(`${path}.${key} is not a known field`);
  }
  return c.errors.length ? { errors: c.errors } : { value: c.out as Partial<SimUser>, errors: [] };
}

/** The user fields a change may remove (JSON null in a PATCH). */
export const OPTIONAL_USER_FIELDS: ReadonlySet<string> = new Set(['openId', 'avatar', 'mobile', 'email', 'orgEmail', 'jobNumber', 'title']);

const USER_KEYS = new Set(['unionId', 'openId', 'userId', 'corpId', 'nick', 'name', 'avatar', 'mobile', 'stateCode',
  'email', 'orgEmail', 'jobNumber', 'title', 'deptIdList', 'active']);
const APP_KEYS = new Set(['clientId', 'clientSecret', 'corpId', 'name', 'redirectUris', 'grants', 'orgPermissions']);
const ORG_PERMISSION_FLAGS = ['departments', 'members', 'mobile', 'email'] as const;
const DEPT_KEYS = new Set(['corpId', 'deptId', 'name', 'parentId', 'order', 'managerUserIds']);
const deptIdCheck = (min: number) => (v: unknown) => (Number.isSafeInteger(v) && (v as number) >= min ? null : `must be an integer ≥ ${min}`);

/** A department's own fields (references to parents and the org are checked by checkReferences). */
export function validateDept(input: unknown, path = 'department', opts: ValidateOptions = {}): { value?: Partial<SimDept>; errors: string[] } {
  if (!isObj(input)) return { errors: [`${path} must be an object`] };
  const req = !opts.partial;
  const c: Checker = { errors: [], out: {} };
  if (opts.partial && 'deptId' in input) c.errors.push(`${path}.deptId cannot be changed`);
  else field(c, input, 'deptId', path, req, deptIdCheck(2));
  if (opts.partial && 'corpId' in input) c.errors.push(`${path}.corpId cannot be changed`);
  else field(c, input, 'corpId', path, req, idCheck);
  field(c, input, 'name', path, req, textCheck);
  field(c, input, 'parentId', path, req, deptIdCheck(1));
  field(c, input, 'order', path, false, (v) => (Number.isSafeInteger(v) ? null : 'must be an integer'));
  field(c, input, 'managerUserIds', path, false, (v) => (Array.isArray(v) && v.every((x) => typeof x === 'string' && ID_RE.test(x))
    ? null : 'must be an array of userIds'));
  for (const key of Object.keys(input)) {
    if (!DEPT_KEYS.has(key)) c.errors.push(`${path}.${key} is not a known field`);
  }
  return c.errors.length ? { errors: c.errors } : { value: c.out as Partial<SimDept>, errors: [] };
}

function orgPermissionsCheck(v: unknown): string | null {
  if (!isObj(v)) return 'must be an object';
  for (const [k, x] of Object.entries(v)) {
    if ((ORG_PERMISSION_FLAGS as readonly string[]).includes(k)) {
      if (typeof x !== 'boolean') return `.${k} must be a boolean`;
    } else if (k === 'scopeDeptIds') {
      // null (PATCH) widens the scope back to all employees.
      if (x !== null && !(Array.isArray(x) && x.length > 0 && x.every((d) => Number.isSafeInteger(d) && (d as number) >= 1))) {
        return '.scopeDeptIds must be a non-empty array of department ids (or null for all employees)';
      }
    } else return `has an unknown permission "${k}" (known: ${[...ORG_PERMISSION_FLAGS, 'scopeDeptIds'].join(', ')})`;
  }
  return null;
}
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
  field(c, src, 'orgPermissions', path, false, orgPermissionsCheck);
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
  const departments: SimDept[] = [];
  if (input.departments !== undefined) {
    list('departments').forEach((d, i) => {
      const r = validateDept(d, `departments[${i}]`);
      errors.push(...r.errors);
      if (r.value) departments.push(r.value as SimDept);
    });
  }
  const apps: SimApp[] = [];
  list('apps').forEach((a, i) => {
    const r = validateApp(a, `apps[${i}]`);
    errors.push(...r.errors);
    if (r.value) apps.push(r.value as SimApp);
  });
  errors.push(...checkReferences({ orgs, departments, users, apps }));
  if (errors.length) throw new FixtureError(errors);
  return { orgs, departments, users, apps };
}

/** Uniqueness and cross references: org ids, unionIds, (corpId, userId), clientIds, known corpIds. */
export function checkReferences(f: SimFixture): string[] {
  const errors: string[] = [];
  const corpIds = new Set<string>();
  for (const o of f.orgs) {
    if (corpIds.has(o.corpId)) errors.push(`duplicate org corpId ${o.corpId}`);
    corpIds.add(o.corpId);
  }
  const deptKeys = new Set<string>(f.orgs.map((o) => `${o.corpId}/1`));
  for (const d of f.departments ?? []) {
    const key = `${d.corpId}/${d.deptId}`;
    if (deptKeys.has(key)) errors.push(`duplicate department ${d.deptId} in org ${d.corpId}`);
    deptKeys.add(key);
    if (!corpIds.has(d.corpId)) errors.push(`department ${d.deptId} refers to unknown org ${d.corpId}`);
  }
  errors.push(...treeErrors(f.departments ?? [], deptKeys));
  const unionIds = new Set<string>();
  const userIds = new Set<string>();
  for (const u of f.users) {
    if (unionIds.has(u.unionId)) errors.push(`duplicate user unionId ${u.unionId}`);
    unionIds.add(u.unionId);
    const key = `${u.corpId}/${u.userId}`;
    if (userIds.has(key)) errors.push(`duplicate userId ${u.userId} in org ${u.corpId}`);
    userIds.add(key);
    if (!corpIds.has(u.corpId)) errors.push(`user ${u.unionId} refers to unknown org ${u.corpId}`);
    for (const d of u.deptIdList) {
      if (!deptKeys.has(`${u.corpId}/${d}`)) errors.push(`user ${u.unionId} refers to unknown department ${d}`);
    }
  }
  const clientIds = new Set<string>();
  for (const a of f.apps) {
    if (clientIds.has(a.clientId)) errors.push(`duplicate app clientId ${a.clientId}`);
    clientIds.add(a.clientId);
    if (!corpIds.has(a.corpId)) errors.push(`app ${a.clientId} refers to unknown org ${a.corpId}`);
  }
  return errors;
}

/** Every parent exists in the same org and no department is its own ancestor. */
function treeErrors(departments: SimDept[], deptKeys: Set<string>): string[] {
  const errors: string[] = [];
  const parentOf = new Map(departments.map((d) => [`${d.corpId}/${d.deptId}`, `${d.corpId}/${d.parentId}`]));
  for (const d of departments) {
    const key = `${d.corpId}/${d.deptId}`;
    if (!deptKeys.has(`${d.corpId}/${d.parentId}`)) {
      errors.push(`department ${d.deptId} refers to unknown parent ${d.parentId}`);
      continue;
    }
    const seen = new Set([key]);
    for (let p = parentOf.get(key); p !== undefined; p = parentOf.get(p)) {
      if (seen.has(p)) {
        errors.push(`department ${d.deptId} is its own ancestor`);
        break;
      }
      seen.add(p);
    }
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
