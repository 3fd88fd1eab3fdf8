/**
 * Which provider sessions belong to which SSO session and user. The provider keeps its sessions by
 * their cookie; Portico's sign-outs name an SSO session (a browser) or a user (an administrator's
 * action), so each authorization records its provider session here, and a sign-out finds them.
 */
import type { Db } from '../../store/database.ts';
import { prepareQuery } from '../../store/prepared.ts';
import type { EndedSignIn } from '../../login/session.ts';
import { PROVIDER_SESSION_TTL_S } from '../policy.ts';

const iso = (ms: number) => new Date(ms).toISOString();

const q = {
  link: prepareQuery(['session_uid', 'user_id', 'sso_session_id', 'expires_at'], (conn, v) =>
    conn
      .insertInto('oidc_session_links')
      .values(v)
      .onConflict((oc) => oc.column('session_uid').doUpdateSet({ user_id: v.user_id, sso_session_id: v.sso_session_id, expires_at: v.expires_at })),
  ),
  bySso: prepareQuery(['key', 'now'], (conn, v) =>
    conn.selectFrom('oidc_session_links').select(['session_uid', 'user_id']).where('sso_session_id', '=', v.key).where('expires_at', '>', v.now),
  ),
  byUser: prepareQuery(['key', 'now'], (conn, v) =>
    conn.selectFrom('oidc_session_links').select(['session_uid', 'user_id']).where('user_id', '=', v.key).where('expires_at', '>', v.now),
  ),
};

/** Records (or moves: a new sign-in in the same browser) a provider session under its SSO session; it lives as long as a provider session may. */
export async function linkProviderSession(db: Db, link: { sessionUid: string; userId: string; ssoSessionId: string }) {
  await q.link(db, { session_uid: link.sessionUid, user_id: link.userId, sso_session_id: link.ssoSessionId, expires_at: iso(Date.now() + PROVIDER_SESSION_TTL_S * 1000) });
}

/** The provider sessions (uids) of what ended: that SSO session's, or all of the user's. */
export async function linkedProviderSessions(db: Db, ended: EndedSignIn): Promise<string[]> {
  const now = iso(Date.now());
  const rows = ended.sessionId ? (await q.bySso(db, { key: ended.sessionId, now })).rows : (await q.byUser(db, { key: ended.userId, now })).rows;
  // A link names its user: an SSO session id is never taken as another person's.
  return rows.filter((r) => r.user_id === ended.userId).map((r) => r.session_uid);
}

export async function unlinkProviderSessions(db: Db, uids: string[]) {
  if (uids.length) await db.deleteFrom('oidc_session_links').where('session_uid', 'in', uids).execute();
}

/** Deletes expired links; any node may run it, as often as it likes. */
export async function purgeExpiredSessionLinks(db: Db): Promise<number> {
  const result = await db.deleteFrom('oidc_session_links').where('expires_at', '<=', iso(Date.now())).executeTakeFirst();
  return Number(result.numDeletedRows);
}
