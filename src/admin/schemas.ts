/** Request and response schemas of the admin API: they validate requests and generate the OpenAPI document. */
import { Type, type TSchema } from '@sinclair/typebox';
import { USER_STATUSES, USERNAME_PATTERN } from '../directory/users.ts';
import { PASSWORD_MAX_LENGTH } from '../crypto/password.ts';
import { ADMIN_ROLES } from './roles.ts';
import { MAX_PAGE_SIZE } from '../store/paginate.ts';
import { VISIBLE_LINES_PATTERN, VISIBLE_TEXT_PATTERN } from '../validation.ts';

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
  Type.Object({ items: Type.Array(item), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });

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

// ---- applications
const RedirectUris = Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 20 });
export const Application = Type.Object({
  id: Type.String(),
  kind: literals(['user_center', 'oidc'] as const),
  builtIn: Type.Boolean(),
  name: Type.String(),
  description: Type.String(),
  logoUrl: Nullable(Type.String()),
  clientId: Type.String(),
  clientType: literals(['confidential', 'public'] as const),
  hasSecret: Type.Boolean(),
  redirectUris: Type.Array(Type.String()),
  postLogoutRedirectUris: Type.Array(Type.String()),
  firstParty: Type.Boolean(),
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
  clientType: literals(['confidential', 'public'] as const),
  redirectUris: RedirectUris,
  postLogoutRedirectUris: RedirectUris,
  firstParty: Type.Boolean(),
};
export const ApplicationCreate = Type.Object(
  {
    name: applicationFields.name,
    description: Type.Optional(applicationFields.description),
    logoUrl: Type.Optional(applicationFields.logoUrl),
    clientType: Type.Optional(applicationFields.clientType),
    redirectUris: applicationFields.redirectUris,
    postLogoutRedirectUris: Type.Optional(applicationFields.postLogoutRedirectUris),
    firstParty: Type.Optional(applicationFields.firstParty),
  },
  { additionalProperties: false },
);
export const ApplicationPatch = Type.Partial(Type.Object(applicationFields), { additionalProperties: false, minProperties: 1 });
export const LoginMethod = Type.Object({
  sourceId: Type.String(),
  type: Type.String(),
  name: Type.String(),
  enabled: Type.Boolean(),
  position: Nullable(Type.Integer()),
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
  before: Type.Unknown(),
  after: Type.Unknown(),
  ip: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
});
export const AuditQuery = Type.Object(
  {
    category: Type.Optional(literals(['admin', 'security', 'login', 'user'] as const)),
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
