/**
 * `npm run admin -- backup <file>` and `restore <file>` (src/cli/backup.ts, src/cli/restore.ts) on
 * SQLite, run as child processes: a backup taken while the node keeps writing is a sound, private copy;
 * a restore is refused while the node runs, and for a file that is not a Portico backup, one from a
 * newer Portico or one sealed under another master key; once the node is stopped it puts the backup in
 * place, keeps the database it replaced, and the node started again serves the data as it was at the
 * backup. (PostgreSQL's answer, pg_dump and pg_restore: test/cli-operations.test.ts.)
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { startCliNode, V1, type CliNode } from './helpers/cli-node.ts';

describe('operator command: backup and restore [sqlite]', () => {
  let node: CliNode;
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  const createUser = async (username: string) => {
    const res = await node.api('POST', `${V1}/users`, { username, displayName: username, password: 'a long enough password' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  };
  const usernamesIn = (database: string) => {
    const db = new DatabaseSync(database, { readOnly: true });
    try {
      return (db.prepare('select username from users').all() as { username: string }[]).map((r) => r.username);
    } finally {
      db.close();
    }
  };

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'portico-cli-backups-'));
    node = await startCliNode('sqlite');
  });
  after(async () => {
    await node?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a backup taken while the node writes is a sound copy, private, audited; never over a file', async () => {
    await createUser('before-backup');
    let writing = true;
    const writes = (async () => {
      let i = 0;
      while (writing) await createUser(`during-${i++}`);
      return i;
    })();
    const { code, stdout, stderr } = await node.admin(['backup', file('portico.backup')]);
    writing = false;
    assert.ok((await writes) > 0, 'the node kept writing');
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^Backed up .*portico\.sqlite to .*portico\.backup \(\d+ bytes, migration \d{3}_\w+\)\./);
    assert.match(stdout, /A restore needs the same master key/);
    assert.equal(statSync(file('portico.backup')).mode & 0o777, 0o600);
    const db = new DatabaseSync(file('portico.backup'), { readOnly: true });
    try {
      assert.equal((db.prepare('pragma integrity_check').get() as { integrity_check: string }).integrity_check, 'ok');
    } finally {
      db.close();
    }
    assert.ok(usernamesIn(file('portico.backup')).includes('before-backup'));
    const [event] = await node.audit('store.backup');
    assert.equal(event.actor_name, 'operator (command line)');
    assert.equal(event.category, 'security');
    assert.equal(JSON.parse(event.after!).file, file('portico.backup'));

    const again = await node.admin(['backup', file('portico.backup')]);
    assert.equal(again.code, 1, again.stderr);
    assert.match(again.stderr, /exists already: a backup is never written over another file/);
    const nowhere = await node.admin(['backup', path.join(dir, 'no-such-folder', 'x.backup')]);
    assert.equal(nowhere.code, 1, nowhere.stderr);
  });

  test('restore is refused while the node runs, and for what is not a Portico backup of this environment', async () => {
    await createUser('after-backup');
    const running = await node.admin(['restore', file('portico.backup')]);
    assert.equal(running.code, 1, running.stderr);
    assert.match(running.stderr, /is open in another process \(a running Portico node\?\): stop every node before restoring/);
    assert.ok(usernamesIn(node.sqliteFile!).includes('after-backup'), 'nothing replaced');

    await node.stop();
    const notSqlite = await node.admin(['restore', path.join(import.meta.dirname, '..', 'package.json')]);
    assert.equal(notSqlite.code, 2, notSqlite.stderr);
    assert.match(notSqlite.stderr, /is not a Portico backup: it is not a SQLite database/);

    const other = new DatabaseSync(file('other.sqlite'));
    other.exec('create table notes (body text)');
    other.close();
    const notPortico = await node.admin(['restore', file('other.sqlite')]);
    assert.equal(notPortico.code, 2, notPortico.stderr);
    assert.match(notPortico.stderr, /is not a Portico backup: it has none of Portico’s tables/);

    copyFileSync(file('portico.backup'), file('newer.backup'));
    const newer = new DatabaseSync(file('newer.backup'));
    newer.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run('999_from_the_future', new Date().toISOString());
    newer.close();
    const tooNew = await node.admin(['restore', file('newer.backup')]);
    assert.equal(tooNew.code, 1, tooNew.stderr);
    assert.match(tooNew.stderr, /migrated by a newer version of Portico \(999_from_the_future\)/);

    const otherKey = await node.admin(['restore', file('portico.backup')], { env: { PORTICO_MASTER_KEY: randomBytes(32).toString('base64') } });
    assert.equal(otherKey.code, 1, otherKey.stderr);
    assert.match(otherKey.stderr, /were sealed under another master key than the one configured here/);

    assert.ok(usernamesIn(node.sqliteFile!).includes('after-backup'), 'nothing replaced');
    assert.equal(existsSync(node.sqliteFile! + '.before-restore'), false);
    assert.deepEqual(readdirSync(node.dataDir).filter((f) => f.includes('.restore-')), [], 'no copy left behind');
  });

  test('with the node stopped, the backup takes the database’s place; the old one is kept; the node serves the data as it was; audited', async () => {
    const { code, stdout, stderr } = await node.admin(['restore', file('portico.backup')]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^Restored .*portico\.backup into .*portico\.sqlite \(migration \d{3}_\w+\)\.$/m);
    assert.match(stdout, /The database it replaced is kept as .*portico\.sqlite\.before-restore\./);
    const kept = node.sqliteFile! + '.before-restore';
    assert.ok(usernamesIn(kept).includes('after-backup'), 'the replaced database, whole');
    assert.equal(statSync(node.sqliteFile!).mode & 0o777, 0o600);

    await node.start();
    const users = (await node.api('GET', `${V1}/users?q=-backup&pageSize=100`)).body.items.map((u: { username: string }) => u.username);
    assert.ok(users.includes('before-backup'));
    assert.ok(!users.includes('after-backup'), 'as at the backup');
    const [event] = await node.audit('store.restore');
    assert.equal(event.actor_name, 'operator (command line)');
    assert.equal(event.category, 'security');
    assert.equal(JSON.parse(event.after!).kept, kept);

    await node.stop();
    const again = await node.admin(['restore', file('portico.backup')]);
    assert.equal(again.code, 1, again.stderr);
    assert.match(again.stderr, /before-restore exists already: it is the database an earlier restore replaced/);
    await node.start();
  });
});
