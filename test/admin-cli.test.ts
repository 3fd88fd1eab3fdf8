/**
 * `npm run admin -- reset-password <username>` (src/cli/admin.ts), run as a child process with the
 * same configuration as a running node on the same database: the new password signs in at the
 * Enterprise Center, the old one and the admin's sessions stop working, a disabled admin is active
 * again, the audit log names the operator and never the password; and the error cases.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { ADMIN_PASSWORD, PG_URL, REDIS_URL, describeEachDialect, freePort, redisProblem } from './helpers/harness.ts';
import { createSchema, dropSchema } from './helpers/pg-schema.ts';
import { runToExit } from './helpers/run-to-exit.ts';
import { loadConfig } from '../src/config.ts';
import { createPortico, type Portico } from '../src/bootstrap/portico.ts';
import { createAdmin, updateAdmin } from '../src/admin/admins.ts';
import { passwordThrottle } from '../src/login/password-throttle.ts';
import type { ShortLivedStore } from '../src/store/short-lived.ts';

const CLI = fileURLToPath(new URL('../src/cli/admin.ts', import.meta.url));
const V1 = '/api/admin/v1';
/** Where the test's requests come from, as the node sees them: the client the throttle counts. */
const CLIENT = '127.0.0.1';

/**
 * Makes the node refuse `username`'s next sign-in from CLIENT for about 15 minutes, as a guesser's
 * many tries would (src/login/password-throttle.ts): a quick burst uses the free tries and closes the
 * gate briefly; the first try after it reopens closes it for the longest delay.
 */
async function lockOut(shortLived: ShortLivedStore, username: string) {
  const throttle = passwordThrottle(shortLived, 'admin');
  for (let i = 0; i < 20; i++) await throttle.begin(username, CLIENT);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    if ((await throttle.begin(username, CLIENT)).allowed) break;
  }
  const verdict = await throttle.begin(username, CLIENT);
  assert.ok(!verdict.allowed && verdict.retryAfterSec > 60, `locked out for long: ${JSON.stringify(verdict)}`);
}

/**
 * A node the command shares its database (and data folder) with, for the file's tests; `env` is the
 * configuration both use, `extra` what only the node needs. The database is set up by `database`.
 */
function nodeBesideTheCommand(prefix: string, database: (dataDir: string) => Promise<{ url?: string; schema?: string }>, extra: Record<string, string> = {}) {
  const node = {} as { env: Record<string, string>; portico: Portico; url: string };
  let dataDir: string;
  let schema: string | undefined;
  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), prefix));
    const db = await database(dataDir);
    schema = db.schema;
    node.env = { PORTICO_DATA_DIR: dataDir, PORTICO_DEMO: 'false', PORTICO_LOG_LEVEL: 'silent', ...(db.url ? { PORTICO_DATABASE_URL: db.url } : {}), ...extra };
    const port = await freePort();
    node.url = `http://127.0.0.1:${port}`;
    node.portico = await createPortico(loadConfig({ ...node.env, PORTICO_PORT: String(port), PORTICO_PUBLIC_URL: node.url, PORTICO_ADMIN_PASSWORD: ADMIN_PASSWORD }));
    await node.portico.app.listen({ port, host: '127.0.0.1' });
  });
  after(async () => {
    await node.portico?.close();
    if (schema) await dropSchema(PG_URL, schema);
    rmSync(dataDir, { recursive: true, force: true });
  });
  return node;
}

test('npm run admin runs the command', () => {
  const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8'));
  assert.equal(pkg.scripts.admin, 'node src/cli/admin.ts');
});

