/**
 * oidc-provider's storage on the SQL store (SQLite or PostgreSQL): every artifact a second node needs
 * to continue a flow (interactions, sessions, grants, codes, tokens) is one row of `oidc_artifacts`.
 * Every token request runs these statements, so they are prepared once (src/store/prepared.ts).
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Db } from '../store/database.ts';
import { prepareQuery } from '../store/prepared.ts';
import { replayedArtifact, SINGLE_USE_MODELS } from './replay.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const epoch = (isoTime: string) => Math.floor(Date.parse(isoTime) / 1000);

type Stored = { payload: string; consumed_at: string | null };

const liveBy = (column: 'id' | 'uid' | 'user_code') =>
  prepareQuery(['model', 'now', 'key'], (conn, v) =>
    conn
      .selectFrom('oidc_artifacts')
      .select(['payload', 'consumed_at'])
      .where('model', '=', v.model)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', v.now)]))
      .where(column, '=', v.key),
  );

const q = {
  findById: liveBy('id'),
  findByUid: liveBy('uid'),
  findByUserCode: liveBy('user_code'),
  upsert: prepareQuery(['model', 'id', 'payload', 'grant_id', 'uid', 'user_code', 'expires_at'], (conn, v) =>
    conn
      .insertInto('oidc_artifacts')
      .values({ ...v, consumed_at: null })
      .onConflict((oc) =>
        oc.columns(['model', 'id']).doUpdateSet((eb) => ({
          payload: eb.ref('excluded.payload'),
          grant_id: eb.ref('excluded.grant_id'),
          uid: eb.ref('excluded.uid'),
          user_code: eb.ref('excluded.user_code'),
          expires_at: eb.ref('excluded.expires_at'),
        })),
      ),
  ),
  // Marked in one conditional UPDATE: of two concurrent redemptions, exactly one wins.
  consume: prepareQuery(['model', 'id', 'now'], (conn, v) =>
    conn.updateTable('oidc_artifacts').set({ consumed_at: v.now }).where('model', '=', v.model).where('id', '=', v.id).where('consumed_at', 'is', null),
  ),
  grantOf: prepareQuery(['model', 'id'], (conn, v) => conn.selectFrom('oidc_artifacts').select('grant_id').where('model', '=', v.model).where('id', '=', v.id)),
  destroy: prepareQuery(['model', 'id'], (conn, v) => conn.deleteFrom('oidc_artifacts').where('model', '=', v.model).where('id', '=', v.id)),
  destroyByGrant: prepareQuery(['model', 'grantId'], (conn, v) =>
    conn.deleteFrom('oidc_artifacts').where('model', '=', v.model).where('grant_id', '=', v.grantId),
  ),
  // Everything issued under a grant, and the grant itself.
  revokeGrant: prepareQuery(['grantId'], (conn, v) =>
    conn.deleteFrom('oidc_artifacts').where((eb) => eb.or([eb('grant_id', '=', v.grantId), eb.and([eb('model', '=', 'Grant'), eb('id', '=', v.grantId)])])),
  ),
};

export function sqlAdapterFactory(db: Db): (model: string) => Adapter {
  return (model) => sqlAdapter(db, model);
}

function sqlAdapter(db: Db, model: string): Adapter {
  const find = async (by: typeof q.findById, key: string): Promise<AdapterPayload | undefined> => {
    // What clients send (a code, a token) may hold a NUL, which names nothing and PostgreSQL cannot even compare.
    if (key.includes('\u0000')) return undefined;
    const row = (await by(db, { model, now: iso(Date.now()), key })).rows[0] as Stored | undefined;
    if (!row) return undefined;
    const payload = JSON.parse(row.payload) as AdapterPayload;
    return row.consumed_at ? { ...payload, consumed: epoch(row.consumed_at) } : payload;
  };

  return {
    async upsert(id, payload, expiresIn) {
      await q.upsert(db, {
        model,
        id,
        payload: JSON.stringify(payload),
        grant_id: payload.grantId ?? null,
        uid: payload.uid ?? null,
        user_code: payload.userCode ?? null,
        expires_at: typeof expiresIn === 'number' ? iso(Date.now() + expiresIn * 1000) : null,
      });
    },

    find: (id) => find(q.findById, id),
    findByUid: (uid) => find(q.findByUid, uid),
    findByUserCode: (userCode) => find(q.findByUserCode, userCode),

    async consume(id) {
      const result = await q.consume(db, { model, id, now: iso(Date.now()) });
      if (Number(result.numAffectedRows) > 0 || !SINGLE_USE_MODELS.has(model)) return;
      // Already consumed, or already gone because a concurrent replay revoked its grant.
      const grantId = (await q.grantOf(db, { model, id })).rows[0]?.grant_id;
      if (grantId) await q.revokeGrant(db, { grantId });
      throw replayedArtifact(model);
    },

    async destroy(id) {
      await q.destroy(db, { model, id });
    },

    async revokeByGrantId(grantId) {
      await q.destroyByGrant(db, { model, grantId });
    },
  };
}

/** Deletes expired artifacts; any node may run it, as often as it likes. */
export async function purgeExpiredArtifacts(db: Db): Promise<number> {
  const result = await db
    .deleteFrom('oidc_artifacts')
    .where('expires_at', 'is not', null)
    .where('expires_at', '<=', iso(Date.now()))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
