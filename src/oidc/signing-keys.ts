/**
 * The provider's signing keys: one ES256 and one RS256 key sign at a time (the RSA key PS256 too);
 * they are generated on first start and at each rotation, and stored sealed under the master key. A
 * rotated-out key stays published in the JWKS until everything it signed has expired, then drops out.
 */
import { generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { Db, Store, Tx } from '../store/database.ts';
import { nowIso } from '../store/database.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { KEY_RETIREMENT_GRACE_S, RSA_MODULUS_BITS, SIGNING_ALGS, type SigningAlg } from './policy.ts';

type Conn = Db | Tx;

export interface SigningKeyView {
  kid: string;
  alg: string;
  createdAt: string;
  /** Null while the key signs new tokens. */
  retireAfter: string | null;
  state: 'active' | 'retiring' | 'retired';
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

async function insertKey(conn: Conn, box: SecretBox, alg: SigningAlg) {
  const { kid, jwk } = await generate(alg);
  await conn
    .insertInto('oidc_signing_keys')
    .values({ kid, alg, private_jwk_enc: box.seal(JSON.stringify(jwk), sealContext(kid)), created_at: nowIso(), retire_after: null })
    .execute();
  return { kid, alg };
}

/** First start: a signing key per algorithm. Later starts find them and create nothing. */
export async function ensureSigningKeys(store: Store, box: SecretBox): Promise<void> {
  await store.transaction(async (tx) => {
    const active = await tx.selectFrom('oidc_signing_keys').select('alg').where('retire_after', 'is', null).execute();
    for (const alg of SIGNING_ALGS) {
      if (!active.some((k) => k.alg === alg)) await insertKey(tx, box, alg);
    }
  });
}

/** Makes new keys active; the old ones stay published for KEY_RETIREMENT_GRACE_S (run inside the audit transaction). */
export async function rotateSigningKeys(tx: Tx, box: SecretBox) {
  const retireAfter = new Date(Date.now() + KEY_RETIREMENT_GRACE_S * 1000).toISOString();
  const retiring = await tx.selectFrom('oidc_signing_keys').select(['kid', 'alg']).where('retire_after', 'is', null).execute();
  await tx.updateTable('oidc_signing_keys').set({ retire_after: retireAfter }).where('retire_after', 'is', null).execute();
  const activated = [];
  for (const alg of SIGNING_ALGS) activated.push(await insertKey(tx, box, alg));
  return { activated, retiring: retiring.map((k) => ({ ...k, retireAfter })) };
}

/**
 * Every key not yet retired, signing keys first (the provider signs with the first key of an
 * algorithm), newest first, then by kid so that every node orders them alike.
 */
async function published(conn: Conn) {
  const rows = await conn
    .selectFrom('oidc_signing_keys')
    .selectAll()
    .where((eb) => eb.or([eb('retire_after', 'is', null), eb('retire_after', '>', nowIso())]))
    .execute();
  const rank = (r: { retire_after: string | null }) => (r.retire_after === null ? 0 : 1);
  return rows.sort((a, b) => rank(a) - rank(b) || b.created_at.localeCompare(a.created_at) || a.kid.localeCompare(b.kid));
}

/**
 * An RSA key is handed over without its `alg`, so that it signs both RS256 and PS256 (RFC 7517 §4.4:
 * without `alg` a key is not limited to one algorithm); relying parties pick it by `kid`. Every RSA key
 * alike, so that the newest still signs first.
 */
const forProvider = (jwk: JWK): JWK => {
  if (jwk.kty !== 'RSA') return jwk;
  const { alg: _rs256AndPs256, ...key } = jwk;
  return key;
};

/** The private JWKS the provider is built with. */
export async function loadPublishedKeys(conn: Conn, box: SecretBox): Promise<{ keys: JWK[] }> {
  const rows = await published(conn);
  return { keys: rows.map((row) => forProvider(JSON.parse(box.open(row.private_jwk_enc, sealContext(row.kid))) as JWK)) };
}

/** Identifies the published set cheaply, so a node notices a rotation made elsewhere. */
export async function publishedKeyIds(conn: Conn): Promise<string> {
  return (await published(conn)).map((r) => r.kid).join(',');
}

export async function listSigningKeys(conn: Conn): Promise<SigningKeyView[]> {
  const rows = await conn.selectFrom('oidc_signing_keys').select(['kid', 'alg', 'created_at', 'retire_after']).orderBy('created_at', 'desc').orderBy('kid').execute();
  const now = nowIso();
  return rows.map((r) => ({
    kid: r.kid,
    alg: r.alg,
    createdAt: r.created_at,
    retireAfter: r.retire_after,
    state: r.retire_after === null ? 'active' : r.retire_after > now ? 'retiring' : 'retired',
  }));
}

/** In-process signal: a rotation here reaches this node's provider at once, other nodes within KEYSET_REFRESH_MS. */
let generation = 0;
export const signalKeysChanged = () => void generation++;
export const keysGeneration = () => generation;
