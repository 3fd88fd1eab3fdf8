/**
 * Passkeys and security keys (WebAuthn, checked by @simplewebauthn/server): registering one, and
 * checking what a browser signed with one. The relying party is Portico's public URL (its host is the
 * rpId, its origin the only origin accepted). A ceremony's challenge waits in the shared store and is
 * taken on use, so an assertion is accepted once; the signature counter may only grow (WebAuthn §6.1.1).
 */
import { randomBytes } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { ShortLivedStore } from '../store/short-lived.ts';
import type { Db } from '../store/database.ts';
import { nowIso } from '../store/database.ts';
import { newId } from '../store/ids.ts';
import type { FactorStore } from './store.ts';

/** How long a browser has to answer a ceremony: WebAuthn's recommended range for user verification is 5–10 minutes (§5.4). */
export const PASSKEY_CEREMONY_TTL_MS = 5 * 60 * 1000;
/**
 * COSE algorithms a key may use: EdDSA, ES256, RS256 (what authenticators ship). Named, not the
 * library's runtime-dependent default, which adds post-quantum ML-DSA where Node has it experimentally:
 * a key every node of a cluster can verify, and no experimental warnings in the logs.
 */
export const PASSKEY_ALGORITHMS = [-8, -7, -257];
/** A registration or assertion's JSON, as the browser's script posts it: far larger than any real one is refused. */
export const PASSKEY_RESPONSE_MAX_CHARS = 16_384;

export interface RelyingParty {
  id: string;
  origin: string;
  name: string;
}

/** The relying party Portico is, from its public URL (WebAuthn §5.1.4.1: the rpId is the origin's host). */
export function relyingPartyOf(publicUrl: string): RelyingParty {
  const url = new URL(publicUrl);
  return { id: url.hostname, origin: url.origin, name: 'Portico' };
}

export type CeremonyPurpose = 'register' | 'second_factor' | 'sign_in';

interface Ceremony {
  purpose: CeremonyPurpose;
  challenge: string;
  /** Whose ceremony it is (none for a passwordless sign-in, which learns the person from the key). */
  userId?: string;
}

const ceremonyKey = (id: string) => `passkey-ceremony:${id}`;

async function beginCeremony(shortLived: ShortLivedStore, c: Ceremony): Promise<string> {
  const id = randomBytes(18).toString('base64url');
  await shortLived.set(ceremonyKey(id), c, PASSKEY_CEREMONY_TTL_MS);
  return id;
}

/** Takes a ceremony once: a replayed answer finds nothing, as does one for another purpose or person. */
async function takeCeremony(shortLived: ShortLivedStore, id: unknown, purpose: CeremonyPurpose, userId?: string): Promise<Ceremony | undefined> {
  if (typeof id !== 'string' || !/^[\w-]{1,64}$/.test(id)) return undefined;
  const c = await shortLived.take<Ceremony>(ceremonyKey(id));
  return c && c.purpose === purpose && c.userId === userId ? c : undefined;
}

/** A registered key as the store keeps it: the public key sealed (so nobody with only the database can swap in their own). */
interface SealedKey {
  publicKey: string;
  transports?: string[];
  /** `multiDevice`: a synced passkey; `singleDevice`: a key bound to one authenticator. */
  deviceType: 'singleDevice' | 'multiDevice';
}

export interface PasskeyDeps {
  factors: FactorStore;
  shortLived: ShortLivedStore;
  rp: RelyingParty;
}

const sealContext = (id: string) => `user_factors:${id}`;

/**
 * What `amr` says a key proved (RFC 8176): `hwk` for a key bound to one authenticator, `swk` for a
 * synced passkey (its private key lives in software across devices); `mfa` when the authenticator
 * verified the person too (WebAuthn §6.2.3: possession plus a PIN or biometric in one ceremony).
 */
export function passkeyAmr(deviceType: SealedKey['deviceType'], userVerified: boolean): string[] {
  return [deviceType === 'multiDevice' ? 'swk' : 'hwk', ...(userVerified ? ['mfa'] : [])];
}

