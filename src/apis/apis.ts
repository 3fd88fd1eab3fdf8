/**
 * Registered APIs (OAuth resource servers) in the store, and which of their scopes each application
 * may be granted. An API still granted to an application is not deleted, nor is a scope still granted
 * removed: the administrator takes it from the applications first, so that no application silently
 * loses (or, by a later API of the same identifier, gains) access.
 */
import type { Db, Tx } from '../store/database.ts';
import { nowIso } from '../store/database.ts';
import type { ApiTable } from '../store/schema.ts';
import { newId } from '../store/ids.ts';
import { fail, invalid, notFound } from '../errors.ts';
import { ACCESS_TOKEN_TTL_S, DEFAULT_ID_TOKEN_SIGNING_ALG } from '../protocols/oidc/token-policy.ts';
import { checkApiGrants, checkApiIdentifier, checkApiScopes } from './rules.ts';
import type { Api, ApiGrant, ApiScope, ApiSigningAlg } from './views.ts';

type Conn = Db | Tx;

export interface ApiInput {
  name: string;
  identifier: string;
  description?: string;
  scopes?: ApiScope[];
  accessTokenLifetimeSeconds?: number;
  signingAlg?: ApiSigningAlg;
}

export function toApi(row: ApiTable): Api {
  return {
    id: row.id,
    name: row.name,
    identifier: row.identifier,
    description: row.description,
    scopes: JSON.parse(row.scopes),
    accessTokenLifetimeSeconds: row.access_token_lifetime_seconds,
    signingAlg: row.signing_alg as ApiSigningAlg,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listApis(conn: Conn): Promise<Api[]> {
  return (await conn.selectFrom('apis').selectAll().orderBy('created_at').orderBy('id').execute()).map(toApi);
}

async function getApiRow(conn: Conn, id: string): Promise<ApiTable> {
  const row = await conn.selectFrom('apis').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('api', id);
  return row;
}

export const getApi = async (conn: Conn, id: string) => toApi(await getApiRow(conn, id));

function checkedName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw invalid('api.invalid_name', 'Name cannot be blank.', '/name');
  return trimmed;
}

async function assertIdentifierFree(conn: Conn, identifier: string, exceptId?: string) {
  let query = conn.selectFrom('apis').select('id').where('identifier', '=', identifier);
  if (exceptId) query = query.where('id', '<>', exceptId);
  if (await query.executeTakeFirst()) throw fail('api.identifier_taken', 'Another API has this identifier.', { field: '/identifier' });
}

/** The applications that may be granted the API, each with the scopes. */
async function grantsOf(conn: Conn, apiId: string) {
  const rows = await conn.selectFrom('application_api_access').select(['application_id', 'scopes']).where('api_id', '=', apiId).orderBy('application_id').execute();
  return rows.map((r) => ({ applicationId: r.application_id, scopes: JSON.parse(r.scopes) as string[] }));
}

/** `id`: a fresh one, or the id the API has elsewhere (a configuration imported from another Portico, src/cli/). */
export async function createApi(tx: Tx, input: ApiInput, id = newId('api')): Promise<Api> {
  const identifier = checkApiIdentifier(input.identifier);
  await assertIdentifierFree(tx, identifier);
  const now = nowIso();
  const row: ApiTable = {
    id,
    name: checkedName(input.name),
    identifier,
    description: input.description?.trim() ?? '',
    scopes: JSON.stringify(checkApiScopes(input.scopes ?? [])),
    access_token_lifetime_seconds: input.accessTokenLifetimeSeconds ?? ACCESS_TOKEN_TTL_S,
    signing_alg: input.signingAlg ?? DEFAULT_ID_TOKEN_SIGNING_ALG,
    created_at: now,
    updated_at: now,
  };
  await tx.insertInto('apis').values(row).execute();
  return toApi(row);
}

/** Changes what is given; a scope still granted to an application stays (refused, naming it). */
export async function updateApi(tx: Tx, id: string, input: Partial<ApiInput>) {
  const before = await getApiRow(tx, id);
  const set: Partial<ApiTable> = { updated_at: nowIso() };
  if (input.name !== undefined) set.name = checkedName(input.name);
  if (input.identifier !== undefined) {
    set.identifier = checkApiIdentifier(input.identifier);
    await assertIdentifierFree(tx, set.identifier, id);
  }
  if (input.description !== undefined) set.description = input.description.trim();
  if (input.accessTokenLifetimeSeconds !== undefined) set.access_token_lifetime_seconds = input.accessTokenLifetimeSeconds;
  if (input.signingAlg !== undefined) set.signing_alg = input.signingAlg;
  if (input.scopes !== undefined) {
    const scopes = checkApiScopes(input.scopes);
    const kept = new Set(scopes.map((s) => s.name));
    for (const grant of await grantsOf(tx, id)) {
      const removed = grant.scopes.find((s) => !kept.has(s));
      if (removed) {
        throw fail('api.scope_in_use', `The scope ${removed} is granted to an application: take it from the application's API access first.`, {
          field: '/scopes',
          detail: { scope: removed, applicationId: grant.applicationId },
        });
      }
    }
    set.scopes = JSON.stringify(scopes);
  }
  await tx.updateTable('apis').set(set).where('id', '=', id).execute();
  return { before: toApi(before), after: await getApi(tx, id) };
}

export async function deleteApi(tx: Tx, id: string): Promise<Api> {
  const row = await getApiRow(tx, id);
  const grants = await grantsOf(tx, id);
  if (grants.length) {
    throw fail('api.in_use', 'Applications may still be granted this API: take it from their API access first.', {
      detail: { applicationIds: grants.map((g) => g.applicationId) },
    });
  }
  await tx.deleteFrom('apis').where('id', '=', id).execute();
  return toApi(row);
}

/** What an application may be granted, API by API (in the APIs' order). */
export async function getApiAccess(conn: Conn, applicationId: string): Promise<ApiGrant[]> {
  const rows = await conn
    .selectFrom('application_api_access')
    .innerJoin('apis', 'apis.id', 'application_api_access.api_id')
    .select(['application_api_access.api_id', 'application_api_access.scopes'])
    .where('application_api_access.application_id', '=', applicationId)
    .orderBy('apis.created_at')
    .orderBy('apis.id')
    .execute();
  return rows.map((r) => ({ apiId: r.api_id, scopes: JSON.parse(r.scopes) }));
}

/** Replaces what an application may be granted, each API and scope checked against the registered ones. */
export async function setApiAccess(tx: Tx, applicationId: string, grants: ApiGrant[]): Promise<ApiGrant[]> {
  const apis = new Map((await listApis(tx)).map((api) => [api.id, api]));
  const checked = checkApiGrants(grants, apis);
  await tx.deleteFrom('application_api_access').where('application_id', '=', applicationId).execute();
  if (checked.length) {
    await tx
      .insertInto('application_api_access')
      .values(checked.map((g) => ({ application_id: applicationId, api_id: g.apiId, scopes: JSON.stringify(g.scopes) })))
      .execute();
  }
  return getApiAccess(tx, applicationId);
}

/** The API a resource indicator names, with the scopes the application may be granted of it; undefined when either is not so. */
export async function apiForApplication(conn: Conn, identifier: string, applicationId: string) {
  const row = await conn
    .selectFrom('apis')
    .innerJoin('application_api_access', 'application_api_access.api_id', 'apis.id')
    .selectAll('apis')
    .select('application_api_access.scopes as granted')
    .where('apis.identifier', '=', identifier)
    .where('application_api_access.application_id', '=', applicationId)
    .executeTakeFirst();
  return row ? { api: toApi(row), scopes: JSON.parse(row.granted) as string[] } : undefined;
}

/** The registered APIs these resource indicators name, for the consent page (in the order asked). */
export async function apisByIdentifier(conn: Conn, identifiers: string[]): Promise<Api[]> {
  if (!identifiers.length) return [];
  const rows = await conn.selectFrom('apis').selectAll().where('identifier', 'in', identifiers).execute();
  return identifiers.flatMap((identifier) => rows.filter((r) => r.identifier === identifier).map(toApi));
}
