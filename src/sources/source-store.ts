/** Stored authentication sources: secrets split off and sealed, configuration validated by its type. */
import type { Db, Tx } from '../store/database.ts';
import { nowIso, uniqueViolation } from '../store/database.ts';
import type { AuthSourceTable } from '../store/schema.ts';
import { newId } from '../store/ids.ts';
import { prepareQuery } from '../store/prepared.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { conflict, notFound } from '../errors.ts';
import { assertValid } from '../validation.ts';
import { assertOrgUnitExists } from '../directory/org-units.ts';
import { callbackPath, sourceType } from '../identity/registry.ts';
import type { SourcePolicy } from '../identity/types.ts';
import { changedTrustField } from './trust-rules.ts';
import type { SourceView } from './views.ts';

export type { SourceView };

type Conn = Db | Tx;

export interface SourceInput {
  type: string;
  name: string;
  config?: Record<string, unknown>;
}

const context = (id: string) => `auth_sources:${id}`;

export function toSourceView(row: AuthSourceTable, publicUrl: string): SourceView {
  const def = sourceType(row.type);
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    config: JSON.parse(row.config),
    secretsSet: row.secrets_enc ? [...def.secretFields] : [],
    callbackUrl: def.external ? publicUrl + callbackPath(row.type, row.id) : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

// Read on every DingTalk login step: prepared once (src/store/prepared.ts).
const rowQuery = prepareQuery(['id'], (conn, v) => conn.selectFrom('auth_sources').selectAll().where('id', '=', v.id));

async function findRow(conn: Conn, id: string): Promise<AuthSourceTable> {
  const [row] = (await rowQuery(conn, { id })).rows;
  if (!row) throw notFound('source', id);
  return row;
}

export const getSourceRow = findRow;

export async function listSources(conn: Conn, filter: { type?: string }) {
  let query = conn.selectFrom('auth_sources').selectAll();
  if (filter.type) query = query.where('type', '=', filter.type);
  return query.orderBy('created_at').orderBy('id').execute();
}

/** The full configuration, secrets decrypted: for the login flow and "test connection" only. */
export async function loadSourceConfig<C = Record<string, unknown>>(conn: Conn, box: SecretBox, id: string) {
  const row = await findRow(conn, id);
  const secrets = row.secrets_enc ? JSON.parse(box.open(row.secrets_enc, context(row.id))) : {};
  return { row, config: { ...JSON.parse(row.config), ...secrets } as C };
}

/** A source's full configuration in its two parts: what is stored as it is, and its type's secret fields, sealed. */
export function splitSourceConfig(type: string, full: Record<string, unknown>) {
  const { secretFields } = sourceType(type);
  const publicPart: Record<string, unknown> = {};
  const secretPart: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(full)) (secretFields.includes(key) ? secretPart : publicPart)[key] = value;
  return { publicPart, secretPart };
}

async function prepare(tx: Tx, box: SecretBox, id: string, type: string, full: Record<string, unknown>, policy: SourcePolicy, trustChanged: boolean) {
  const def = sourceType(type);
  assertValid(def.configSchema, full, '/config');
  await def.check(full, { assertOrgUnit: (orgUnitId, field) => assertOrgUnitExists(tx, orgUnitId, field), policy });
  if (trustChanged) def.checkTrust?.(full);
  const { publicPart, secretPart } = splitSourceConfig(type, full);
  return {
    config: JSON.stringify(publicPart),
    secrets_enc: Object.keys(secretPart).length ? box.seal(JSON.stringify(secretPart), context(id)) : null,
  };
}

function rethrowName(error: unknown): never {
  if (uniqueViolation(error)) throw conflict('source.name_taken', 'Another authentication source has this name.', '/name');
  throw error;
}

/** `id` is for fixed, well-known sources (the demo); normally a fresh one is drawn. */
export async function createSource(tx: Tx, box: SecretBox, policy: SourcePolicy, input: SourceInput, id = newId('src')): Promise<AuthSourceTable> {
  const def = sourceType(input.type);
  if (def.singleton) {
    const existing = await tx.selectFrom('auth_sources').select('id').where('type', '=', def.type).executeTakeFirst();
    if (existing) throw conflict('source.singleton', `There is already a ${def.label} source; enable it in a Login Configuration instead.`, '/type');
  }
  const stored = await prepare(tx, box, id, def.type, { ...(input.config ?? {}) }, policy, true);
  const now = nowIso();
  const row: AuthSourceTable = { id, type: def.type, name: input.name.trim(), ...stored, created_at: now, updated_at: now };
  await tx.insertInto('auth_sources').values(row).execute().catch(rethrowName);
  return row;
}

/** Merges a partial change over the stored configuration; a secret left out keeps its value. */
export async function updateSource(
  tx: Tx,
  box: SecretBox,
  policy: SourcePolicy,
  id: string,
  patch: { name?: string; config?: Record<string, unknown> },
): Promise<{ before: AuthSourceTable; after: AuthSourceTable }> {
  const { row: before, config: current } = await loadSourceConfig(tx, box, id);
  const set: Partial<AuthSourceTable> = { updated_at: nowIso() };
  if (patch.name !== undefined) set.name = patch.name.trim();
  if (patch.config !== undefined) {
    const trustChanged = changedTrustField(sourceType(before.type).trustFields, current, patch.config) !== undefined;
    Object.assign(set, await prepare(tx, box, id, before.type, { ...current, ...patch.config }, policy, trustChanged));
  }
  await tx.updateTable('auth_sources').set(set).where('id', '=', id).execute().catch(rethrowName);
  return { before, after: await findRow(tx, id) };
}

export async function deleteSource(tx: Tx, id: string): Promise<AuthSourceTable> {
  const row = await findRow(tx, id);
  if (sourceType(row.type).singleton) throw conflict('source.builtin', 'Built-in sources cannot be deleted; disable them per application instead.');
  const usedBy = await tx
    .selectFrom('login_configurations')
    .innerJoin('applications', 'applications.id', 'login_configurations.application_id')
    .select('applications.name')
    .where('login_configurations.source_id', '=', id)
    .execute();
  if (usedBy.length) {
    throw conflict('source.in_use', `Enabled in the Login Configuration of: ${usedBy.map((a) => a.name).join(', ')}. Disable it there first.`);
  }
  // The bindings made through this source go with it: they cannot be used without it.
  await tx.deleteFrom('bindings').where('source_id', '=', id).execute();
  await tx.deleteFrom('auth_sources').where('id', '=', id).execute();
  return row;
}
