/**
 * The provider's signing keys: one ES256 and one RS256 key sign at a time (the RSA key PS256 too);
 * they are generated on first start and stored sealed under the master key. A rotation takes two steps:
 * the next keys are published in the JWKS without signing, and activated once relying parties' cached
 * copies of the JWKS hold them (NEXT_KEY_MIN_PUBLISHED_S). A rotated-out key stays published until
 * everything it signed has expired, then drops out.
 *
 * Activation is never scheduled: it changes what every relying party must trust, so it is an
 * administrator's audited act, and the wait before it is safe is minutes, not worth a timer every node
 * would race to apply.
 */
import { generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { Db, Store, Tx } from '../store/database.ts';
import { nowIso } from '../store/database.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { OidcSigningKeyTable } from '../store/schema.ts';
import { fail } from '../errors.ts';
import { KEY_RETIREMENT_GRACE_S, NEXT_KEY_MIN_PUBLISHED_S, RSA_MODULUS_BITS, SIGNING_ALGS, type SigningAlg } from './policy.ts';

type Conn = Db | Tx;

/** next: published, not signing; active: signing; retiring: published, not signing; retired: gone from the JWKS. */
export type SigningKeyState = 'next' | 'active' | 'retiring' | 'retired';

export interface SigningKeyView {
  kid: string;
  alg: string;
  state: SigningKeyState;
  createdAt: string;
  /** When it started signing; null for a next key (and for one discarded unused). */
  activatedAt: string | null;
  /** Null while the key signs or waits to; otherwise it stays published until then. */
  retireAfter: string | null;
}

type KeyRow = Pick<OidcSigningKeyTable, 'retire_after'> & { is_next: number };

function stateOf(row: KeyRow, now: string): SigningKeyState {
  if (row.retire_after !== null) return row.retire_after > now ? 'retiring' : 'retired';
  return row.is_next ? 'next' : 'active';
}

const sealContext = (kid: string) => `oidc_signing_keys:${kid}`;

async function generate(alg: SigningAlg): Promise<{ kid: string; jwk: JWK }> {
  const { privateKey } =
    alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: RSA_MODULUS_BITS });
  const jwk = privateKey.export({ format: 'jwk' }) as JsonWebKey & JWK;
  // RFC 7638 thumbprint: a stable, collision-free key id.
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, jwk: { ...jwk, kid, alg, use: 'sig' } };
}

/** A new key per algorithm: signing at once, or only published (`next`). */
async function insertKeys(conn: Conn, box: SecretBox, next: boolean) {
  const keys = [];
  for (const alg of SIGNING_ALGS) {
    const { kid, jwk } = await generate(alg);
    const now = nowIso();
    await conn
      .insertInto('oidc_signing_keys')
      .values({ kid, alg, private_jwk_enc: box.seal(JSON.stringify(jwk), sealContext(kid)), created_at: now, is_next: next ? 1 : 0, activated_at: next ? null : now, retire_after: null })
      .execute();
    keys.push({ kid, alg });
  }
  return keys;
}

/** First start: a signing key per algorithm. Later starts find them and create nothing. */
export async function ensureSigningKeys(store: Store, box: SecretBox): Promise<void> {
  await store.transaction(async (tx) => {
    const active = await tx.selectFrom('oidc_signing_keys').select('kid').where('is_next', '=', 0).where('retire_after', 'is', null).execute();
    if (active.length === 0) await insertKeys(tx, box, false);
  });
}

const nextKeys = (conn: Conn) =>
  conn.selectFrom('oidc_signing_keys').select(['kid', 'alg', 'created_at']).where('is_next', '=', 1).where('retire_after', 'is', null).execute();

/** When next keys published at `publishedAt` may sign without `force`. */
const activatableAt = (publishedAt: string) => new Date(Date.parse(publishedAt) + NEXT_KEY_MIN_PUBLISHED_S * 1000).toISOString();

/** Step one: publishes a next key per algorithm, in the JWKS but not signing (run inside the audit transaction). */
export async function publishNextKeys(tx: Tx, box: SecretBox) {
  if ((await nextKeys(tx)).length > 0) throw fail('signing_keys.next_exists', 'Next signing keys are already published: activate them (or rotate now) before publishing others.');
  const published = await insertKeys(tx, box, true);
  return { published, activatableAt: activatableAt(nowIso()) };
}

/**
 * Step two: the next keys sign from now on; the active ones stay published for KEY_RETIREMENT_GRACE_S.
 * Refused until they have been published NEXT_KEY_MIN_PUBLISHED_S, unless `force` (a compromised key).
 * Safe when two nodes activate at once: the keys are claimed with a conditional update, and the later
 * transaction finds none left to claim and rolls back.
 */
