/**
 * `npm run admin -- create-admin | migrate | check-config` (src/cli/), run as child processes on both
 * databases: a super admin the operator creates signs in at the Enterprise Center and is audited; the
 * migrations alone, from an older database, audited, and refused on a newer one; the configuration
 * checked as npm start would load it, with the store, the master key and Redis tried, exit code 0 or 2;
 * and, on PostgreSQL, backup and restore point to pg_dump and pg_restore.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { PG_URL, REDIS_URL, describeEachDialect, freePort, redisProblem } from './helpers/harness.ts';
import { createSchema, dropSchema } from './helpers/pg-schema.ts';
import { CLI, startCliNode, V1, type CliNode } from './helpers/cli-node.ts';
import { runToExit } from './helpers/run-to-exit.ts';
import { migrateTo, openStore } from '../src/store/database.ts';
import { migrations } from '../src/store/migrations/index.ts';

describeEachDialect('operator command: create-admin, migrate, check-config', (dialect) => {
  let node: CliNode;
  before(async () => {
    node = await startCliNode(dialect);
  });
  after(() => node?.close());

  const signIn = (username: string, password: string) =>
    fetch(`${node.url}${V1}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

  test('create-admin: a super admin with a generated or a chosen password signs in; audited as the operator; refusals', async () => {
    const generated = await node.admin(['create-admin', 'Night-Ops']);
    assert.equal(generated.code, 0, generated.stderr);
    assert.match(generated.stdout, /^Super admin "night-ops" created\.$/m);
    const password = /^Password \(shown this once; change it after signing in\): (\S+)$/m.exec(generated.stdout)?.[1];
    assert.ok(password, generated.stdout);
    const session = await signIn('night-ops', password);
    assert.equal(session.status, 201);
    assert.equal((await session.json()).admin.role, 'super_admin');

    const chosen = 'a chosen password for the operator';
    const piped = await node.admin(['create-admin', '--password-stdin', 'day-ops'], { input: `${chosen}\n` });
    assert.equal(piped.code, 0, piped.stderr);
    assert.ok(!piped.stdout.includes(chosen));
    assert.equal((await signIn('day-ops', chosen)).status, 201);

    const events = await node.audit('admin.create');
    const mine = events.filter((e) => e.actor_name === 'operator (command line)');
    assert.equal(mine.length, 2);
    for (const e of mine) {
      assert.equal(e.actor_type, 'system');
      assert.equal(JSON.parse(e.after!).role, 'super_admin');
      assert.ok(!JSON.stringify(e).includes(password) && !JSON.stringify(e).includes(chosen), 'no password in the audit log');
    }

    const taken = await node.admin(['create-admin', 'night-ops']);
    assert.equal(taken.code, 1, taken.stderr);
    assert.match(taken.stderr, /Another admin has this username/);
    const short = await node.admin(['create-admin', 'short-ops', '--password-stdin'], { input: 'too short\n' });
    assert.equal(short.code, 2, short.stderr);
    assert.match(short.stderr, /at least 12 characters/);
    const badName = await node.admin(['create-admin', 'no spaces please']);
    assert.equal(badName.code, 2, badName.stderr);
    for (const args of [['create-admin'], ['create-admin', 'a', 'b'], ['create-admin', 'x', '--role=auditor']]) {
      const wrong = await node.admin(args);
      assert.equal(wrong.code, 2, wrong.stderr);
      assert.match(wrong.stderr, /create-admin <username> \[--password-stdin\]/);
    }
    assert.equal((await node.audit('admin.create')).filter((e) => e.actor_name === 'operator (command line)').length, 2, 'the refusals created no one');
  });

  test('migrate: applies what an older database lacks, audited; up to date after; a newer database is refused', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'portico-cli-migrate-'));
    const pg = dialect === 'postgres' ? await createSchema(PG_URL, 'cli_') : undefined;
    const url = pg ? pg.url : `sqlite:${path.join(dir, 'portico.sqlite')}`;
    const env = { PORTICO_DATA_DIR: dir, PORTICO_DEMO: 'false', PORTICO_DATABASE_URL: url };
    try {
      const old = await openStore(url);
      await migrateTo(old, '010_signing_key_states');
      await old.close();
      const later = Object.keys(migrations(dialect)).sort().filter((name) => name > '010_signing_key_states');

      const first = await runToExit([CLI, 'migrate'], { env });
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, new RegExp(`^Applied ${later.length} migrations: ${later.join(', ')}\\. The database is up to date \\(${later.at(-1)}\\)\\.$`, 'm'));
      const second = await runToExit([CLI, 'migrate'], { env });
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /^The database is up to date/);

      const store = await openStore(url);
      try {
        const events = await store.db.selectFrom('audit_events').selectAll().where('action', '=', 'store.migrate').execute();
        assert.equal(events.length, 1, 'audited once: the second run applied nothing');
        assert.equal(events[0].actor_name, 'operator (command line)');
        assert.deepEqual(JSON.parse(events[0].after!).applied, later);
        await sql`insert into kysely_migration (name, timestamp) values ('999_from_the_future', ${new Date().toISOString()})`.execute(store.db);
      } finally {
        await store.close();
      }
      const newer = await runToExit([CLI, 'migrate'], { env });
      assert.equal(newer.code, 1, newer.stderr);
      assert.match(newer.stderr, /migrated by a newer version of Portico \(999_from_the_future\)/);
      const checked = await runToExit([CLI, 'check-config'], { env });
      assert.equal(checked.code, 2, checked.stderr);
      assert.match(checked.stderr, /^Problem: The database was migrated by a newer version of Portico/m);
    } finally {
      if (pg) await dropSchema(PG_URL, pg.schema);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('check-config: a working configuration passes; a bad value is reported as npm start reports it; an unreachable store or another master key are problems', async () => {
    const ok = await node.admin(['check-config']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^Configuration: valid$/m);
    assert.match(ok.stdout, new RegExp(`^Database: ${dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, `, 'm'));
    assert.match(ok.stdout, /^Store: reachable, (\d+) of \1 migrations applied$/m);
    assert.match(ok.stdout, /^Secrets: the master key opens them$/m);
    assert.match(ok.stdout, /^No problems found\.$/m);

    const bad = await node.admin(['check-config'], { env: { PORTICO_PORT: 'eighty' } });
    assert.equal(bad.code, 2, bad.stderr);
    assert.equal(bad.stderr, 'Portico cannot start: PORTICO_PORT: must be a whole number, got "eighty"\n');
    assert.equal(bad.stdout, '');

    const otherKey = await node.admin(['check-config'], { env: { PORTICO_MASTER_KEY: randomBytes(32).toString('base64') } });
    assert.equal(otherKey.code, 2, otherKey.stderr);
    assert.match(otherKey.stderr, /^Problem: The master key does not open the secrets stored in the database/m);

    const port = await freePort();
    const unreachable = dialect === 'sqlite' ? undefined : `postgres://postgres@127.0.0.1:${port}/nowhere`;
    if (unreachable) {
      const down = await node.admin(['check-config'], { env: { PORTICO_DATABASE_URL: unreachable } });
      assert.equal(down.code, 2, down.stderr);
      assert.match(down.stderr, /^Problem: The database \(PostgreSQL, postgres@127\.0\.0\.1:\d+\/nowhere\) does not answer: .*ECONNREFUSED/m);
    } else {
      const empty = mkdtempSync(path.join(tmpdir(), 'portico-cli-empty-'));
      try {
        const fresh = await runToExit([CLI, 'check-config'], { env: { PORTICO_DATA_DIR: empty, PORTICO_DEMO: 'false' } });
        assert.equal(fresh.code, 0, fresh.stderr);
        assert.match(fresh.stdout, /^Master key: none yet/m);
        assert.match(fresh.stdout, /^Store: no database yet at .* \(the first start creates it\)$/m);
      } finally {
        rmSync(empty, { recursive: true, force: true });
      }
    }
  });

  test('check-config with Redis: answers, or a problem when it does not', { skip: redisProblem ? `Redis unreachable at ${REDIS_URL}: ${redisProblem}` : false }, async () => {
    const up = await node.admin(['check-config'], { env: { PORTICO_REDIS_URL: REDIS_URL } });
    assert.equal(up.code, 0, up.stderr);
    assert.match(up.stdout, /^Redis: answers/m);
    const down = await node.admin(['check-config'], { env: { PORTICO_REDIS_URL: `redis://127.0.0.1:${await freePort()}/0` } });
    assert.equal(down.code, 2, down.stderr);
    assert.match(down.stderr, /^Problem: Redis \(PORTICO_REDIS_URL\) does not answer: .*ECONNREFUSED/m);
  });

  test('backup and restore on PostgreSQL say to use pg_dump and pg_restore', { skip: dialect === 'sqlite' ? 'the SQLite commands are tested in test/cli-backup.test.ts' : false }, async () => {
    for (const command of ['backup', 'restore']) {
      const { code, stderr } = await node.admin([command, path.join(tmpdir(), `portico-${randomBytes(4).toString('hex')}.dump`)]);
      assert.equal(code, 2, stderr);
      assert.match(stderr, /Portico runs on PostgreSQL here: back it up with pg_dump .* and restore it with pg_restore/);
    }
  });
});
