/**
 * Identity sources: where an organisation's people come from. Configuration validated and defaulted,
 * secrets sealed at rest and never returned, and the view the console shows (status, last run,
 * next reconcile, the event stream's state).
 */
import type { Db, Tx } from '../store/database.ts';
import { nowIso, uniqueViolation } from '../store/database.ts';
import type { IdentitySourceTable } from '../store/schema.ts';
import { newId } from '../store/ids.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { fail } from '../errors.ts';
import { assertValid } from '../validation.ts';
import { assertOrgUnitExists } from '../directory/org-units.ts';
import { DEFAULT_DINGTALK_ENDPOINTS } from '../connectors/dingtalk/index.ts';
import { lastRun } from './runs.ts';
import { nextReconcile } from './schedule.ts';
import { DingTalkSyncConfigSchema, DingTalkSyncSecretsSchema, type DingTalkSyncConfig, type DingTalkSyncSecrets } from './dingtalk/config.ts';
import { DINGTALK_SYNC_DEFAULTS, type IdentitySource, type StreamStatus } from './views.ts';

type Conn = Db | Tx;

export interface IdentitySourceInput {
  name?: string;
  enabled?: boolean;
  config?: Partial<DingTalkSyncConfig>;
  secrets?: Partial<DingTalkSyncSecrets>;
}

export interface LoadedSource {
  row: IdentitySourceTable;
  config: DingTalkSyncConfig;
  secrets: DingTalkSyncSecrets;
}

const context = (id: string) => `identity_sources:${id}`;

/** Where DingTalk sends HTTP push events for this source. */
export const pushPath = (id: string) => `/sync/dingtalk/${id}/events`;

async function findRow(conn: Conn, id: string): Promise<IdentitySourceTable> {
  const row = await conn.selectFrom('identity_sources').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw fail('identity_source.not_found', `No identity source with id ${JSON.stringify(id)}.`);
  return row;
}

export async function loadIdentitySource(conn: Conn, box: SecretBox, id: string): Promise<LoadedSource> {
  const row = await findRow(conn, id);
  const secrets = row.secrets_enc ? (JSON.parse(box.open(row.secrets_enc, context(id))) as DingTalkSyncSecrets) : ({ appSecret: '' } as DingTalkSyncSecrets);
  return { row, config: JSON.parse(row.config) as DingTalkSyncConfig, secrets };
}

export interface SourceRules {
  allowCustomEndpoints: boolean;
}

async function checkConfig(tx: Tx, config: DingTalkSyncConfig, secrets: DingTalkSyncSecrets, rules: SourceRules) {
  assertValid<DingTalkSyncConfig>(DingTalkSyncConfigSchema, config, '/config');
  assertValid<DingTalkSyncSecrets>(DingTalkSyncSecretsSchema, secrets, '/secrets');
  await assertOrgUnitExists(tx, config.orgUnitId, '/config/orgUnitId');
  if (config.bindSourceId) {
    const bind = await tx.selectFrom('auth_sources').select('type').where('id', '=', config.bindSourceId).executeTakeFirst();
    if (bind?.type !== 'dingtalk') throw fail('identity_source.bind_source_invalid', 'The login source to bind must be a DingTalk source.', { field: '/config/bindSourceId' });
  }
  const foreign = (['api', 'oapi'] as const).find((k) => config.endpoints[k].replace(/\/+$/, '') !== DEFAULT_DINGTALK_ENDPOINTS[k]);
  if (foreign && !rules.allowCustomEndpoints) {
    throw fail('identity_source.custom_endpoints_disabled', `DingTalk's API base URLs must be DingTalk's own (${DEFAULT_DINGTALK_ENDPOINTS[foreign]}).`, { field: `/config/endpoints/${foreign}` });
  }
  if (config.transport === 'http_push' && (!secrets.pushToken || !secrets.pushAesKey)) {
    throw fail('identity_source.push_secrets_required', 'HTTP push needs the token and the AES key from DingTalk’s event subscription page.', { field: '/secrets/pushAesKey' });
  }
}

/** A DingTalk login source of the same DingTalk app (the same AppKey): its people have the same unionIds. */
async function loginSourceOfApp(tx: Tx, appKey: string | undefined): Promise<string | null> {
  if (!appKey) return null;
  const rows = await tx.selectFrom('auth_sources').select(['id', 'config']).where('type', '=', 'dingtalk').orderBy('created_at').execute();
  return rows.find((r) => JSON.parse(r.config).appKey === appKey)?.id ?? null;
}

/** The bound login source's API base URLs, so a source pointed at the simulator syncs from it too; else DingTalk's. */
async function defaultEndpoints(tx: Tx, bindSourceId: string | null | undefined) {
  if (bindSourceId) {
    const row = await tx.selectFrom('auth_sources').select('config').where('id', '=', bindSourceId).executeTakeFirst();
    const endpoints = row ? (JSON.parse(row.config).endpoints as { api?: string; oapi?: string } | undefined) : undefined;
    if (endpoints?.api && endpoints.oapi) return { api: endpoints.api, oapi: endpoints.oapi };
  }
  return { api: DEFAULT_DINGTALK_ENDPOINTS.api, oapi: DEFAULT_DINGTALK_ENDPOINTS.oapi };
}

