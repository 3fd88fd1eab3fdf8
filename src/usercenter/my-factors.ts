/**
 * What the signed-in person may do with their own second factors in the User Center: add an
 * authenticator app or a passkey, rename or remove one, renew their recovery codes. Each change is a `security`
 * audit event with the person as actor; a factor of someone else is "not found", as a binding is (./me.ts).
 */
import type { Store } from '../store/database.ts';
import { recordAudit, type Actor } from '../audit/audit.ts';
import { fail, notFound } from '../errors.ts';
import { registerPasskey, type PasskeyDeps, type PasskeyRefusal } from '../factors/passkey.ts';
import { confirmTotpEnrollment, hasFactor, listFactors, removeFactor, renameFactor, replaceRecoveryCodes, type CodeCheck, type FactorStore } from '../factors/store.ts';

/** Longest name of an app (the list shows it on one line). */
export const FACTOR_NAME_MAX = 64;

/** A typed name, tidied: trimmed, inner runs of space made one, cut to length; empty when nothing was typed. */
export const factorName = (typed: unknown) => String(typed ?? '').replace(/\s+/g, ' ').trim().slice(0, FACTOR_NAME_MAX);

const target = (id: string) => ({ type: 'factor', id });

async function nameOf(store: Store, userId: string, factorId: string) {
  const factor = (await listFactors(store.db, userId)).factors.find((f) => f.id === factorId);
  if (!factor) throw notFound('factor', factorId);
  return factor;
}

/**
 * Confirms an app the person is adding with its first code, under the name they gave. Their first
 * factor brings ten recovery codes, returned once; a later app leaves the codes they hold alone.
 */
export async function confirmMine(store: Store, factors: FactorStore, actor: Actor, userId: string, factorId: string, code: string, name: string): Promise<Extract<CodeCheck, { ok: false }> | { ok: true; recoveryCodes?: string[] }> {
  const first = !(await hasFactor(store.db, userId));
  const checked = await confirmTotpEnrollment(factors, userId, factorId, code);
  if (!checked.ok) return checked;
  if (name) await renameFactor(store.db, userId, factorId, name);
  return added(store, factors, actor, userId, factorId, first);
}

/** Keeps the passkey or security key the person's browser just created (its ceremony begun by ./factor-routes.ts), under the name they gave. */
export async function registerPasskeyMine(store: Store, passkeys: PasskeyDeps, actor: Actor, userId: string, ceremony: unknown, credential: unknown, name: string): Promise<{ ok: false; reason: PasskeyRefusal } | { ok: true; recoveryCodes?: string[] }> {
  const first = !(await hasFactor(store.db, userId));
  const registered = await registerPasskey(passkeys, userId, ceremony, credential, name);
  if (!registered.ok) return registered;
  return added(store, passkeys.factors, actor, userId, registered.factorId, first);
}

/** A factor added: audited, with recovery codes when it is the person's first. */
async function added(store: Store, factors: FactorStore, actor: Actor, userId: string, factorId: string, first: boolean) {
  const recoveryCodes = first ? await replaceRecoveryCodes(factors, userId) : undefined;
  const factor = await nameOf(store, userId, factorId);
  await recordAudit(store.db, actor, { category: 'security', action: 'user.factor_add', target: target(factorId), after: { type: factor.type, name: factor.name, recoveryCodesIssued: first } });
  return { ok: true as const, recoveryCodes };
}

export async function renameMine(store: Store, actor: Actor, userId: string, factorId: string, name: string): Promise<void> {
  await store.transaction(async (tx) => {
    const before = (await listFactors(tx, userId)).factors.find((f) => f.id === factorId);
    if (!before || !(await renameFactor(tx, userId, factorId, name))) throw notFound('factor', factorId);
    await recordAudit(tx, actor, { category: 'security', action: 'user.factor_rename', target: target(factorId), before: { name: before.name }, after: { name } });
  });
}

/** Removes one of the person's factors; their last one takes the recovery codes with it (the audit event says so). */
export async function removeMine(store: Store, actor: Actor, userId: string, factorId: string): Promise<void> {
  await store.transaction(async (tx) => {
    const before = (await listFactors(tx, userId)).factors.find((f) => f.id === factorId);
    if (!before || !(await removeFactor(tx, userId, factorId))) throw notFound('factor', factorId);
    const last = !(await hasFactor(tx, userId));
    await recordAudit(tx, actor, { category: 'security', action: 'user.factor_remove', target: target(factorId), before: { type: before.type, name: before.name }, after: { lastFactor: last, recoveryCodesRemoved: last } });
  });
}

/** Ten new recovery codes in place of the old ones, returned once; only someone with a factor has any. */
export async function renewRecoveryCodesMine(store: Store, factors: FactorStore, actor: Actor, userId: string): Promise<string[]> {
  if (!(await hasFactor(store.db, userId))) throw fail('factor.none_enrolled', 'Recovery codes come with an authenticator app: add one first.');
  const codes = await replaceRecoveryCodes(factors, userId);
  await recordAudit(store.db, actor, { category: 'security', action: 'user.recovery_codes_renew', target: { type: 'user', id: userId }, after: { count: codes.length } });
  return codes;
}
