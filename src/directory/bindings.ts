/** External identities: one DingTalk account (per source) linked to one user. */
import type { Db, Tx } from '../store/database.ts';
import { notFound } from '../errors.ts';
import { paginate, type PageRequest } from '../store/paginate.ts';

type Conn = Db | Tx;

export interface Binding {
  id: string;
  sourceId: string;
  sourceName: string;
  sourceType: string;
  userId: string;
  username: string;
  /** The stable key at the source: DingTalk's unionId. */
  subject: string;
  openId: string | null;
  externalUserId: string | null;
  nick: string | null;
  avatarUrl: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

function baseQuery(conn: Conn) {
  return conn
    .selectFrom('bindings')
    .innerJoin('auth_sources', 'auth_sources.id', 'bindings.source_id')
    .innerJoin('users', 'users.id', 'bindings.user_id')
    .select([
      'bindings.id',
      'bindings.source_id',
      'auth_sources.name as source_name',
      'auth_sources.type as source_type',
      'bindings.user_id',
      'users.username',
      'bindings.subject',
      'bindings.open_id',
      'bindings.external_user_id',
      'bindings.nick',
      'bindings.avatar_url',
      'bindings.created_at',
      'bindings.last_used_at',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

const toBinding = (r: Row): Binding => ({
  id: r.id,
  sourceId: r.source_id,
  sourceName: r.source_name,
  sourceType: r.source_type,
  userId: r.user_id,
  username: r.username,
  subject: r.subject,
  openId: r.open_id,
  externalUserId: r.external_user_id,
  nick: r.nick,
  avatarUrl: r.avatar_url,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
});

export async function listBindings(conn: Conn, filter: { userId?: string; sourceId?: string }, page: PageRequest) {
  let query = baseQuery(conn);
  if (filter.userId) query = query.where('bindings.user_id', '=', filter.userId);
  if (filter.sourceId) query = query.where('bindings.source_id', '=', filter.sourceId);
  return paginate(query.orderBy('bindings.created_at', 'desc').orderBy('bindings.id'), page, toBinding);
}

export async function getBinding(conn: Conn, id: string): Promise<Binding> {
  const row = await baseQuery(conn).where('bindings.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('binding', id);
  return toBinding(row);
}

export async function deleteBinding(tx: Tx, id: string): Promise<Binding> {
  const binding = await getBinding(tx, id);
  await tx.deleteFrom('bindings').where('id', '=', id).execute();
  return binding;
}
