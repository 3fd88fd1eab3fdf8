import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { migrate, openStore } from './database.ts';
import { loadMasterKey, MASTER_KEY_FILE } from '../crypto/master-key.ts';
import { tightenIfPresent } from './private-files.ts';

const modeOf = (file: string) => statSync(file).mode & 0o777;

let root: string;
let umask: number;
before(() => {
  root = mkdtempSync(path.join(tmpdir(), 'portico-private-'));
  // The usual umask, whatever the machine's: without the rule new files would be 0644 and folders 0755.
  umask = process.umask(0o022);
});
after(() => {
  process.umask(umask);
  rmSync(root, { recursive: true, force: true });
});

test('a new SQLite database, its -wal and -shm files are 0600 after a write, and the folders Portico creates 0700', async () => {
  const dir = path.join(root, 'new', 'data');
  const file = path.join(dir, 'portico.sqlite');
  const store = await openStore(`sqlite:${file}`);
  try {
    await migrate(store); // writes: the WAL and its index exist from here on
    await store.db.insertInto('short_lived').values({ key: 'k', value: '1', expires_at: new Date(Date.now() + 60_000).toISOString() }).execute();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) {
      assert.ok(existsSync(f), `${f} exists`);
      assert.equal(modeOf(f).toString(8), '600', f);
    }
    assert.equal(modeOf(dir).toString(8), '700');
    assert.equal(modeOf(path.dirname(dir)).toString(8), '700', 'missing parents too');
  } finally {
    await store.close();
  }
});

test('an existing database and its -wal and -shm files are tightened at start; an existing folder is left alone', async () => {
  const dir = path.join(root, 'old');
  mkdirSync(dir, { mode: 0o755 });
  const file = path.join(dir, 'portico.sqlite');
  // An earlier start, before the rule: a connection in WAL mode keeps the -wal and -shm files in place.
  const earlier = new DatabaseSync(file);
  earlier.exec('PRAGMA journal_mode = WAL; create table t (x); insert into t values (1);');
  for (const f of [file, `${file}-wal`, `${file}-shm`]) chmodSync(f, 0o644);
  const store = await openStore(`sqlite:${file}`);
  try {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) assert.equal(modeOf(f).toString(8), '600', f);
    assert.equal(modeOf(dir).toString(8), '755', "the operator's folder keeps its mode");
  } finally {
    await store.close();
    earlier.close();
  }
});

test('tightening takes permissions away and never adds any', () => {
  const file = path.join(root, 'read-only');
  const db = new DatabaseSync(file);
  db.close();
  chmodSync(file, 0o444);
  tightenIfPresent(file);
  assert.equal(modeOf(file).toString(8), '400');
  tightenIfPresent(path.join(root, 'absent')); // nothing to do, no error
});

test('the data folder Portico creates for the generated master key is 0700, the key 0600', () => {
  const dataDir = path.join(root, 'fresh-data');
  const { generated } = loadMasterKey(undefined, dataDir);
  assert.equal(generated, true);
  assert.equal(modeOf(dataDir).toString(8), '700');
  assert.equal(modeOf(path.join(dataDir, MASTER_KEY_FILE)).toString(8), '600');
});
