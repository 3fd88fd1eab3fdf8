/** Request and response schemas of the admin API: they validate requests and generate the OpenAPI document. */
import { Type, type TSchema } from '@sinclair/typebox';
import { USER_STATUSES, USERNAME_PATTERN } from '../directory/users.ts';
import { PASSWORD_MAX_LENGTH } from '../crypto/password.ts';
import { ADMIN_ROLES } from './roles.ts';
import { MAX_PAGE_SIZE } from '../store/paginate.ts';
import { AUDIT_CATEGORIES } from '../audit/audit.ts';
import { VISIBLE_LINES_PATTERN, VISIBLE_TEXT_PATTERN } from '../validation.ts';
import { DEFAULT_PROTOCOL, everyProtocolField, PROTOCOL_NAMES, PROTOCOLS } from '../protocols/registry.ts';
import { ACCESS_TOKEN_TTL_BOUNDS_S, ACCESS_TOKEN_TTL_S, ID_TOKEN_SIGNING_ALGS } from '../protocols/oidc/token-policy.ts';
import type { IdTokenSigningAlg } from '../protocols/oidc/views.ts';
import { MAX_API_SCOPES, MAX_SCOPE_NAME_LENGTH } from '../apis/scope-syntax.ts';
import { MAX_REMEMBER_DAYS, SECOND_FACTOR_KINDS, SECOND_FACTOR_MODES } from '../factors/views.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const literals = <T extends string>(values: readonly T[]) => Type.Unsafe<T>({ type: 'string', enum: [...values] });
const Timestamp = Type.String({ format: 'date-time' });
const Id = Type.String({ minLength: 1, maxLength: 64 });
/** A name or value people read: visible characters only (src/validation.ts). */
const Visible = (o: { minLength?: number; maxLength: number }) => Type.String({ ...o, pattern: VISIBLE_TEXT_PATTERN });
/** A message that may span lines: visible characters, line breaks and tabs. */
const VisibleLines = (o: { maxLength: number }) => Type.String({ ...o, pattern: VISIBLE_LINES_PATTERN });
export const DisplayName = Visible({ minLength: 1, maxLength: 100 });

export const IdParams = Type.Object({ id: Id });
export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })),
};
export const pageOf = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
    totalCapped: Type.Optional(
      Type.Boolean({ description: 'true: more than `total` match. The audit log counts up to 10,000 matches past the page asked for, a user search 1,000, not every one' }),
    ),
  });

/** A password people can choose: ASVS 6.2.1 (≥ 8) and 6.2.9 (allow ≥ 64). */
export const Password = Type.String({ minLength: 8, maxLength: PASSWORD_MAX_LENGTH });

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'Stable machine code, e.g. user.username_taken' }),
    field: Type.Optional(Type.String({ description: 'JSON pointer of the offending field' })),
    instance: Type.String(),
    requestId: Type.String(),
  },
  { additionalProperties: true, $id: 'Problem' },
);

// ---- users
const userFields = {
  displayName: DisplayName,
  mobile: Nullable(Type.String({ maxLength: 32, description: 'Any common format; stored in E.164, +86 assumed' })),
  email: Nullable(Visible({ maxLength: 254 })),
  employeeNumber: Nullable(Visible({ maxLength: 64 })),
  externalId: Nullable(Visible({ maxLength: 128 })),
  status: literals(USER_STATUSES),
  orgUnitId: Id,
  password: Nullable(Password),
  emailVerified: Type.Boolean({ description: "true: the email is known to be the person's (email_verified); false withdraws it. A changed email is unverified unless this says true" }),
  mobileVerified: Type.Boolean({ description: "true: the mobile is known to be the person's (phone_number_verified); false withdraws it. A changed mobile is unverified unless this says true" }),
};
export const UserCreate = Type.Object(
  {
    username: Type.String({ pattern: USERNAME_PATTERN, maxLength: 64 }),
    displayName: userFields.displayName,
    mobile: Type.Optional(userFields.mobile),
    email: Type.Optional(userFields.email),
    employeeNumber: Type.Optional(userFields.employeeNumber),
    externalId: Type.Optional(userFields.externalId),
    status: Type.Optional(userFields.status),
    orgUnitId: Type.Optional(userFields.orgUnitId),
    password: Type.Optional(userFields.password),
    emailVerified: Type.Optional(userFields.emailVerified),
    mobileVerified: Type.Optional(userFields.mobileVerified),
  },
  { additionalProperties: false },
);
export const UserPatch = Type.Partial(Type.Object({ username: UserCreate.properties.username, ...userFields }), {
  additionalProperties: false,
  minProperties: 1,
});
export const User = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  mobile: Nullable(Type.String()),
  email: Nullable(Type.String()),
  employeeNumber: Nullable(Type.String()),
  externalId: Nullable(Type.String()),
  status: literals(USER_STATUSES),
  orgUnitId: Type.String(),
  hasPassword: Type.Boolean(),
  emailVerified: Type.Boolean(),
  emailVerifiedAt: Nullable(Timestamp),
  mobileVerified: Type.Boolean(),
  mobileVerifiedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const UserQuery = Type.Object(
  { q: Type.Optional(Type.String({ maxLength: 100 })), status: Type.Optional(literals(USER_STATUSES)), orgUnitId: Type.Optional(Id), ...PageQuery },
  { additionalProperties: false },
);

