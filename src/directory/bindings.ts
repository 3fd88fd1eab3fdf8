/** External identities: one DingTalk account (per source) linked to one user. */
import { nowIso, type Db, type Tx } from '../store/database.ts';
import { conflict, notFound } from '../errors.ts';
import { newId } from '../store/ids.ts';
import { prepareQuery } from '../store/prepared.ts';
import { paginate, type PageRequest } from '../store/paginate.ts';
import type { Binding } from './views.ts';

export type { Binding };

type Conn = Db | Tx;

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

export interface NewBinding {
  sourceId: string;
  userId: string;
  subject: string;
  openId?: string | null;
  externalUserId?: string | null;
  nick?: string | null;
  avatarUrl?: string | null;
}

const boundUserQuery = prepareQuery(['sourceId', 'subject'], (conn, v) =>
  conn
    .selectFrom('bindings')
    .innerJoin('users', 'users.id', 'bindings.user_id')
    .select(['bindings.id as bindingId', 'users.id', 'users.status'])
    .where('bindings.source_id', '=', v.sourceId)
    .where('bindings.subject', '=', v.subject),
);

/** The user bound to (source, subject), with their status, if any (asked on every external sign-in). */
export async function findBoundUser(conn: Conn, sourceId: string, subject: string) {
  return (await boundUserQuery(conn, { sourceId, subject })).rows[0];
}

function bindingRow(b: NewBinding, now: string, lastUsedAt: string | null) {
  return {
    id: newId('bnd'),
    source_id: b.sourceId,
    user_id: b.userId,
    subject: b.subject,
    open_id: b.openId ?? null,
    external_user_id: b.externalUserId ?? null,
    nick: b.nick ?? null,
    avatar_url: b.avatarUrl ?? null,
    created_at: now,
    last_used_at: lastUsedAt,
  };
}

/**
 * Records a binding, race-safe: of two tabs finishing at once, one inserts and the other finds the
 * same row. A different user already holding either side of the pair is a conflict.
 */
export async function createBinding(tx: Tx, b: NewBinding): Promise<{ id: string; created: boolean }> {
  const now = nowIso();
  const row = bindingRow(b, now, now);
  const id = row.id;
  const inserted = await tx.insertInto('bindings').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return { id, created: true };
  const bySubject = await tx
    .selectFrom('bindings')
    .select(['id', 'user_id'])
    .where('source_id', '=', b.sourceId)
    .where('subject', '=', b.subject)
    .executeTakeFirst();
  if (bySubject?.user_id === b.userId) return { id: bySubject.id, created: false };
  if (bySubject) throw conflict('binding.identity_taken', 'This external account is already bound to another user.');
  throw conflict('binding.user_already_bound', 'This user already has a binding on this source.');
}

// A nick or avatar DingTalk did not report keeps the one stored.
const touchQuery = prepareQuery(['sourceId', 'subject', 'now', 'nick', 'avatarUrl'], (conn, v) =>
  conn
    .updateTable('bindings')
    .set((eb) => ({ last_used_at: v.now, nick: eb.fn.coalesce(eb.val(v.nick), 'nick'), avatar_url: eb.fn.coalesce(eb.val(v.avatarUrl), 'avatar_url') }))
    .where('source_id', '=', v.sourceId)
    .where('subject', '=', v.subject),
);

/**
 * Bindings made ahead of any sign-in (a directory sync binds the people it creates), never used yet;
 * one that exists already is left as it is.
 */
export async function insertBindings(tx: Tx, bindings: NewBinding[]): Promise<void> {
  const now = nowIso();
  for (let i = 0; i < bindings.length; i += 100) {
    await tx.insertInto('bindings').values(bindings.slice(i, i + 100).map((b) => bindingRow(b, now, null))).onConflict((oc) => oc.doNothing()).execute();
  }
}

/** Marks a binding used now, refreshing the nick and avatar DingTalk just reported (on every external sign-in). */
export async function touchBindingOf(conn: Conn, sourceId: string, subject: string, profile: { nick?: string | null; avatarUrl?: string | null }) {
  await touchQuery(conn, { sourceId, subject, now: nowIso(), nick: profile.nick || null, avatarUrl: profile.avatarUrl || null });
}