test('a SQLite data folder without a database is an error, and the command creates none there', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'portico-cli-empty-'));
  try {
    const { code, stderr } = await runToExit([CLI, 'reset-password', 'admin'], { env: { PORTICO_DATA_DIR: dir, PORTICO_DEMO: 'false' } });
    assert.equal(code, 1, stderr);
    assert.match(stderr, /There is no database at .*portico\.sqlite: is PORTICO_DATA_DIR/);
    assert.equal(existsSync(path.join(dir, 'portico.sqlite')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describeEachDialect('operator command: reset an admin password', (dialect) => {
  const node = nodeBesideTheCommand('portico-cli-', async (dataDir) =>
    dialect === 'postgres' ? createSchema(PG_URL, 'cli_') : { url: `sqlite:${path.join(dataDir, 'node.portico.sqlite')}` },
  );

  const admin = (...args: string[]) => runToExit([CLI, ...args], { env: node.env });
  const signIn = (username: string, password: string) =>
    fetch(`${node.url}${V1}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const whoAmI = (token: string) => fetch(`${node.url}${V1}/session`, { headers: { authorization: `Bearer ${token}` } });
  const resetEvents = (targetId: string) =>
    node.portico.store.db.selectFrom('audit_events').selectAll().where('action', '=', 'admin.password_reset').where('target_id', '=', targetId).execute();

  test('a generated password signs in; the old password and every session of the admin stop working; audited without it', async () => {
    const first = await signIn('admin', ADMIN_PASSWORD);
    assert.equal(first.status, 201);
    const { token, admin: before } = await first.json();
    const second = (await (await signIn('admin', ADMIN_PASSWORD)).json()).token;
    assert.equal((await whoAmI(token)).status, 200);

    const { code, stdout, stderr } = await admin('reset-password', 'admin');
    assert.equal(code, 0, stderr);
    const password = /^New password \(shown this once; change it after signing in\): (\S+)$/m.exec(stdout)?.[1];
    assert.ok(password, stdout);
    assert.match(password, /^[A-Za-z0-9_-]{20,}$/, 'at least 20 random characters');
    assert.equal(stdout.split(password).length - 1, 1, 'printed once');

    assert.equal((await whoAmI(token)).status, 401, 'the old session ended');
    assert.equal((await whoAmI(second)).status, 401, 'every old session ended');
    assert.equal((await signIn('admin', ADMIN_PASSWORD)).status, 401, 'the old password no longer works');
    const fresh = await signIn('admin', password);
    assert.equal(fresh.status, 201);
    assert.equal((await whoAmI((await fresh.json()).token)).status, 200);

    const events = await resetEvents(before.id);
    assert.equal(events.length, 1);
    const [event] = events;
    assert.equal(event.category, 'security', 'an operator letting someone in is a security event');
    assert.equal(event.actor_type, 'system');
    assert.equal(event.actor_id, null);
    assert.equal(event.actor_name, 'operator (command line)');
    assert.equal(event.target_type, 'admin');
    assert.equal(event.outcome, 'success');
    assert.equal(JSON.parse(event.after!).status, 'active');
    const stored = JSON.stringify(event);
    assert.ok(!stored.includes(password), 'the password is not in the audit log');
    assert.ok(!/argon2|password_hash|passwordHash/.test(stored), 'nor its hash');
    // The same event through the API an auditor reads.
    const list = await fetch(`${node.url}${V1}/audit-events?action=admin.password_reset`, { headers: { authorization: `Bearer ${(await (await signIn('admin', password)).json()).token}` } });
    const body = await list.json();
    assert.equal(body.items[0].actor.name, 'operator (command line)');
    assert.ok(!JSON.stringify(body).includes(password));
  });

  test('--password-stdin: a disabled admin is active again with the chosen password; a short one is refused and changes nothing', async () => {
    const ops = await node.portico.store.transaction((tx) => createAdmin(tx, { username: 'ops', password: 'the first password', role: 'app_admin' }));
    await node.portico.store.transaction((tx) => updateAdmin(tx, ops.id, { status: 'disabled' }));
    assert.equal((await signIn('ops', 'the first password')).status, 401, 'disabled');

    const short = await runToExit([CLI, 'reset-password', 'ops', '--password-stdin'], { env: node.env, input: 'too short\n' });
    assert.equal(short.code, 2, short.stderr);
    assert.match(short.stderr, /at least 12 characters/);
    assert.equal((await resetEvents(ops.id)).length, 0, 'nothing was changed');
    const unchanged = await node.portico.store.db.selectFrom('admins').select('status').where('id', '=', ops.id).executeTakeFirstOrThrow();
    assert.equal(unchanged.status, 'disabled');

    const chosen = 'a chosen password, with spaces';
    const { code, stdout, stderr } = await runToExit([CLI, 'reset-password', '--password-stdin', 'Ops'], { env: node.env, input: `${chosen}\n` });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /Admin "ops" \(app_admin\): password reset, status active, every session ended, failed-password counts cleared\./);
    assert.ok(!stdout.includes(chosen), 'a password the operator chose is not echoed');
    assert.equal((await signIn('ops', chosen)).status, 201, 'active, with the password read from stdin (its newline dropped)');
    assert.equal((await signIn('ops', 'the first password')).status, 401);
    const [event] = await resetEvents(ops.id);
    assert.equal(JSON.parse(event.before!).status, 'disabled');
    assert.equal(JSON.parse(event.after!).status, 'active');
    assert.ok(!JSON.stringify(event).includes(chosen));
  });

  test("the admin's failed-password counts are cleared: a locked-out admin signs in at once with the new password", async () => {
    await node.portico.store.transaction((tx) => createAdmin(tx, { username: 'locked', password: 'the locked password', role: 'auditor' }));
    await lockOut(node.portico.ctx.shortLived, 'locked');
    const refused = await signIn('locked', 'the locked password');
    assert.equal(refused.status, 429, 'even the right password waits');

    const { code, stdout, stderr } = await admin('reset-password', 'locked');
    assert.equal(code, 0, stderr);
    const password = /^New password .*: (\S+)$/m.exec(stdout)![1];
    assert.equal((await signIn('locked', password)).status, 201, 'no wait left, from the same client');
  });

  test('list shows usernames, roles and statuses', async () => {
    const { code, stdout, stderr } = await admin('list');
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^username\s+role\s+status$/m);
    assert.match(stdout, /^admin\s+super_admin\s+active$/m);
    assert.match(stdout, /^ops\s+app_admin\s+active$/m);
    assert.match(stdout, /^locked\s+auditor\s+active$/m);
    assert.ok(!/argon2/.test(stdout));
  });

  test('an unknown username fails with exit code 1; a missing username or an unknown command prints the usage with exit code 2', async () => {
    const unknown = await admin('reset-password', 'nobody');
    assert.equal(unknown.code, 1, unknown.stderr);
    assert.match(unknown.stderr, /No admin is named "nobody"/);
    assert.equal(unknown.stdout, '');

    for (const args of [['reset-password'], ['frobnicate'], [], ['reset-password', 'admin', 'ops'], ['reset-password', 'admin', '--force']]) {
      const { code, stderr } = await admin(...args);
      assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
      assert.match(stderr, /Usage: npm run admin -- <command>/, args.join(' '));
      assert.match(stderr, /reset-password <username> \[--password-stdin\]/);
    }
    // None of them changed anyone's password.
    assert.equal((await node.portico.store.db.selectFrom('audit_events').select('id').where('action', '=', 'admin.password_reset').execute()).length, 3);
  });
});

describe('operator command with Redis: the counts are cleared where the nodes keep them', { skip: redisProblem ? `Redis unreachable at ${REDIS_URL}: ${redisProblem}` : false }, () => {
  const node = nodeBesideTheCommand('portico-cli-redis-', async () => ({}), { PORTICO_REDIS_URL: REDIS_URL });

  test('a locked-out admin signs in with the new password at once', async () => {
    // A name of its own: the Redis database is shared with other suites.
    const username = `locked-${randomBytes(4).toString('hex')}`;
    await node.portico.store.transaction((tx) => createAdmin(tx, { username, password: 'the locked password', role: 'auditor' }));
    await lockOut(node.portico.ctx.shortLived, username);
    const signIn = (password: string) =>
      fetch(`${node.url}${V1}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    assert.equal((await signIn('the locked password')).status, 429);

    const { code, stdout, stderr } = await runToExit([CLI, 'reset-password', username], { env: node.env });
    assert.equal(code, 0, stderr);
    assert.equal((await signIn(/^New password .*: (\S+)$/m.exec(stdout)![1])).status, 201);
  });

  test('an unreachable Redis stops the command before it changes anything', async () => {
    const before = await node.portico.store.db.selectFrom('admins').select('password_hash').where('username', '=', 'admin').executeTakeFirstOrThrow();
    const { code, stderr } = await runToExit([CLI, 'reset-password', 'admin'], { env: { ...node.env, PORTICO_REDIS_URL: `redis://127.0.0.1:${await freePort()}/0` } });
    assert.equal(code, 1, stderr);
    assert.match(stderr, /^Redis \(PORTICO_REDIS_URL\) does not answer: .*ECONNREFUSED.*\. The password was not changed\.$/m);
    const afterwards = await node.portico.store.db.selectFrom('admins').select('password_hash').where('username', '=', 'admin').executeTakeFirstOrThrow();
    assert.equal(afterwards.password_hash, before.password_hash);
  });
});