// ---- org units
export const OrgUnit = Type.Object({
  id: Type.String(),
  parentId: Nullable(Type.String()),
  name: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const OrgUnitCreate = Type.Object(
  { name: Visible({ minLength: 1, maxLength: 100 }), parentId: Type.Optional(Id) },
  { additionalProperties: false },
);
export const OrgUnitPatch = Type.Partial(OrgUnitCreate, { additionalProperties: false, minProperties: 1 });

// ---- registered APIs (OAuth resource servers) and what applications may be granted of them
const ApiScope = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: MAX_SCOPE_NAME_LENGTH, description: 'An RFC 6749 §3.3 scope-token, not an OpenID Connect scope name' }),
    description: VisibleLines({ maxLength: 300 }),
  },
  { additionalProperties: false },
);
export const Api = Type.Object({
  id: Type.String(),
  name: Type.String(),
  identifier: Type.String({ description: 'The resource indicator (RFC 8707): the `aud` of its JWT access tokens' }),
  description: Type.String(),
  scopes: Type.Array(ApiScope),
  accessTokenLifetimeSeconds: Type.Integer(),
  signingAlg: literals(ID_TOKEN_SIGNING_ALGS),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
const apiFields = {
  name: Visible({ minLength: 1, maxLength: 100 }),
  identifier: Type.String({ minLength: 1, maxLength: 2000, description: 'An absolute https URI without fragment (http only on a loopback host), unique' }),
  description: VisibleLines({ maxLength: 500 }),
  scopes: Type.Array(ApiScope, { maxItems: MAX_API_SCOPES }),
  accessTokenLifetimeSeconds: Type.Integer({
    minimum: ACCESS_TOKEN_TTL_BOUNDS_S.min,
    maximum: ACCESS_TOKEN_TTL_BOUNDS_S.max,
    description: `Its JWT access tokens' lifetime, in seconds (${ACCESS_TOKEN_TTL_BOUNDS_S.min}–${ACCESS_TOKEN_TTL_BOUNDS_S.max}; ${ACCESS_TOKEN_TTL_S} when left out)`,
  }),
  signingAlg: Type.Unsafe<IdTokenSigningAlg>({ type: 'string', enum: [...ID_TOKEN_SIGNING_ALGS], description: 'What its JWT access tokens are signed with: ES256 (the default), RS256 or PS256' }),
};
export const ApiCreate = Type.Object(
  {
    name: apiFields.name,
    identifier: apiFields.identifier,
    description: Type.Optional(apiFields.description),
    scopes: Type.Optional(apiFields.scopes),
    accessTokenLifetimeSeconds: Type.Optional(apiFields.accessTokenLifetimeSeconds),
    signingAlg: Type.Optional(apiFields.signingAlg),
  },
  { additionalProperties: false },
);
export const ApiPatch = Type.Partial(Type.Object(apiFields), { additionalProperties: false, minProperties: 1, description: 'Fields to change; `scopes` replaces the list' });
const ApiGrant = Type.Object(
  { apiId: Id, scopes: Type.Array(Type.String({ maxLength: MAX_SCOPE_NAME_LENGTH }), { maxItems: MAX_API_SCOPES, description: 'Scopes of the API it may be granted' }) },
  { additionalProperties: false },
);
/** On an application's create or change: replaces which APIs and scopes it may be granted. */
const ApiAccessField = Type.Array(ApiGrant, {
  maxItems: 50,
  description: 'The registered APIs and scopes it may be granted: a machine-to-machine application with client credentials, another by asking for the API with `resource` (RFC 8707)',
});
export const ApplicationApiAccess = Type.Object({ applicationId: Type.String(), apis: Type.Array(ApiGrant) });

// ---- applications
const Protocol = Type.String({ minLength: 1, maxLength: 40, description: `The protocol the application speaks: ${PROTOCOL_NAMES.join(', ')} (GET /protocols); ${DEFAULT_PROTOCOL} when left out` });
export const Application = Type.Object({
  id: Type.String(),
  protocol: Type.String(),
  builtIn: Type.Boolean(),
  kind: Type.String({ description: 'Before protocols: user_center for the built-in application, else its protocol' }),
  name: Type.String(),
  description: Type.String(),
  logoUrl: Nullable(Type.String()),
  secondFactor: Type.Object({ mode: literals(SECOND_FACTOR_MODES), methods: Type.Array(Type.String()), rememberDays: Type.Integer(), enroll: Type.Boolean(), factors: Type.Array(literals(SECOND_FACTOR_KINDS)) }),
  inPortal: Type.Boolean({ description: "Listed in the User Center's My applications" }),
  // The protocol's fields (an OpenID Connect application's client ID, client type, redirect URIs…).
  ...everyProtocolField('viewSchema'),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const ApplicationWithSecret = Type.Object({
  application: Application,
  clientSecret: Type.Optional(Type.String({ description: 'Shown once; store it now' })),
});
const applicationFields = {
  name: Visible({ minLength: 1, maxLength: 100 }),
  description: VisibleLines({ maxLength: 500 }),
  logoUrl: Nullable(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 })),
  secondFactor: Type.Object(
    {
      mode: Type.Optional({ ...literals(SECOND_FACTOR_MODES), description: 'never (the default), always, after_methods (after the sign-in methods named), new_device (on a device not remembered)' }),
      methods: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20, uniqueItems: true, description: 'after_methods: source types, e.g. sms, dingtalk' })),
      rememberDays: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_REMEMBER_DAYS, description: 'new_device: how long a device that gave the second factor is remembered' })),
      enroll: Type.Optional(Type.Boolean({ description: 'People without a factor set one up at their next sign-in (default true); false lets them go on with one factor' })),
      factors: Type.Optional(
        Type.Array(literals(SECOND_FACTOR_KINDS), { minItems: 1, uniqueItems: true, description: 'The kinds of second factor accepted: totp (authenticator app), passkey, sms (default: totp and passkey)' }),
      ),
    },
    { additionalProperties: false, description: 'When signing in needs a second factor; what is given replaces those parts' },
  ),
  inPortal: Type.Boolean({ description: "Listed in the User Center's My applications, which opens it at the address that starts its sign-in (default false)" }),
};
const requiredSettings = PROTOCOLS.map((p) => `${p.name}: ${(p.settingsSchema.required ?? []).join(', ') || 'none'}`).join('; ');
/** The protocol's settings sit beside the application's own fields; its own schema says which it requires. */
export const ApplicationCreate = Type.Object(
  {
    protocol: Type.Optional(Protocol),
    name: applicationFields.name,
    description: Type.Optional(applicationFields.description),
    logoUrl: Type.Optional(applicationFields.logoUrl),
    secondFactor: Type.Optional(applicationFields.secondFactor),
    inPortal: Type.Optional(applicationFields.inPortal),
    ...everyProtocolField('settingsSchema'),
    apiAccess: Type.Optional(ApiAccessField),
  },
  { additionalProperties: false, description: `An application and its protocol's settings; each protocol requires its own (${requiredSettings})` },
);
export const ApplicationPatch = Type.Partial(Type.Object({ ...applicationFields, ...everyProtocolField('settingsSchema'), apiAccess: ApiAccessField }), {
  additionalProperties: false,
  minProperties: 1,
  description: "Fields to change; the protocol's settings are those of the application's protocol, which does not change",
});
export const ApplicationEndpoints = Type.Object({
  applicationId: Type.String(),
  protocol: Type.String(),
  endpoints: Type.Array(Type.Object({ key: Type.String(), value: Type.String(), download: Type.Optional(Type.Literal(true, { description: 'A file to download (e.g. a certificate)' })) }), { description: "What to register in the application: Portico's addresses and identifiers for it" }),
});
export const ProtocolList = Type.Object({
  items: Type.Array(Type.Object({ protocol: Type.String(), label: Type.String(), settingsSchema: Type.Unknown() })),
});
export const LoginMethod = Type.Object({
  sourceId: Type.String(),
  type: Type.String(),
  name: Type.String(),
  enabled: Type.Boolean(),
  position: Nullable(Type.Integer()),
  entryUrl: Type.Optional(
    Type.String({ description: "Enabled, of a type whose upstream opens applications itself (a DingTalk workbench): the address to register there for this application (the source's start route)" }),
  ),
});
export const EntryAddresses = Type.Object({
  items: Type.Array(Type.Object({ applicationId: Type.String(), applicationName: Type.String(), url: Type.String() })),
});
export const LoginConfiguration = Type.Object({ applicationId: Type.String(), methods: Type.Array(LoginMethod) });
export const LoginConfigurationPut = Type.Object(
  { sources: Type.Array(Id, { maxItems: 50, description: 'Ids of the enabled sources, in login-page order' }) },
  { additionalProperties: false },
);