async function keysOf(db: Db, userId: string) {
  return db.selectFrom('user_factors').select(['id', 'credential_id', 'secret_enc']).where('user_id', '=', userId).where('type', '=', 'passkey').where('confirmed_at', 'is not', null).execute();
}

/** Options for the browser to create a key for this person, never one they registered already. */
export async function registrationOptions(d: PasskeyDeps, user: { id: string; username: string; displayName: string }): Promise<{ ceremony: string; options: PublicKeyCredentialCreationOptionsJSON }> {
  const existing = await keysOf(d.factors.db, user.id);
  const options = await generateRegistrationOptions({
    rpName: d.rp.name,
    rpID: d.rp.id,
    // The user handle is Portico's opaque user id: a passwordless sign-in finds the person by it (no personal data in it, §14.6.1).
    userID: new TextEncoder().encode(user.id),
    userName: user.username,
    userDisplayName: user.displayName,
    timeout: PASSKEY_CEREMONY_TTL_MS,
    attestationType: 'none',
    excludeCredentials: existing.map((k) => ({ id: k.credential_id! })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    supportedAlgorithmIDs: PASSKEY_ALGORITHMS,
  });
  const ceremony = await beginCeremony(d.shortLived, { purpose: 'register', challenge: options.challenge, userId: user.id });
  return { ceremony, options };
}

export type PasskeyRefusal = 'factor.passkey_expired' | 'factor.passkey_invalid' | 'factor.passkey_unknown' | 'factor.passkey_cloned';

function parseResponse<T>(raw: unknown): T | undefined {
  if (typeof raw !== 'string' || raw.length > PASSKEY_RESPONSE_MAX_CHARS) return undefined;
  try {
    const parsed = JSON.parse(raw) as unknown;
    return parsed && typeof parsed === 'object' && typeof (parsed as { id?: unknown }).id === 'string' ? (parsed as T) : undefined;
  } catch {
    return undefined;
  }
}

/** Checks the browser's new key against the ceremony and keeps it under `name`; the new factor's id, and what creating it proved. */
export async function registerPasskey(d: PasskeyDeps, userId: string, ceremonyId: unknown, raw: unknown, name: string): Promise<{ ok: true; factorId: string; amr: string[] } | { ok: false; reason: PasskeyRefusal }> {
  const ceremony = await takeCeremony(d.shortLived, ceremonyId, 'register', userId);
  if (!ceremony) return { ok: false, reason: 'factor.passkey_expired' };
  const response = parseResponse<RegistrationResponseJSON>(raw);
  if (!response) return { ok: false, reason: 'factor.passkey_invalid' };
  let info;
  try {
    const verified = await verifyRegistrationResponse({ response, expectedChallenge: ceremony.challenge, expectedOrigin: d.rp.origin, expectedRPID: d.rp.id, requireUserVerification: false, supportedAlgorithmIDs: PASSKEY_ALGORITHMS });
    if (!verified.verified) return { ok: false, reason: 'factor.passkey_invalid' };
    info = verified.registrationInfo;
  } catch {
    return { ok: false, reason: 'factor.passkey_invalid' };
  }
  const id = newId('fac');
  const { credential } = info;
  const sealed: SealedKey = { publicKey: Buffer.from(credential.publicKey).toString('base64url'), transports: credential.transports, deviceType: info.credentialDeviceType };
  const now = nowIso();
  try {
    await d.factors.db
      .insertInto('user_factors')
      .values({
        id,
        user_id: userId,
        type: 'passkey',
        name,
        secret_enc: d.factors.box.seal(JSON.stringify(sealed), sealContext(id)),
        last_step: credential.counter,
        credential_id: credential.id,
        created_at: now,
        confirmed_at: now,
        last_used_at: null,
      })
      .execute();
  } catch {
    // The unique index: this key is registered already (excludeCredentials asks the browser not to offer it).
    return { ok: false, reason: 'factor.passkey_invalid' };
  }
  return { ok: true, factorId: id, amr: passkeyAmr(info.credentialDeviceType, info.userVerified) };
}

/**
 * Options for the browser to sign with a key: one of this person's (a second factor), or any key the
 * browser holds for Portico (passwordless: discoverable credentials, no list).
 */
export async function authenticationOptions(d: PasskeyDeps, purpose: 'second_factor' | 'sign_in', userId?: string): Promise<{ ceremony: string; options: PublicKeyCredentialRequestOptionsJSON }> {
  const keys = userId ? await keysOf(d.factors.db, userId) : [];
  const options = await generateAuthenticationOptions({
    rpID: d.rp.id,
    allowCredentials: keys.map((k) => ({ id: k.credential_id! })),
    userVerification: 'preferred',
    timeout: PASSKEY_CEREMONY_TTL_MS,
  });
  const ceremony = await beginCeremony(d.shortLived, { purpose, challenge: options.challenge, userId });
  return { ceremony, options };
}

export type PasskeyCheck = { ok: true; userId: string; factorId: string; amr: string[] } | { ok: false; reason: PasskeyRefusal; userId?: string };

/**
 * Checks a signed assertion: the ceremony (once, for this purpose and person), a key Portico knows
 * (and, for a second factor, one of this person's), origin, rpId, challenge and signature, then the
 * counter: it must grow unless the authenticator keeps none (both zero); a counter that does not
 * grow means a cloned key, and the assertion is refused (WebAuthn §6.1.1, §7.2 step 21).
 */
export async function checkPasskey(d: PasskeyDeps, purpose: 'second_factor' | 'sign_in', ceremonyId: unknown, raw: unknown, userId?: string): Promise<PasskeyCheck> {
  const ceremony = await takeCeremony(d.shortLived, ceremonyId, purpose, userId);
  if (!ceremony) return { ok: false, reason: 'factor.passkey_expired', userId };
  const response = parseResponse<AuthenticationResponseJSON>(raw);
  if (!response) return { ok: false, reason: 'factor.passkey_invalid', userId };
  const row = await d.factors.db
    .selectFrom('user_factors')
    .select(['id', 'user_id', 'secret_enc', 'last_step'])
    .where('credential_id', '=', response.id)
    .where('type', '=', 'passkey')
    .where('confirmed_at', 'is not', null)
    .executeTakeFirst();
  if (!row || (userId !== undefined && row.user_id !== userId)) return { ok: false, reason: 'factor.passkey_unknown', userId };
  const owner = row.user_id;
  // A discoverable key names its owner too: it must be the owner Portico registered it for.
  const handle = response.response?.userHandle;
  if (handle && Buffer.from(handle, 'base64url').toString('utf8') !== owner) return { ok: false, reason: 'factor.passkey_unknown', userId };
  const key = JSON.parse(d.factors.box.open(row.secret_enc, sealContext(row.id))) as SealedKey;
  const stored = Number(row.last_step ?? 0);
  let info;
  try {
    const verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: ceremony.challenge,
      expectedOrigin: d.rp.origin,
      expectedRPID: d.rp.id,
      // The counter is judged below, with the store's own compare-and-set.
      credential: { id: response.id, publicKey: Buffer.from(key.publicKey, 'base64url'), counter: 0, transports: key.transports },
      requireUserVerification: false,
    });
    if (!verified.verified) return { ok: false, reason: 'factor.passkey_invalid', userId: owner };
    info = verified.authenticationInfo;
  } catch {
    return { ok: false, reason: 'factor.passkey_invalid', userId: owner };
  }
  const counter = info.newCounter;
  if ((counter > 0 || stored > 0) && counter <= stored) return { ok: false, reason: 'factor.passkey_cloned', userId: owner };
  // Of two requests racing with assertions of one key, only the one that finds the counter it read moves it.
  const moved = await d.factors.db
    .updateTable('user_factors')
    .set({ last_step: counter, last_used_at: nowIso() })
    .where('id', '=', row.id)
    .where((eb) => (row.last_step === null ? eb('last_step', 'is', null) : eb('last_step', '=', row.last_step)))
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) return { ok: false, reason: 'factor.passkey_cloned', userId: owner };
  return { ok: true, userId: owner, factorId: row.id, amr: passkeyAmr(key.deviceType, info.userVerified) };
}
