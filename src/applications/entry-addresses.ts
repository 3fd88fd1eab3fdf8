/**
 * Entry addresses: where an upstream that opens applications itself (a DingTalk workbench tile, its
 * 应用首页地址 and PC端首页地址) sends people for one application. It is the source's start route with
 * the application named and no `return_to` (src/login/routes/external.ts): inside the upstream's client
 * it signs the person in silently, in a plain browser it shows the usual start, and either way the
 * sign-in continues into that application (src/login/continuation.ts). A type offers them by giving the
 * console words for them (its form's `entryAddress`); only enabled sources have one.
 */
import type { Db, Tx } from '../store/database.ts';
import { sourceType } from '../identity/registry.ts';
import { getSourceRow } from '../sources/source-store.ts';
import type { EntryAddress, LoginMethod } from './views.ts';

type Conn = Db | Tx;

const offersEntry = (type: string) => sourceType(type).form?.entryAddress !== undefined;

export const entryUrl = (publicUrl: string, type: string, sourceId: string, applicationId: string) =>
  `${publicUrl}/login/${type}/${sourceId}?${new URLSearchParams({ app: applicationId })}`;

/** A Login Configuration with the entry address of each enabled source that has one. */
export function withEntryUrls(methods: LoginMethod[], applicationId: string, publicUrl: string): LoginMethod[] {
  return methods.map((m) => (m.enabled && offersEntry(m.type) ? { ...m, entryUrl: entryUrl(publicUrl, m.type, m.sourceId, applicationId) } : m));
}

/** For the source's page: the entry address for each application that enables it, by application name. */
export async function sourceEntryAddresses(conn: Conn, sourceId: string, publicUrl: string): Promise<EntryAddress[]> {
  const source = await getSourceRow(conn, sourceId);
  if (!offersEntry(source.type)) return [];
  const rows = await conn
    .selectFrom('login_configurations')
    .innerJoin('applications', 'applications.id', 'login_configurations.application_id')
    .select(['applications.id', 'applications.name'])
    .where('login_configurations.source_id', '=', sourceId)
    .orderBy('applications.name')
    .execute();
  return rows.map((r) => ({ applicationId: r.id, applicationName: r.name, url: entryUrl(publicUrl, source.type, sourceId, r.id) }));
}