// ---- sources
export const Source = Type.Object({
  id: Type.String(),
  type: Type.String(),
  name: Type.String(),
  config: Type.Record(Type.String(), Type.Unknown(), { description: 'Configuration without secrets' }),
  secretsSet: Type.Array(Type.String(), { description: 'Secret fields that hold a value (never returned)' }),
  callbackUrl: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const SourceName = Visible({ minLength: 1, maxLength: 100 });

/** A kind of source and how the console asks for its configuration (src/sources/views.ts SourceTypeView). */
const Localized = Type.Object({ en: Type.String(), 'zh-CN': Type.String() });
const Condition = Type.Record(Type.String(), Type.Unknown(), { description: 'Every field named has the value given, or one of an array of values' });
const formFieldProperties = {
  key: Type.String({ description: 'The configuration field (`appKey`), or a group member (`endpoints.login`)' }),
  kind: literals(['text', 'secret', 'switch', 'select', 'url', 'integer', 'orgUnit', 'multiline', 'group', 'display'] as const),
  section: Type.String(),
  label: Localized,
  help: Type.Optional(Localized),
  helpWhenSet: Type.Optional(Localized),
  wide: Type.Boolean(),
  required: Type.Optional(Type.Boolean({ description: 'The configuration always has it (a default fills it when left out); a secret: until one is stored' })),
  requiredWhen: Type.Optional(Condition),
  requiredMessage: Type.Optional(Localized),
  shownWhen: Type.Optional(Condition),
  nullable: Type.Optional(Type.Boolean()),
  default: Type.Optional(Type.Unknown()),
  options: Type.Optional(Type.Array(Type.Object({ value: Type.String(), label: Localized }))),
  minimum: Type.Optional(Type.Number()),
  maximum: Type.Optional(Type.Number()),
  step: Type.Optional(Type.Number()),
  unit: Type.Optional(Localized),
  maxLength: Type.Optional(Type.Integer()),
  pattern: Type.Optional(Type.String()),
  patternMessage: Type.Optional(Localized),
  secret: Type.Optional(Type.Boolean()),
  trust: Type.Optional(Type.Boolean({ description: 'Only a super admin sets or changes it' })),
  creatorChooses: Type.Optional(Type.Boolean({ description: 'A trust setting without a default: set by whoever creates the source' })),
  resetLabel: Type.Optional(Localized),
  fixedUnless: Type.Optional(Type.Object({ policy: Type.String(), note: Localized })),
  value: Type.Optional(literals(['callbackUrl'] as const)),
};
const SourceForm = Type.Object({
  intro: Localized,
  nameHelp: Type.Optional(Localized),
  trustNotice: Type.Optional(Localized),
  created: Type.Optional(Localized),
  connection: Type.Optional(Type.Object({ intro: Localized, ok: Localized, advice: Type.Record(Type.String(), Localized) })),
  entryAddress: Type.Optional(
    Type.Object({ title: Localized, help: Localized, fields: Type.Array(Localized) }, { description: "The upstream opens applications at Portico's addresses (a DingTalk workbench): the words for them" }),
  ),
  summary: Type.Array(Type.String()),
  sections: Type.Array(Type.Object({ id: Type.String(), title: Localized, collapsed: Type.Boolean(), trustNotice: Type.Boolean() })),
  items: Type.Array(Type.Object({ ...formFieldProperties, members: Type.Optional(Type.Array(Type.Object(formFieldProperties))) })),
});
export const SourceTypeView = Type.Object({
  type: Type.String(),
  label: Type.String(),
  labels: Localized,
  singleton: Type.Boolean(),
  external: Type.Boolean({ description: 'Signs people in through another system: a callback URL and Test connection' }),
  secretFields: Type.Array(Type.String()),
  trustFields: Type.Array(Type.String()),
  defaults: Type.Record(Type.String(), Type.Unknown()),
  configSchema: Type.Unknown(),
  form: Nullable(SourceForm),
});

// ---- bindings
export const Binding = Type.Object({
  id: Type.String(),
  sourceId: Type.String(),
  sourceName: Type.String(),
  sourceType: Type.String(),
  userId: Type.String(),
  username: Type.String(),
  subject: Type.String({ description: 'DingTalk unionId' }),
  openId: Nullable(Type.String()),
  externalUserId: Nullable(Type.String({ description: 'DingTalk userId, when known' })),
  nick: Nullable(Type.String()),
  avatarUrl: Nullable(Type.String()),
  createdAt: Timestamp,
  lastUsedAt: Nullable(Timestamp),
});

// ---- second factors (src/factors/views.ts)
export const UserFactors = Type.Object({
  factors: Type.Array(Type.Object({ id: Type.String(), type: literals(['totp'] as const), name: Type.String(), createdAt: Timestamp, lastUsedAt: Nullable(Timestamp) })),
  recoveryCodesLeft: Type.Integer({ description: 'Recovery codes not used yet' }),
});

// ---- audit
export const AuditEvent = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  category: Type.String(),
  actor: Type.Object({ type: Type.String(), id: Nullable(Type.String()), name: Nullable(Type.String()) }),
  action: Type.String(),
  target: Nullable(Type.Object({ type: Type.String(), id: Nullable(Type.String()) })),
  outcome: Type.String(),
  reason: Nullable(Type.String()),
  method: Nullable(Type.String({ description: 'A login event that ended a sign-in attempt: the source type it was made with' })),
  before: Type.Unknown(),
  after: Type.Unknown(),
  ip: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
});
export const AuditQuery = Type.Object(
  {
    category: Type.Optional(literals(AUDIT_CATEGORIES)),
    action: Type.Optional(Type.String({ maxLength: 100 })),
    actorId: Type.Optional(Id),
    targetType: Type.Optional(Type.String({ maxLength: 50 })),
    targetId: Type.Optional(Id),
    outcome: Type.Optional(literals(['success', 'failure'] as const)),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);

// ---- admins and the session
export const Admin = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: literals(ADMIN_ROLES),
  status: literals(['active', 'disabled'] as const),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  lastLoginAt: Nullable(Timestamp),
});
export const AdminCreate = Type.Object(
  {
    username: Type.String({ pattern: USERNAME_PATTERN, maxLength: 64 }),
    displayName: Type.Optional(DisplayName),
    password: Password,
    role: literals(ADMIN_ROLES),
  },
  { additionalProperties: false },
);
export const AdminPatch = Type.Partial(
  Type.Object({ displayName: DisplayName, password: Password, role: literals(ADMIN_ROLES), status: literals(['active', 'disabled'] as const) }),
  { additionalProperties: false, minProperties: 1 },
);
export const SessionCreate = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }) },
  { additionalProperties: false },
);
export const Session = Type.Object({ token: Type.String(), expiresAt: Timestamp, admin: Admin });
/** The signed-in admin's own new password: the same rule as a password a super admin sets (Password). */
export const PasswordChange = Type.Object(
  { currentPassword: SessionCreate.properties.password, newPassword: Password },
  { additionalProperties: false },
);

export const CodeTexts = Type.Object({
  codes: Type.Record(Type.String(), Localized, { description: 'Every error code, audit reason and audit action, in both languages' }),
  sourceTypes: Type.Record(Type.String(), Localized, {
    description: "Every source type's name, in both languages (a sign-in method is named by its type), and the names of a type's further sign-in methods (dingtalk_inapp)",
  }),
});