export async function activateNextKeys(tx: Tx, { force }: { force: boolean }) {
  const next = await nextKeys(tx);
  if (next.length === 0) throw fail('signing_keys.no_next', 'There are no next signing keys to activate: publish them first.');
  const safeAt = activatableAt(next.map((k) => k.created_at).sort().at(-1)!);
  const now = nowIso();
  if (now < safeAt && !force) {
    throw fail('signing_keys.activation_too_early', `Relying parties may still hold a copy of the JWKS without the next keys: activate them after ${safeAt}, or force it if a key is compromised.`, {
      detail: { activatableAt: safeAt },
    });
  }
  const kids = next.map((k) => k.kid);
  const claimed = await tx.updateTable('oidc_signing_keys').set({ is_next: 0, activated_at: now }).where('kid', 'in', kids).where('is_next', '=', 1).where('retire_after', 'is', null).executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== kids.length) throw fail('signing_keys.no_next', 'The next signing keys were activated meanwhile.');

  const retireAfter = new Date(Date.now() + KEY_RETIREMENT_GRACE_S * 1000).toISOString();
  const retiring = await tx.selectFrom('oidc_signing_keys').select(['kid', 'alg']).where('is_next', '=', 0).where('retire_after', 'is', null).where('kid', 'not in', kids).execute();
  if (retiring.length > 0) await tx.updateTable('oidc_signing_keys').set({ retire_after: retireAfter }).where('kid', 'in', retiring.map((k) => k.kid)).execute();
  return { activated: next.map(({ kid, alg }) => ({ kid, alg })), retiring: retiring.map((k) => ({ ...k, retireAfter })) };
}

/**
 * Both steps at once, for emergencies (a compromised key): fresh keys sign at once. Next keys published
 * earlier are discarded rather than activated (they never signed, so they leave the JWKS at once): they
 * were stored alongside the compromised one.
 */
export async function rotateSigningKeys(tx: Tx, box: SecretBox) {
  const discarded = await nextKeys(tx);
  if (discarded.length > 0) await tx.updateTable('oidc_signing_keys').set({ retire_after: nowIso() }).where('kid', 'in', discarded.map((k) => k.kid)).execute();
  await publishNextKeys(tx, box);
  return { ...(await activateNextKeys(tx, { force: true })), discarded: discarded.map(({ kid, alg }) => ({ kid, alg })) };
}

const RANK: Record<SigningKeyState, number> = { active: 0, next: 1, retiring: 2, retired: 3 };

/**
 * Every key not yet retired, signing keys first, newest first, then by kid so that every node orders
 * them alike.
 */
async function published(conn: Conn) {
  const now = nowIso();
  const rows = await conn
    .selectFrom('oidc_signing_keys')
    .selectAll()
    .where((eb) => eb.or([eb('retire_after', 'is', null), eb('retire_after', '>', now)]))
    .execute();
  return rows
    .map((row) => ({ ...row, state: stateOf(row, now) }))
    .sort((a, b) => RANK[a.state] - RANK[b.state] || b.created_at.localeCompare(a.created_at) || a.kid.localeCompare(b.kid));
}

/**
 * An RSA key is handed over without its `alg`, so that it signs both RS256 and PS256 (RFC 7517 §4.4:
 * without `alg` a key is not limited to one algorithm); relying parties pick it by `kid`. A key that is
 * not active is marked verify-only (RFC 7517 §4.3 `key_ops`, consistent with its `use: sig`): the
 * provider never picks it to sign, whatever the order, and relying parties still verify with it.
 */
const forProvider = (jwk: JWK, state: SigningKeyState): JWK => {
  const key = state === 'active' ? jwk : { ...jwk, key_ops: ['verify'] };
  if (key.kty !== 'RSA') return key;
  const { alg: _rs256AndPs256, ...rsa } = key;
  return rsa;
};

/** The private JWKS the provider is built with. */
export async function loadPublishedKeys(conn: Conn, box: SecretBox): Promise<{ keys: JWK[] }> {
  const rows = await published(conn);
  return { keys: rows.map((row) => forProvider(JSON.parse(box.open(row.private_jwk_enc, sealContext(row.kid))) as JWK, row.state)) };
}

/**
 * Identifies the published set cheaply, so a node notices a change made elsewhere: the kids and each
 * one's state, since an activation changes which keys sign but no kid.
 */
export async function publishedKeyIds(conn: Conn): Promise<string> {
  return (await published(conn)).map((r) => `${r.kid}:${r.state}`).join(',');
}

export async function listSigningKeys(conn: Conn): Promise<SigningKeyView[]> {
  const rows = await conn
    .selectFrom('oidc_signing_keys')
    .select(['kid', 'alg', 'created_at', 'is_next', 'activated_at', 'retire_after'])
    .orderBy('created_at', 'desc')
    .orderBy('kid')
    .execute();
  const now = nowIso();
  return rows.map((r) => ({
    kid: r.kid,
    alg: r.alg,
    state: stateOf(r, now),
    createdAt: r.created_at,
    // A key a node of a version before 010 inserted signed from its creation.
    activatedAt: r.is_next ? null : (r.activated_at ?? r.created_at),
    retireAfter: r.retire_after,
  }));
}

/**
 * Whether `box` opens the stored signing keys, that is whether its master key is the one the database's
 * secrets were sealed with (the operator's checks, src/cli/); undefined when there is no key yet.
 */
export async function signingKeysOpenWith(conn: Conn, box: SecretBox): Promise<boolean | undefined> {
  const row = await conn.selectFrom('oidc_signing_keys').select(['kid', 'private_jwk_enc']).orderBy('created_at', 'desc').orderBy('kid').executeTakeFirst();
  if (!row) return undefined;
  try {
    box.open(row.private_jwk_enc, sealContext(row.kid));
    return true;
  } catch {
    return false;
  }
}

/** In-process signal: a change here reaches this node's provider at once, other nodes within KEYSET_REFRESH_MS. */
let generation = 0;
export const signalKeysChanged = () => void generation++;
export const keysGeneration = () => generation;
