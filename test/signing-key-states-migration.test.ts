/**
 * Migration 010 on a database whose signing keys the previous version wrote: the keys that signed still
 * sign (activated since they were created), the retiring one stays retiring; and a key a node of the
 * previous version inserts during a rolling upgrade (its immediate rotation) signs at once, as that
 * version meant, rather than waiting as a next key.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDialect } from './helpers/harness.ts';
import { storeBeforeMigration } from './helpers/store-at-migration.ts';
import { migrate } from '../src/store/database.ts';
import { listSigningKeys, publishedKeyIds } from '../src/oidc/signing-keys.ts';

const MIGRATION = '010_signing_key_states';
const future = new Date(Date.now() + 3_600_000).toISOString();

/** A key row as the previous version wrote it (the sealed key itself does not matter here). */
const legacyKey = (kid: string, alg: string, createdAt: string, retireAfter: string | null) => ({ kid, alg, private_jwk_enc: 'sealed', created_at: createdAt, retire_after: retireAfter });

describeEachDialect('Migration 010: signing key states', (dialect) => {
  const at = storeBeforeMigration(dialect, MIGRATION);

  const states = async () => Object.fromEntries((await listSigningKeys(at.store.db)).map((k) => [k.kid, [k.state, k.activatedAt]]));

  test('keys that signed before still sign, activated since they were created; a retiring key stays retiring', async () => {
    await (at.store.db as any)
      .insertInto('oidc_signing_keys')
      .values([legacyKey('es-old', 'ES256', '2025-01-01T00:00:00.000Z', future), legacyKey('es', 'ES256', '2025-02-01T00:00:00.000Z', null), legacyKey('rs', 'RS256', '2025-02-01T00:00:00.000Z', null)])
      .execute();
    assert.ok((await migrate(at.store)).includes(MIGRATION));
    assert.deepEqual(await states(), {
      'es-old': ['retiring', '2025-01-01T00:00:00.000Z'],
      es: ['active', '2025-02-01T00:00:00.000Z'],
      rs: ['active', '2025-02-01T00:00:00.000Z'],
    });
    assert.equal(await publishedKeyIds(at.store.db), 'es:active,rs:active,es-old:retiring');
  });

  test('a key a node of the previous version inserts during a rolling upgrade signs at once', async () => {
    await (at.store.db as any).insertInto('oidc_signing_keys').values(legacyKey('es-rotated', 'ES256', '2025-03-01T00:00:00.000Z', null)).execute();
    assert.deepEqual((await states())['es-rotated'], ['active', '2025-03-01T00:00:00.000Z']);
  });
});
