import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { createPortico } from '../src/bootstrap/portico.ts';
import { createSource, loadSourceConfig } from '../src/sources/source-store.ts';

test('a second start reuses the data folder: same admin, same key, no duplicate rows', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-restart-'));
  const config = loadConfig({ PORTICO_DATA_DIR: dataDir, PORTICO_LOG_LEVEL: 'silent', PORTICO_DEMO: 'false' });
  try {
    const first = await createPortico(config);
    assert.ok(first.firstAdmin?.password, 'the first start generates and returns a one-time password');
    assert.equal(first.masterKeyGenerated, true);
    assert.equal(statSync(path.join(dataDir, 'master.key')).mode & 0o777, 0o600, 'the key file is private');
    const row = await first.store.transaction((tx) =>
      createSource(tx, first.ctx.secretBox, { allowCustomEndpoints: false }, { type: 'dingtalk', name: 'DT', config: { appKey: 'k', appSecret: 'the-secret' } }),
    );
    const counts = async (p: typeof first) =>
      Promise.all(
        (['admins', 'applications', 'auth_sources', 'org_units', 'login_configurations'] as const).map(async (t) =>
          Number((await p.store.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
        ),
      );
    const before = await counts(first);
    await first.close();

    const second = await createPortico(config);
    try {
      assert.equal(second.firstAdmin, undefined, 'no second admin is created');
      assert.equal(second.masterKeyGenerated, false);
      assert.deepEqual(await counts(second), before);
      const { config: loaded } = await loadSourceConfig<{ appSecret: string }>(second.store.db, second.ctx.secretBox, row.id);
      assert.equal(loaded.appSecret, 'the-secret', 'secrets sealed by the first start open on the second');
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
