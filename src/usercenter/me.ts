/** What the signed-in user may see and change about themselves: profile, bound accounts, sign-ins. */
import type { Db } from '../store/database.ts';
import { getUser } from '../directory/user-store.ts';
import { deleteBinding, getBinding, listBindings } from '../directory/bindings.ts';
import { recordAudit, type Actor } from '../audit/audit.ts';
import { notFound } from '../errors.ts';
import type { Store } from '../store/database.ts';

export const RECENT_LOGINS = 20;

export async function myProfile(db: Db, userId: string) {
  const user = await getUser(db, userId);
  return { id: user.id, username: user.username, displayName: user.displayName, mobile: user.mobile, email: user.email, employeeNumber: user.employeeNumber };
}

export async function myBindings(db: Db, userId: string) {
  const page = await listBindings(db, { userId }, { pageSize: 100 });
  return page.items.map((b) => ({
    id: b.id,
    sourceId: b.sourceId,
    sourceName: b.sourceName,
    sourceType: b.sourceType,
    nick: b.nick,
    avatarUrl: b.avatarUrl,
    boundAt: b.createdAt,
    lastUsedAt: b.lastUsedAt,
  }));
}

export async function myRecentLogins(db: Db, userId: string) {
  const rows = await db
    .selectFrom('audit_events')
    .leftJoin('applications', 'applications.id', 'audit_events.target_id')
    .select(['audit_events.id', 'audit_events.at', 'audit_events.method', 'audit_events.outcome', 'audit_events.reason', 'audit_events.ip', 'audit_events.user_agent', 'applications.name as application'])
    .where('audit_events.category', '=', 'login')
    .where('audit_events.actor_id', '=', userId)
    .where('audit_events.method', 'is not', null)
    .orderBy('audit_events.id', 'desc')
    .limit(RECENT_LOGINS)
    .execute();
  return rows.map((r) => ({
    at: r.at,
    method: r.method!, // only the events that end a sign-in attempt carry one
    outcome: r.outcome,
    reason: r.reason,
    application: r.application,
    ip: r.ip,
    userAgent: r.user_agent,
  }));
}

/** Removes one of the user's own bindings; the next scan asks to bind again. */
export async function unbindMine(store: Store, actor: Actor, userId: string, bindingId: string) {
  await store.transaction(async (tx) => {
    const binding = await getBinding(tx, bindingId);
    if (binding.userId !== userId) throw notFound('binding', bindingId);
    await deleteBinding(tx, bindingId);
    await recordAudit(tx, actor, { category: 'user', action: 'binding.delete', target: { type: 'binding', id: bindingId }, before: binding });
  });
}
