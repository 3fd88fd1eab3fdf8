/**
 * An application's Login Configuration: every authentication source with whether it is enabled
 * for this application and in which order the login page shows it.
 */
import type { Db, Tx } from '../store/database.ts';
import { fail, invalid } from '../errors.ts';
import { applicationProtocol } from '../protocols/registry.ts';
import { prepareQuery } from '../store/prepared.ts';
import { getApplicationRow } from './applications.ts';
import type { LoginMethod } from './views.ts';

export type { LoginMethod };

type Conn = Db | Tx;

/** All sources, enabled ones first in their order, then the rest by name. */
export async function getLoginConfiguration(conn: Conn, applicationId: string): Promise<LoginMethod[]> {
  await getApplicationRow(conn, applicationId);
  const sources = await conn.selectFrom('auth_sources').select(['id', 'type', 'name']).orderBy('name').execute();
  const enabled = await conn
    .selectFrom('login_configurations')
    .select(['source_id', 'position'])
    .where('application_id', '=', applicationId)
    .execute();
  const position = new Map(enabled.map((e) => [e.source_id, e.position]));
  return sources
    .map((s) => ({ sourceId: s.id, type: s.type, name: s.name, enabled: position.has(s.id), position: position.get(s.id) ?? null }))
    .sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity));
}

const enabledSourcesQuery = prepareQuery(['applicationId'], (conn, v) =>
  conn
    .selectFrom('login_configurations')
    .innerJoin('auth_sources', 'auth_sources.id', 'login_configurations.source_id')
    .select(['auth_sources.id', 'auth_sources.type', 'auth_sources.name', 'login_configurations.position'])
    .where('login_configurations.application_id', '=', v.applicationId)
    .orderBy('login_configurations.position'),
);

/** The enabled sources in login-page order: what the login page may offer and accept (asked on every login step). */
export async function enabledSources(conn: Conn, applicationId: string) {
  return (await enabledSourcesQuery(conn, { applicationId })).rows;
}

/** Replaces the enabled list with `sourceIds`, in that order; an application that signs no one in enables none. */
export async function setLoginConfiguration(tx: Tx, applicationId: string, sourceIds: string[]) {
  const row = await getApplicationRow(tx, applicationId);
  if (sourceIds.length && !applicationProtocol(row.protocol).signsPeopleIn(row)) {
    throw fail('login_configuration.signs_no_one_in', `${row.name} signs no one in: there is nothing to enable sign-in methods for.`, { field: '/sources' });
  }
  const seen = new Set<string>();
  for (const [i, id] of sourceIds.entries()) {
    if (seen.has(id)) throw invalid('login_configuration.duplicate_source', 'A source is listed twice.', `/sources/${i}`);
    seen.add(id);
    const exists = await tx.selectFrom('auth_sources').select('id').where('id', '=', id).executeTakeFirst();
    if (!exists) throw invalid('login_configuration.unknown_source', `No authentication source with id ${JSON.stringify(id)}.`, `/sources/${i}`);
  }
  await tx.deleteFrom('login_configurations').where('application_id', '=', applicationId).execute();
  if (sourceIds.length) {
    await tx
      .insertInto('login_configurations')
      .values(sourceIds.map((source_id, position) => ({ application_id: applicationId, source_id, position })))
      .execute();
  }
}