const rethrowName = (error: unknown): never => {
  if (uniqueViolation(error)) throw fail('identity_source.name_taken', 'Another identity source has this name.', { field: '/name' });
  throw error;
};

/** `id`: a fresh one, or the id the source has elsewhere (a configuration imported from another Portico, src/cli/). */
export async function createIdentitySource(tx: Tx, box: SecretBox, input: IdentitySourceInput, rules: SourceRules, id = newId('ids')): Promise<IdentitySourceTable> {
  const given = input.config ?? {};
  // Left out, the binding goes to the login source of the same DingTalk app, if there is one (null: no binding).
  const bindSourceId = given.bindSourceId === undefined ? await loginSourceOfApp(tx, given.appKey) : given.bindSourceId;
  const config = { ...DINGTALK_SYNC_DEFAULTS, ...given, bindSourceId, endpoints: given.endpoints ?? (await defaultEndpoints(tx, bindSourceId)) } as DingTalkSyncConfig;
  const secrets = { ...input.secrets } as DingTalkSyncSecrets;
  if (!input.name?.trim()) throw fail('identity_source.name_required', 'Give the identity source a name.', { field: '/name' });
  await checkConfig(tx, config, secrets, rules);
  const now = nowIso();
  const row: IdentitySourceTable = {
    id,
    type: 'dingtalk',
    name: input.name.trim(),
    enabled: input.enabled === false ? 0 : 1,
    config: JSON.stringify(config),
    secrets_enc: box.seal(JSON.stringify(secrets), context(id)),
    // The first reconcile is the night after creation: nothing is applied before the admin has seen a dry run.
    last_scheduled_at: now,
    stream_state: 'off',
    stream_holder: null,
    stream_since: null,
    stream_error: null,
    created_at: now,
    updated_at: now,
  };
  await tx.insertInto('identity_sources').values(row).execute().catch(rethrowName);
  return row;
}

export async function updateIdentitySource(tx: Tx, box: SecretBox, id: string, input: IdentitySourceInput, rules: SourceRules): Promise<IdentitySourceTable> {
  const current = await loadIdentitySource(tx, box, id);
  const config = { ...current.config, ...input.config } as DingTalkSyncConfig;
  const secrets = { ...current.secrets, ...input.secrets } as DingTalkSyncSecrets;
  await checkConfig(tx, config, secrets, rules);
  const set: Partial<IdentitySourceTable> = { config: JSON.stringify(config), secrets_enc: box.seal(JSON.stringify(secrets), context(id)), updated_at: nowIso() };
  if (input.name !== undefined) {
    if (!input.name.trim()) throw fail('identity_source.name_required', 'Give the identity source a name.', { field: '/name' });
    set.name = input.name.trim();
  }
  if (input.enabled !== undefined) set.enabled = input.enabled ? 1 : 0;
  await tx.updateTable('identity_sources').set(set).where('id', '=', id).execute().catch(rethrowName);
  return findRow(tx, id);
}

/** The people it brought stay; their links to it, its events and its stream go. */
export async function deleteIdentitySource(tx: Tx, id: string): Promise<IdentitySourceTable> {
  const row = await findRow(tx, id);
  await tx.deleteFrom('identity_sources').where('id', '=', id).execute();
  return row;
}

export async function listIdentitySourceRows(conn: Conn): Promise<IdentitySourceTable[]> {
  return conn.selectFrom('identity_sources').selectAll().orderBy('created_at').orderBy('id').execute();
}

export const getIdentitySourceRow = findRow;

function streamStatus(row: IdentitySourceTable, config: DingTalkSyncConfig): StreamStatus {
  if (row.enabled !== 1 || config.transport !== 'stream') return { state: 'off', holder: null, since: null, lastError: null };
  return { state: row.stream_state as StreamStatus['state'], holder: row.stream_holder, since: row.stream_since, lastError: row.stream_error };
}

export async function toIdentitySourceView(conn: Conn, box: SecretBox, row: IdentitySourceTable, publicUrl: string): Promise<IdentitySource> {
  const config = JSON.parse(row.config) as DingTalkSyncConfig;
  // Whether each secret is set is shown; their values never leave the store.
  const secrets = row.secrets_enc ? (JSON.parse(box.open(row.secrets_enc, context(row.id))) as Partial<DingTalkSyncSecrets>) : {};
  return {
    id: row.id,
    type: 'dingtalk',
    name: row.name,
    enabled: row.enabled === 1,
    config,
    secretsSet: { appSecret: Boolean(secrets.appSecret), pushToken: Boolean(secrets.pushToken), pushAesKey: Boolean(secrets.pushAesKey) },
    callbackUrl: publicUrl + pushPath(row.id),
    lastRun: await lastRun(conn, row.id),
    nextRunAt: row.enabled === 1 && config.reconcileHour !== null ? nextReconcile(config.reconcileHour, row.last_scheduled_at, Date.now()).toISOString() : null,
    stream: streamStatus(row, config),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
