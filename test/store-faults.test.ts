/**
 * A store that answers but cannot write: a full disk under SQLite, a read-only PostgreSQL. Writes fail
 * with the store's own error (not a failed ROLLBACK's), and /readyz answers 503 `store: 'unwritable'`
 * until the store can write again.
 *
 * SQLite's disk fills for real in two ways: `PRAGMA max_page_count` caps the database (SQLITE_FULL when a
 * page is allocated, no root needed), and, as root, a small tmpfs filled to the last byte (ENOSPC when a
 * commit appends to the WAL). PostgreSQL turns read-only as after a failover onto a standby or a provider's
 * storage-full read-only mode: `default_transaction_read_only` on a database of the test's own.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { pgProblem, PG_URL, startNode, type TestNode } from './helpers/harness.ts';
import { openStore, type Store } from '../src/store/database.ts';
import { WRITE_PROBE_INTERVAL_MS } from '../src/bootstrap/store-readiness.ts';

const V1 = '/api/admin/v1';
/** Readiness probes the store's writes once per WRITE_PROBE_INTERVAL_MS: a change shows within it (plus slack). */
const READINESS_CHANGE_TIMEOUT_MS = WRITE_PROBE_INTERVAL_MS + 5_000;
/** SQLite's largest page count: the cap lifted. */
const SQLITE_MAX_PAGE_COUNT = 4294967294;

async function readiness(node: TestNode) {
  const res = await node.api('GET', '/readyz');
  return { status: res.status, body: res.body as { status: string; checks: Record<string, string> } };
}

/** Polls /readyz until the store's check reads `state`; returns the last answer. */
async function storeBecomes(node: TestNode, state: string) {
  const deadline = Date.now() + READINESS_CHANGE_TIMEOUT_MS;
  for (;;) {
    const ready = await readiness(node);
    if (ready.body.checks?.store === state || Date.now() > deadline) return ready;
    await sleep(200);
  }
}

let users = 0;
const createUser = (node: TestNode, token: string) => {
  const n = ++users;
  return node.api('POST', `${V1}/users`, { token, body: { username: `faults-${n}`, displayName: `Faults ${n}` } });
};

/** Creates users until one fails (at most `limit`): the first failure's status. */
async function writeUntilFailure(node: TestNode, token: string, limit = 200): Promise<number | undefined> {
  for (let i = 0; i < limit; i++) {
    const res = await createUser(node, token);
    if (res.status !== 201) return res.status;
  }
  return undefined;
}

/** A write in a transaction, as the services make them: what it throws is what the error handler logs. */
async function failedWrite(store: Store): Promise<Error | undefined> {
  try {
    await store.transaction(async (tx) => {
      await tx.insertInto('short_lived').values({ key: `faults:${randomBytes(8).toString('hex')}`, value: 'y'.repeat(8192), expires_at: '2999-01-01T00:00:00.000Z' }).execute();
    });
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

/** A full SQLite store: a write answers 500, the error says so (not "cannot rollback"), and /readyz turns 503. */
async function expectDiskFull(node: TestNode, token: string): Promise<void> {
    assert.equal(await writeUntilFailure(node, token), 500, 'a write fails');
    const error = await failedWrite(node.portico.store);
    assert.match(error?.message ?? 'no error', /database or disk is full/);
    assert.doesNotMatch(error!.message, /cannot rollback/);
    const down = await storeBecomes(node, 'unwritable');
    assert.equal(down.status, 503);
    assert.deepEqual(down.body, { status: 'unavailable', checks: { store: 'unwritable' } });
}

describe('SQLite: transactions SQLite rolled back itself', () => {
  let dir: string;
  let store: Store;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'portico-faults-'));
    store = await openStore(`sqlite:${path.join(dir, 'db.sqlite')}`);
    await sql`create table t (k text primary key, v text not null)`.execute(store.db);
  });
  after(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a full database fails the transaction with "database or disk is full", not "cannot rollback"', async () => {
    await sql`pragma max_page_count = 1`.execute(store.db); // never below the pages in use: capped where it stands
    let error: Error | undefined;
    for (let i = 0; i < 50 && !error; i++) {
      error = await store
        .transaction(async (tx) => {
          await tx.insertInto('t' as never).values({ k: `k${i}`, v: 'x'.repeat(1000) } as never).execute();
          await tx.insertInto('t' as never).values({ k: `k${i}b`, v: 'x'.repeat(1000) } as never).execute();
        })
        .then(() => undefined, (e: Error) => e);
    }
    assert.ok(error, 'a write failed');
    assert.match(error.message, /database or disk is full/);
    await sql`pragma max_page_count = ${sql.raw(String(SQLITE_MAX_PAGE_COUNT))}`.execute(store.db);
  });

  test('a transaction SQLite did not roll back is still rolled back', async () => {
    await assert.rejects(
      store.transaction(async (tx) => {
        await tx.insertInto('t' as never).values({ k: 'undone', v: 'x' } as never).execute();
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    const { rows } = await sql<{ n: number }>`select count(*) as n from t where k = 'undone'`.execute(store.db);
    assert.equal(rows[0].n, 0);
  });
});

describe('SQLite: the database reaches its size cap (max_page_count)', () => {
  let node: TestNode;
  let token: string;
  before(async () => {
    node = await startNode('sqlite');
    token = await node.tokenFor('super_admin');
  });
  after(() => node?.close());

  test('writes fail with the disk-full error, /readyz answers 503 unwritable, and both recover once the cap is lifted', async () => {
    assert.deepEqual((await readiness(node)).body, { status: 'ready', checks: { store: 'ok' } });
    const db = node.portico.store.db;
    // No free pages left, and no page beyond those in use: the next write that needs a page fails.
    await sql`vacuum`.execute(db);
    await sql`pragma max_page_count = 1`.execute(db);

    await expectDiskFull(node, token);
    assert.equal((await node.api('GET', '/healthz')).status, 200, 'the process lives on');

    await sql`pragma max_page_count = ${sql.raw(String(SQLITE_MAX_PAGE_COUNT))}`.execute(db);
    const up = await storeBecomes(node, 'ok');
    assert.equal(up.status, 200);
    assert.deepEqual(up.body, { status: 'ready', checks: { store: 'ok' } });
    assert.equal((await createUser(node, token)).status, 201);
  });
});

/** Mounts a tmpfs of `sizeMb` on a new folder, or answers why not (it needs root, or CAP_SYS_ADMIN). */
function mountTmpfs(sizeMb: number): { dir: string } | { problem: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'portico-full-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
    return { dir };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return { problem: String((error as { stderr?: Buffer }).stderr ?? error).trim() };
  }
}

