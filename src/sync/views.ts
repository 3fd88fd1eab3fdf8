/**
 * Directory sync's answer shapes (identity sources, their runs, the changes a run plans or made, the
 * event log), as the Enterprise Center API sends them. Type-only and import-free, so the console
 * (web/src/lib/types.ts) shares them.
 */

/** How the organisation's people arrive: a standing identity source (DingTalk) or a one-off CSV file. */
export type SyncOrigin = 'dingtalk' | 'csv';

/** Which Portico attribute finds an existing user for an upstream person (never a name). */
export const MATCH_KEYS = ['mobile', 'email', 'employeeNumber', 'username', 'none'] as const;
export type MatchKey = (typeof MATCH_KEYS)[number];

/** People DingTalk lists but who have not activated DingTalk yet (`active: false`). */
export const INACTIVE_POLICIES = ['skip', 'create_disabled', 'create_active'] as const;
export type InactivePolicy = (typeof INACTIVE_POLICIES)[number];

/** How events arrive between full reconciles. */
export const SYNC_TRANSPORTS = ['stream', 'http_push', 'none'] as const;
export type SyncTransport = (typeof SYNC_TRANSPORTS)[number];

/** Where an upstream value lands: the upstream field names a DingTalk person offers. */
export const DINGTALK_FIELDS = ['name', 'mobile', 'email', 'org_email', 'job_number', 'title', 'userid', 'avatar'] as const;
export type DingTalkField = (typeof DINGTALK_FIELDS)[number];
/** The Portico user attributes a sync may fill. */
export const SYNCED_ATTRIBUTES = ['displayName', 'mobile', 'email', 'employeeNumber', 'username', 'externalId'] as const;
export type SyncedAttribute = (typeof SYNCED_ATTRIBUTES)[number];

export interface DingTalkIdentitySourceConfig {
  corpId: string;
  appKey: string;
  /** Department to sync with everything under it; 1 is the whole organisation. */
  rootDeptId: number;
  /** The Portico org unit the root department lands in (its sub-departments become units below it). */
  orgUnitId: string;
  /** Portico attribute ← DingTalk field; an attribute left out is not synced. displayName is always mapped. */
  fieldMapping: Partial<Record<SyncedAttribute, DingTalkField>>;
  matchKey: MatchKey;
  inactive: InactivePolicy;
  /** Share (0–100) of linked users one run may disable before it stops and asks for confirmation. */
  disableThresholdPercent: number;
  /** Hour of the day (0–23, the server's time zone) of the nightly full reconcile; null: none. */
  reconcileHour: number | null;
  transport: SyncTransport;
  /** A DingTalk login source whose bindings synced people get at once (their unionId). */
  bindSourceId: string | null;
  /**
   * DingTalk's API base URLs (api.dingtalk.com, oapi.dingtalk.com). Other servers (the simulator) only
   * where the operator allows them (PORTICO_DINGTALK_CUSTOM_ENDPOINTS); by default those of the bound
   * login source, else DingTalk's own.
   */
  endpoints: { api: string; oapi: string };
}

/** What a new DingTalk identity source leaves out (issue 15: whole organisation, matched by mobile, nightly at 02:00, 10 % threshold, Stream). */
export const DINGTALK_SYNC_DEFAULTS = {
  rootDeptId: 1,
  // What most organisations want, without guessing a username.
  fieldMapping: { displayName: 'name', mobile: 'mobile', email: 'email', employeeNumber: 'job_number' },
  matchKey: 'mobile',
  inactive: 'skip',
  disableThresholdPercent: 10,
  reconcileHour: 2,
  transport: 'stream',
} as const satisfies Partial<DingTalkIdentitySourceConfig>;

export interface StreamStatus {
  state: 'connected' | 'connecting' | 'disconnected' | 'off';
  /** The node holding the connection (one per cluster, by lease). */
  holder: string | null;
  since: string | null;
  lastError: string | null;
}

export interface IdentitySource {
  id: string;
  type: 'dingtalk';
  name: string;
  enabled: boolean;
  config: DingTalkIdentitySourceConfig;
  /** Secrets are never returned: only whether each is set. */
  secretsSet: { appSecret: boolean; pushToken: boolean; pushAesKey: boolean };
  /** HTTP push: the callback URL to paste in DingTalk's 事件订阅 page. */
  callbackUrl: string;
  lastRun: SyncRun | null;
  nextRunAt: string | null;
  stream: StreamStatus;
  createdAt: string;
  updatedAt: string;
}

export type SyncRunMode = 'dry_run' | 'apply';
export type SyncRunTrigger = 'manual' | 'schedule' | 'event' | 'import';
export type SyncRunStatus =
  | 'queued'
  | 'running'
  /** A dry run finished: its plan waits to be applied. */
  | 'planned'
  /** Would disable more than the threshold: waits for an admin's confirmation. */
  | 'awaiting_confirmation'
  | 'succeeded'
  | 'failed'
  /** A plan that was never applied and went stale, or a source changed under it. */
  | 'superseded';
export type SyncPhase = 'departments' | 'people' | 'diff' | 'apply' | 'done';

export const CHANGE_KINDS = ['create', 'update', 'move', 'disable', 'reenable', 'conflict', 'create_unit', 'update_unit'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export type SyncCounts = Record<ChangeKind | 'unchanged' | 'skipped', number>;

export interface SyncWarning {
  /** A registered code, e.g. `sync.fields_missing_mobile`, `sync.scope_restricted`, `sync.fetch_incomplete`. */
  code: string;
  detail: string;
}

export interface SyncRun {
  id: string;
  sourceId: string | null;
  origin: SyncOrigin;
  mode: SyncRunMode;
  trigger: SyncRunTrigger;
  status: SyncRunStatus;
  phase: SyncPhase;
  /** Progress of the phase: items done of total (total null while unknown). */
  progress: { done: number; total: number | null };
  counts: SyncCounts;
  /** Every page was fetched: only a complete run may disable anyone. */
  complete: boolean;
  warnings: SyncWarning[];
  /** A failed run: the code and words of what went wrong. */
  error: { code: string; detail: string } | null;
  /** For a CSV import: the file's name. */
  label: string | null;
  startedAt: string;
  finishedAt: string | null;
  /** Who asked for it: an admin's name, or null for the schedule / events. */
  requestedBy: string | null;
}

export interface SyncChange {
  seq: number;
  kind: ChangeKind;
  /** The upstream key: DingTalk userid / dept id, or the CSV row number. */
  externalId: string;
  userId: string | null;
  orgUnitId: string | null;
  /** What the console shows as the change's subject (a person's or department's name). */
  name: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** For a conflict or a row error: the code and words. */
  problem: { code: string; detail: string } | null;
  applied: boolean;
}

export interface SyncEvent {
  id: string;
  sourceId: string;
  receivedAt: string;
  transport: 'stream' | 'http_push';
  eventType: string;
  /** The ids the event names (userids or department ids). */
  ids: string[];
  status: 'applied' | 'duplicate' | 'ignored' | 'failed';
  detail: string | null;
}

/** POST /identity-sources/{id}/test: each check (a registered code) with its verdict and, when it fails, which permission to grant. */
export interface IdentitySourceTest {
  ok: boolean;
  checks: { code: string; ok: boolean; detail: string }[];
}

/** GET /users/{id}/directory: the user's departments (main first) and the identity sources that sync them. */
export interface UserDirectory {
  memberships: { orgUnitId: string; path: string[]; primary: boolean }[];
  links: { sourceId: string; sourceName: string; externalId: string; leftAt: string | null }[];
}
