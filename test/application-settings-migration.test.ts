/**
 * Migration 008 on a database that already holds applications, as the previous version left them:
 * every application gets empty protocol settings, so each setting's default applies and the provider
 * sees the same client as before (ES256 ID tokens, client_secret_basic or none, PKCE for public clients
 * only, today's lifetimes, no PAR); nothing else changes; and a node of the previous version, still
 * writing during a rolling upgrade, gets the same.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describeEachDialect } from './helpers/harness.ts';
import { storeBeforeMigration } from './helpers/store-at-migration.ts';
import { migrate } from '../src/store/database.ts';
import { toApplication as anyApplication } from '../src/applications/applications.ts';
import type { OidcApplication } from '../src/applications/views.ts';

/** The applications here all speak OpenID Connect. */
const toApplication = (row: Parameters<typeof anyApplication>[0]) => anyApplication(row) as OidcApplication;
import { createSecretBox } from '../src/crypto/secret-box.ts';
import { newClientSecret } from '../src/protocols/oidc/client-secret.ts';
import { clientMetadata } from '../src/oidc/clients.ts';
import { ACCESS_TOKEN_TTL_S, ID_TOKEN_TTL_S, REFRESH_TOKEN_TTL_S } from '../src/oidc/policy.ts';

const MIGRATION = '008_protocol_settings';
const box = createSecretBox(randomBytes(32));
const secret = newClientSecret(box, 'app_confidential');

/** An application row as the previous version wrote it: no protocol settings. */
const legacyRow = (id: string, clientType: 'confidential' | 'public') => ({
  id,
  protocol: 'oidc',
  built_in: 0,
  kind: 'oidc',
  name: `Legacy ${id}`,
  description: '',
  logo_url: null,
  client_id: `${id}-client`,
  client_type: clientType,
  client_secret_enc: clientType === 'confidential' ? secret.sealed : null,
  redirect_uris: '["https://legacy.example/cb"]',
  post_logout_redirect_uris: '[]',
  first_party: 1,
  created_at: '2025-01-01T00:00:00.000Z',
  updated_at: '2025-01-01T00:00:00.000Z',
});

describeEachDialect('Migration 008: protocol settings', (dialect) => {
  const at = storeBeforeMigration(dialect, MIGRATION);

  const rowOf = (id: string) => at.store.db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  test('existing applications keep working as they did: no settings stored, every default applied', async () => {
    for (const [id, type] of [['app_confidential', 'confidential'], ['app_public', 'public']] as const) {
      await (at.store.db as any).insertInto('applications').values(legacyRow(id, type)).execute();
    }
    const columnsBefore = await at.store.db.selectFrom('applications').selectAll().orderBy('id').execute();

    assert.ok((await migrate(at.store)).includes(MIGRATION));

    const rows = await at.store.db.selectFrom('applications').selectAll().orderBy('id').execute();
    for (const [i, row] of rows.entries()) {
      const { protocol_settings, ...rest } = row;
      assert.equal(protocol_settings, '{}', `${row.id}: no settings`);
      // Later migrations add columns of their own; every column there was is as it was.
      const kept = Object.fromEntries(Object.keys(columnsBefore[i]).map((k) => [k, (rest as Record<string, unknown>)[k]]));
      assert.deepEqual(kept, { ...columnsBefore[i] }, `${row.id}: every other column as it was`);
    }

    const confidential = toApplication(await rowOf('app_confidential'));
    assert.deepEqual(
      [confidential.tokenEndpointAuthMethod, confidential.idTokenSignedResponseAlg, confidential.pkceRequired, confidential.parRequired, confidential.offlineAccessWithoutConsent],
      ['client_secret_basic', 'ES256', false, false, false],
    );
    assert.deepEqual(
      [confidential.accessTokenLifetimeSeconds, confidential.idTokenLifetimeSeconds, confidential.refreshTokenLifetimeSeconds],
      [ACCESS_TOKEN_TTL_S, ID_TOKEN_TTL_S, REFRESH_TOKEN_TTL_S],
    );
    const pub = toApplication(await rowOf('app_public'));
    assert.deepEqual([pub.tokenEndpointAuthMethod, pub.pkceRequired], ['none', true]);

    const asClient = async (id: string) => clientMetadata(await rowOf(id), { publicUrl: 'https://portico.example', secretBox: box });
    const client = await asClient('app_confidential');
    assert.deepEqual(
      [client.token_endpoint_auth_method, client.client_secret, client.id_token_signed_response_alg, client.require_pushed_authorization_requests, client.jwks, client.jwks_uri],
      ['client_secret_basic', secret.secret, 'ES256', false, undefined, undefined],
      'the provider sees the client it saw before',
    );
    assert.equal((await asClient('app_public')).token_endpoint_auth_method, 'none');
  });

  test('a node of the previous version, inserting as it did during a rolling upgrade, gets empty settings', async () => {
    await (at.store.db as any).insertInto('applications').values(legacyRow('app_old_node', 'confidential')).execute();
    const row = await rowOf('app_old_node');
    assert.equal(row.protocol_settings, '{}');
    assert.equal(toApplication(row).tokenEndpointAuthMethod, 'client_secret_basic');
  });

  test('a second run finds nothing to do', async () => {
    assert.deepEqual(await migrate(at.store), []);
  });
});
