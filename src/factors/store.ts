/**
 * A user's second factors: authenticator-app secrets (sealed at rest like every secret) and recovery
 * codes (HMAC'd). Accepting a code is one conditional write, so of two requests racing with the same
 * code exactly one wins (a code is accepted once).
 */
import type { Db, Tx } from '../store/database.ts';
import { nowIso } from '../store/database.ts';
import { newId } from '../store/ids.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { acceptTotp, newTotpSecret } from './totp.ts';
import { canonicalRecoveryCode, hashRecoveryCode, newRecoveryCodes } from './recovery.ts';
import type { Factor, UserFactors } from './views.ts';
import type { HeldFactors } from './policy.ts';

type Conn = Db | Tx;

export interface FactorStore {
  db: Db;
  box: SecretBox;
  /** Derived from the master key for recovery codes alone (src/context.ts deriveKey). */
  recoveryKey: Buffer;
}

const context = (id: string) => `user_factors:${id}`;

export async function listFactors(conn: Conn, userId: string): Promise<UserFactors> {
  const rows = await conn
    .selectFrom('user_factors')
    .select(['id', 'type', 'name', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is not', null)
    .orderBy('created_at')
    .execute();
  const left = await conn.selectFrom('user_recovery_codes').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('used_at', 'is', null).executeTakeFirstOrThrow();
  return {
    factors: rows.map((r): Factor => ({ id: r.id, type: r.type as Factor['type'], name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at })),
    recoveryCodesLeft: Number(left.n),
  };
}

/** Renames one of the user's factors; false when they have no such factor. */
export async function renameFactor(conn: Conn, userId: string, factorId: string, name: string): Promise<boolean> {
  const r = await conn.updateTable('user_factors').set({ name }).where('id', '=', factorId).where('user_id', '=', userId).where('confirmed_at', 'is not', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Removes one of the user's factors (their last one takes the recovery codes with it); false when they have no such factor. */
export async function removeFactor(tx: Tx, userId: string, factorId: string): Promise<boolean> {
  const r = await tx.deleteFrom('user_factors').where('id', '=', factorId).where('user_id', '=', userId).executeTakeFirst();
  if (Number(r.numDeletedRows) !== 1) return false;
  if (!(await hasFactor(tx, userId))) await tx.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute();
  return true;
}

/** Removes every factor and recovery code of a user (an administrator's reset); how many factors went. */
export async function resetFactors(tx: Tx, userId: string): Promise<number> {
  const removed = await tx.deleteFrom('user_factors').where('user_id', '=', userId).executeTakeFirst();
  await tx.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute();
  return Number(removed.numDeletedRows);
}

/** Whether the person has a confirmed factor (of `type`, when named). */
export async function hasFactor(conn: Conn, userId: string, type?: Factor['type']): Promise<boolean> {
  let query = conn.selectFrom('user_factors').select('id').where('user_id', '=', userId).where('confirmed_at', 'is not', null);
  if (type) query = query.where('type', '=', type);
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}

/** What the person holds, for the second-factor rules (src/factors/policy.ts). */
export async function heldFactors(conn: Conn, userId: string): Promise<HeldFactors> {
  const types = await conn.selectFrom('user_factors').select('type').distinct().where('user_id', '=', userId).where('confirmed_at', 'is not', null).execute();
  const user = await conn.selectFrom('users').select('mobile').where('id', '=', userId).executeTakeFirst();
  return { totp: types.some((t) => t.type === 'totp'), passkey: types.some((t) => t.type === 'passkey'), mobile: Boolean(user?.mobile) };
}

/** Drops an authenticator app being added but never confirmed (the person chose another factor). */
export async function dropUnconfirmedFactors(conn: Conn, userId: string): Promise<void> {
  await conn.deleteFrom('user_factors').where('user_id', '=', userId).where('confirmed_at', 'is', null).execute();
}

/** A new authenticator-app secret, unconfirmed until a first code proves the app has it (an earlier unconfirmed one goes). */
export async function startTotpEnrollment(s: FactorStore, userId: string, name = 'Authenticator app'): Promise<{ factorId: string; secret: string }> {
  const id = newId('fac');
  const secret = newTotpSecret();
  await s.db.transaction().execute(async (tx) => {
    await dropUnconfirmedFactors(tx, userId);
    await tx
      .insertInto('user_factors')
      .values({ id, user_id: userId, type: 'totp', name, secret_enc: s.box.seal(secret, context(id)), last_step: null, credential_id: null, created_at: nowIso(), confirmed_at: null, last_used_at: null })
      .execute();
  });
  return { factorId: id, secret };
}

/** The secret of an enrollment not yet confirmed (to show it again), or null. */
export async function pendingTotpSecret(s: FactorStore, userId: string, factorId: string): Promise<string | null> {
  const row = await s.db.selectFrom('user_factors').select(['secret_enc']).where('id', '=', factorId).where('user_id', '=', userId).where('confirmed_at', 'is', null).executeTakeFirst();
  return row ? s.box.open(row.secret_enc, context(factorId)) : null;
}

/** Takes the time step of a code, once: false when another request took it (or a later one) first. */
async function takeStep(conn: Conn, factorId: string, step: number, confirm: boolean): Promise<boolean> {
  const now = nowIso();
  const result = await conn
    .updateTable('user_factors')
    .set({ last_step: step, last_used_at: now, ...(confirm ? { confirmed_at: now } : {}) })
    .where('id', '=', factorId)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export type CodeCheck = { ok: true; used: 'otp' | 'recovery' } | { ok: false; reason: 'factor.code_invalid' | 'factor.code_replayed' };

/** Confirms an enrollment with the app's first code. */
export async function confirmTotpEnrollment(s: FactorStore, userId: string, factorId: string, code: string): Promise<CodeCheck> {
  const secret = await pendingTotpSecret(s, userId, factorId);
  if (!secret) return { ok: false, reason: 'factor.code_invalid' };
  const accepted = acceptTotp(secret, code, null);
  if ('refused' in accepted) return { ok: false, reason: 'factor.code_invalid' };
  return (await takeStep(s.db, factorId, accepted.step, true)) ? { ok: true, used: 'otp' } : { ok: false, reason: 'factor.code_replayed' };
}

/** A code from any of the user's authenticator apps (unless `totp` is false: the application takes none), or one of their recovery codes (used up). */
export async function checkSecondFactor(s: FactorStore, userId: string, typed: string, accept: { totp: boolean } = { totp: true }): Promise<CodeCheck> {
  const code = typed.trim();
  if (/^\d{6}$/.test(code.replace(/\s/g, ''))) {
    if (!accept.totp) return { ok: false, reason: 'factor.code_invalid' };
    const rows = await s.db.selectFrom('user_factors').select(['id', 'secret_enc', 'last_step']).where('user_id', '=', userId).where('type', '=', 'totp').where('confirmed_at', 'is not', null).execute();
    let replayed = false;
    for (const row of rows) {
      const accepted = acceptTotp(s.box.open(row.secret_enc, context(row.id)), code, row.last_step);
      if ('step' in accepted && (await takeStep(s.db, row.id, accepted.step, false))) return { ok: true, used: 'otp' };
      if ('step' in accepted || accepted.refused === 'replayed') replayed = true;
    }
    return { ok: false, reason: replayed ? 'factor.code_replayed' : 'factor.code_invalid' };
  }
  const canonical = canonicalRecoveryCode(code);
  if (!canonical) return { ok: false, reason: 'factor.code_invalid' };
  const used = await s.db
    .updateTable('user_recovery_codes')
    .set({ used_at: nowIso() })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hashRecoveryCode(s.recoveryKey, canonical))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(used.numUpdatedRows) === 1 ? { ok: true, used: 'recovery' } : { ok: false, reason: 'factor.code_invalid' };
}

/** Ten new recovery codes, replacing any earlier ones; the codes are returned once and kept only hashed. */
export async function replaceRecoveryCodes(s: FactorStore, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await s.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute();
    await tx
      .insertInto('user_recovery_codes')
      .values(codes.map((c) => ({ user_id: userId, code_hash: hashRecoveryCode(s.recoveryKey, canonicalRecoveryCode(c)!), used_at: null })))
      .execute();
  });
  return codes;
}