/** Writes zeros until the file system has no byte left. */
function fillDisk(file: string) {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  // The last partial chunk: fill what is left byte by byte in bigger steps down.
  for (const size of [4096, 512, 1]) {
    const more = openSync(file, 'a');
    try {
      for (;;) writeSync(more, Buffer.alloc(size));
    } catch {
      // ENOSPC at this size
    } finally {
      closeSync(more);
    }
  }
}

const tmpfsSkip = process.getuid?.() === 0 ? false : 'mounting a small tmpfs needs root';

describe('SQLite: the disk fills up for real (a full tmpfs)', { skip: tmpfsSkip }, () => {
  let mount: { dir: string } | { problem: string };
  let node: TestNode | undefined;
  let token: string;
  before(async () => {
    mount = mountTmpfs(16);
    if (!('dir' in mount)) return;
    node = await startNode('sqlite', { PORTICO_DATABASE_URL: `sqlite:${path.join(mount.dir, 'portico.sqlite')}` });
    token = await node.tokenFor('super_admin');
  });
  after(async () => {
    await node?.close();
    if (mount && 'dir' in mount) {
      execFileSync('umount', [mount.dir]);
      rmSync(mount.dir, { recursive: true, force: true });
    }
  });

  test('writes fail with the disk-full error, /readyz answers 503 unwritable, and both recover once space is freed', async (t) => {
    if (!('dir' in mount)) return t.skip(`tmpfs not mounted: ${mount.problem}`);
    assert.ok(node);
    assert.equal((await readiness(node)).status, 200);
    const filler = path.join(mount.dir, 'filler');
    fillDisk(filler);

    await expectDiskFull(node, token);

    rmSync(filler);
    const up = await storeBecomes(node, 'ok');
    assert.equal(up.status, 200);
    assert.equal((await createUser(node, token)).status, 201);
  });
});

describe('PostgreSQL: the database turns read-only', { skip: pgProblem ? `PostgreSQL unreachable at ${PG_URL}: ${pgProblem}` : false }, () => {
  // A database of this suite's own: default_transaction_read_only is set on it, and other suites share the test database.
  const database = `portico_faults_${randomBytes(6).toString('hex')}`;
  const url = new URL(PG_URL);
  url.pathname = `/${database}`;
  let node: TestNode;
  let token: string;

  async function admin(statement: string) {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  }
  /** Sessions take the database's settings when they start: the node's are ended, and its pool opens new ones. */
  const restartSessions = () => admin(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${database}' and pid <> pg_backend_pid()`);

  before(async () => {
    await admin(`create database ${database}`);
    node = await startNode('postgres', { PORTICO_DATABASE_URL: url.toString() });
    token = await node.tokenFor('super_admin');
  });
  after(async () => {
    await node?.close();
    await admin(`drop database if exists ${database} with (force)`);
  });

  test('writes fail, /readyz answers 503 unwritable while reads still answer, and 200 once writable again', async () => {
    assert.deepEqual((await readiness(node)).body, { status: 'ready', checks: { store: 'ok' } });
    await admin(`alter database ${database} set default_transaction_read_only = on`);
    await restartSessions();

    const down = await storeBecomes(node, 'unwritable');
    assert.equal(down.status, 503);
    assert.deepEqual(down.body, { status: 'unavailable', checks: { store: 'unwritable' } });
    assert.equal(await writeUntilFailure(node, token, 1), 500, 'a write fails');
    const error = await failedWrite(node.portico.store);
    assert.match(error?.message ?? 'no error', /read-only transaction/);
    assert.equal((await node.api('GET', `${V1}/users`, { token })).status, 200, 'reads still answer');

    await admin(`alter database ${database} reset default_transaction_read_only`);
    await restartSessions();
    const up = await storeBecomes(node, 'ok');
    assert.equal(up.status, 200);
    assert.equal((await createUser(node, token)).status, 201);
  });
});
