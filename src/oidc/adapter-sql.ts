/**
 * oidc-provider's storage on the SQL store (SQLite or PostgreSQL): every artifact a second node needs
 * to continue a flow (interactions, sessions, grants, codes, tokens) is one row of `oidc_artifacts`.
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Db } from '../store/database.ts';
import { replayedArtifact, SINGLE_USE_MODELS } from './replay.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const epoch = (isoTime: string) => Math.floor(Date.parse(isoTime) / 1000);

export function sqlAdapterFactory(db: Db): (model: string) => Adapter {
  return (model) => sqlAdapter(db, model);
}

function sqlAdapter(db: Db, model: string): Adapter {
  const live = () =>
    db
      .selectFrom('oidc_artifacts')
      .select(['payload', 'consumed_at'])
      .where('model', '=', model)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', iso(Date.now()))]));

  const toPayload = (row: { payload: string; consumed_at: string | null } | undefined): AdapterPayload | undefined => {
    if (!row) return undefined;
    const payload = JSON.parse(row.payload) as AdapterPayload;
    return row.consumed_at ? { ...payload, consumed: epoch(row.consumed_at) } : payload;
  };

  return {
    async upsert(id, payload, expiresIn) {
      const row = {
        model,
        id,
        payload: JSON.stringify(payload),
        grant_id: payload.grantId ?? null,
        uid: payload.uid ?? null,
        user_code: payload.userCode ?? null,
        expires_at: typeof expiresIn === 'number' ? iso(Date.now() + expiresIn * 1000) : null,
        consumed_at: null,
      };
      await db
        .insertInto('oidc_artifacts')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['model', 'id']).doUpdateSet({
            payload: row.payload,
            grant_id: row.grant_id,
            uid: row.uid,
            user_code: row.user_code,
            expires_at: row.expires_at,
          }),
        )
        .execute();
    },

    async find(id) {
      return toPayload(await live().where('id', '=', id).executeTakeFirst());
    },

    async findByUid(uid) {
      return toPayload(await live().where('uid', '=', uid).executeTakeFirst());
    },

    async findByUserCode(userCode) {
      return toPayload(await live().where('user_code', '=', userCode).executeTakeFirst());
    },

    async consume(id) {
      // Marked in one conditional UPDATE: of two concurrent redemptions, exactly one wins.
      const result = await db
        .updateTable('oidc_artifacts')
        .set({ consumed_at: iso(Date.now()) })
        .where('model', '=', model)
        .where('id', '=', id)
        .where('consumed_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) > 0 || !SINGLE_USE_MODELS.has(model)) return;
      // Already consumed, or already gone because a concurrent replay revoked its grant.
      const row = await db.selectFrom('oidc_artifacts').select('grant_id').where('model', '=', model).where('id', '=', id).executeTakeFirst();
      if (row?.grant_id) await revokeGrant(db, row.grant_id);
      throw replayedArtifact(model);
    },

    async destroy(id) {
      await db.deleteFrom('oidc_artifacts').where('model', '=', model).where('id', '=', id).execute();
    },

    async revokeByGrantId(grantId) {
      await db.deleteFrom('oidc_artifacts').where('model', '=', model).where('grant_id', '=', grantId).execute();
    },
  };
}

/** Everything issued under a grant, and the grant itself. */
async function revokeGrant(db: Db, grantId: string) {
  await db
    .deleteFrom('oidc_artifacts')
    .where((eb) => eb.or([eb('grant_id', '=', grantId), eb.and([eb('model', '=', 'Grant'), eb('id', '=', grantId)])]))
    .execute();
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
