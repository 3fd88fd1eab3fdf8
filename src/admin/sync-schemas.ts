/** Schemas of the directory sync routes (identity sources, runs, CSV): they validate and document (src/sync/views.ts). */
import { Type, type TSchema } from '@sinclair/typebox';
import { CHANGE_KINDS, MATCH_KEYS } from '../sync/views.ts';
import { DingTalkSyncConfigSchema, DingTalkSyncSecretsSchema } from '../sync/dingtalk/config.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Timestamp = Type.String({ format: 'date-time' });
const CodeDetail = Type.Object({ code: Type.String(), detail: Type.String() });
const AnyObject = Type.Object({}, { additionalProperties: true });

export const SyncRunSchema = Type.Object({
  id: Id,
  sourceId: Nullable(Id),
  origin: Type.String(),
  mode: Type.String(),
  trigger: Type.String(),
  status: Type.String({ description: 'queued, running, planned, awaiting_confirmation, succeeded, failed, superseded' }),
  phase: Type.String({ description: 'departments, people, diff, apply, done' }),
  progress: Type.Object({ done: Type.Integer(), total: Nullable(Type.Integer()) }),
  counts: Type.Record(Type.String(), Type.Integer()),
  complete: Type.Boolean({ description: 'Every page was fetched: only a complete run may disable anyone' }),
  warnings: Type.Array(CodeDetail),
  error: Nullable(CodeDetail),
  label: Nullable(Type.String()),
  startedAt: Timestamp,
  finishedAt: Nullable(Timestamp),
  requestedBy: Nullable(Type.String()),
});

export const SyncChangeSchema = Type.Object({
  seq: Type.Integer(),
  kind: Type.String({ enum: [...CHANGE_KINDS] }),
  externalId: Type.String(),
  userId: Nullable(Type.String()),
  orgUnitId: Nullable(Type.String()),
  name: Type.String(),
  before: Nullable(AnyObject),
  after: Nullable(AnyObject),
  problem: Nullable(CodeDetail),
  applied: Type.Boolean(),
});

export const SyncEventSchema = Type.Object({
  id: Id,
  sourceId: Id,
  receivedAt: Timestamp,
  transport: Type.String(),
  eventType: Type.String(),
  ids: Type.Array(Type.String()),
  status: Type.String({ description: 'received, applied, duplicate, ignored, failed' }),
  detail: Nullable(Type.String()),
});

export const IdentitySourceSchema = Type.Object({
  id: Id,
  type: Type.Literal('dingtalk'),
  name: Type.String(),
  enabled: Type.Boolean(),
  config: DingTalkSyncConfigSchema,
  secretsSet: Type.Object({ appSecret: Type.Boolean(), pushToken: Type.Boolean(), pushAesKey: Type.Boolean() }),
  callbackUrl: Type.String({ description: 'HTTP push: paste in DingTalk’s event subscription page' }),
  lastRun: Nullable(SyncRunSchema),
  nextRunAt: Nullable(Timestamp),
  stream: Type.Object({ state: Type.String(), holder: Nullable(Type.String()), since: Nullable(Timestamp), lastError: Nullable(Type.String()) }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const IdentitySourceCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    type: Type.Literal('dingtalk'),
    enabled: Type.Optional(Type.Boolean()),
    config: Type.Partial(DingTalkSyncConfigSchema),
    secrets: Type.Partial(DingTalkSyncSecretsSchema),
  },
  { additionalProperties: false },
);

export const IdentitySourcePatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    enabled: Type.Optional(Type.Boolean()),
    config: Type.Optional(Type.Partial(DingTalkSyncConfigSchema)),
    secrets: Type.Optional(Type.Partial(DingTalkSyncSecretsSchema)),
  },
  { additionalProperties: false },
);

export const RunCreate = Type.Object({ mode: Type.Union([Type.Literal('dry_run'), Type.Literal('apply')]) }, { additionalProperties: false });
export const RunApply = Type.Object({ confirmDisables: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
export const ChangeQuery = Type.Object({
  kind: Type.Optional(Type.String({ enum: [...CHANGE_KINDS] })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});

export const ConnectionChecks = Type.Object({ ok: Type.Boolean(), checks: Type.Array(Type.Object({ code: Type.String(), ok: Type.Boolean(), detail: Type.String() })) });

/** A CSV of people: UTF-8 text in JSON (the admin API speaks JSON only), at most 10 MB. */
export const UserImport = Type.Object(
  {
    content: Type.String({ minLength: 1, maxLength: 10 * 1024 * 1024 }),
    fileName: Type.Optional(Type.String({ maxLength: 200 })),
    matchKey: Type.String({ enum: MATCH_KEYS.filter((k) => k !== 'none') }),
    orgUnitId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const UserDirectorySchema = Type.Object({
  memberships: Type.Array(Type.Object({ orgUnitId: Id, path: Type.Array(Type.String()), primary: Type.Boolean() })),
  links: Type.Array(Type.Object({ sourceId: Id, sourceName: Type.String(), externalId: Type.String(), leftAt: Nullable(Timestamp) })),
});
