/**
 * Migration 006 on a database that already holds applications, as the previous version left it: every
 * application gets the OpenID Connect protocol, the User Center stays the built-in one, nothing else
 * changes; and a node of the previous version, still writing during a rolling upgrade, gets the same.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDialect } from './helpers/harness.ts';
import { storeBeforeMigration } from './helpers/store-at-migration.ts';
import { migrate } from '../src/store/database.ts';
import { toApplication } from '../src/applications/applications.ts';
import type { OidcApplication } from '../src/applications/views.ts';
import { USER_CENTER_APP_ID } from '../src/store/well-known.ts';

const MIGRATION = '006_application_protocol';

/** An application row as the previous version wrote it: `kind`, no protocol, no built-in flag. */
const legacyRow = (id: string, clientId: string) => ({
  id,
  kind: 'oidc',
  name: `Legacy ${id}`,
  description: 'integrated before protocols',
  logo_url: null,
  client_id: clientId,
  client_type: 'confidential',
  client_secret_enc: 'v1.sealed.elsewhere.tag',
  redirect_uris: '["https://legacy.example/cb"]',
  post_logout_redirect_uris: '[]',
  first_party: 1,
  created_at: '2025-01-01T00:00:00.000Z',
  updated_at: '2025-01-01T00:00:00.000Z',
});

describeEachDialect('Migration 006: application protocols', (dialect) => {
  const at = storeBeforeMigration(dialect, MIGRATION);

  test('existing applications speak OpenID Connect, the User Center stays built in, and nothing else changes', async () => {
    const legacy = legacyRow('app_legacy', 'legacy-client');
    await (at.store.db as any).insertInto('applications').values(legacy).execute();
    const columnsBefore = await at.store.db.selectFrom('applications').selectAll().orderBy('id').execute();

    // 006 runs first; the migrations after it run as well, as they would at start-up.
    assert.equal((await migrate(at.store)).at(0), MIGRATION);

    const rows = await at.store.db.selectFrom('applications').selectAll().orderBy('id').execute();
    assert.deepEqual(
      rows.map((r) => [r.id, r.protocol, r.built_in, r.kind]),
      [
        ['app_legacy', 'oidc', 0, 'oidc'],
        [USER_CENTER_APP_ID, 'oidc', 1, 'user_center'],
      ],
    );
    for (const [i, row] of rows.entries()) {
      // protocol_settings: migration 008's, which runs after (test/application-settings-migration.test.ts).
      // Later migrations add columns of their own; every column there was is as it was.
      const kept = Object.fromEntries(Object.keys(columnsBefore[i]).map((k) => [k, (row as Record<string, unknown>)[k]]));
      assert.deepEqual(kept, { ...columnsBefore[i] }, `${row.id}: every other column as it was`);
    }
    const [app, userCenter] = rows.map(toApplication) as OidcApplication[];
    assert.deepEqual(
      { protocol: app.protocol, builtIn: app.builtIn, kind: app.kind, clientId: app.clientId, clientType: app.clientType, hasSecret: app.hasSecret, redirectUris: app.redirectUris, firstParty: app.firstParty },
      { protocol: 'oidc', builtIn: false, kind: 'oidc', clientId: 'legacy-client', clientType: 'confidential', hasSecret: true, redirectUris: ['https://legacy.example/cb'], firstParty: true },
    );
    assert.equal(userCenter.builtIn, true);
    assert.equal(userCenter.kind, 'user_center');
  });

  test('a node of the previous version, inserting as it did during a rolling upgrade, gets an OpenID Connect application that is not built in', async () => {
    await (at.store.db as any).insertInto('applications').values(legacyRow('app_old_node', 'old-node-client')).execute();
    const row = await at.store.db.selectFrom('applications').selectAll().where('id', '=', 'app_old_node').executeTakeFirstOrThrow();
    assert.equal(row.protocol, 'oidc');
    assert.equal(row.built_in, 0);
  });

  test('a second run finds nothing to do', async () => {
    assert.deepEqual(await migrate(at.store), []);
  });
});
