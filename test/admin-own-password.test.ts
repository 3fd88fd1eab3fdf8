/**
 * An admin changes their own password (PUT /api/admin/v1/session/password): any role, the current
 * password asked again, the new one under the same rule as a password a super admin sets, every other
 * session of theirs ended and the current one kept, one audit event without a password in it.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ADMIN_PASSWORD, describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { createAdmin } from '../src/admin/admins.ts';
import type { AdminRole } from '../src/admin/roles.ts';
import { PASSWORD_FREE_TRIES } from '../src/login/password-throttle.ts';

const V1 = '/api/admin/v1';
const NEW_PASSWORD = 'a brand new passphrase 7';

interface Refusal {
  name: string;
  body: Record<string, unknown>;
  code: string;
  field: string;
}

const REFUSALS: Refusal[] = [
  { name: 'a wrong current password', body: { currentPassword: 'not my password at all', newPassword: NEW_PASSWORD }, code: 'admin.wrong_password', field: '/currentPassword' },
  { name: 'a new password that is too short', body: { currentPassword: ADMIN_PASSWORD, newPassword: 'short' }, code: 'request.too_short', field: '/newPassword' },
  { name: 'a new password that is too long', body: { currentPassword: ADMIN_PASSWORD, newPassword: 'x'.repeat(257) }, code: 'request.too_long', field: '/newPassword' },
  { name: 'the current password again', body: { currentPassword: ADMIN_PASSWORD, newPassword: ADMIN_PASSWORD }, code: 'admin.password_unchanged', field: '/newPassword' },
  { name: 'no current password', body: { newPassword: NEW_PASSWORD }, code: 'request.missing_field', field: '/currentPassword' },
  { name: 'an empty current password', body: { currentPassword: '', newPassword: NEW_PASSWORD }, code: 'request.too_short', field: '/currentPassword' },
  { name: 'no new password', body: { currentPassword: ADMIN_PASSWORD }, code: 'request.missing_field', field: '/newPassword' },
  { name: 'a new password that is not a string', body: { currentPassword: ADMIN_PASSWORD, newPassword: 123456789 }, code: 'request.wrong_type', field: '/newPassword' },
  { name: 'an unknown field', body: { currentPassword: ADMIN_PASSWORD, newPassword: NEW_PASSWORD, username: 'admin' }, code: 'request.unknown_field', field: '/username' },
];

describeEachDialect('Enterprise Center API, an admin changes their own password', (dialect) => {
  let node: TestNode;
  let superAdmin: string;
  before(async () => {
    node = await startNode(dialect);
    superAdmin = await node.tokenFor('super_admin');
  });
  after(() => node?.close());

  const signIn = (username: string, password: string) => node.api('POST', `${V1}/session`, { body: { username, password } });
  const changePassword = (token: string | undefined, body: unknown) => node.api('PUT', `${V1}/session/password`, { token, body });

  /** A new admin of `role` with the harness password, signed in twice: two sessions of the same account. */
  async function newAdmin(role: AdminRole) {
    const username = `own-pw-${randomBytes(3).toString('hex')}`;
    const admin = await node.portico.store.transaction((tx) => createAdmin(tx, { username, password: ADMIN_PASSWORD, role }));
    const [first, second] = [await signIn(username, ADMIN_PASSWORD), await signIn(username, ADMIN_PASSWORD)];
    assert.deepEqual([first.status, second.status], [201, 201]);
    return { id: admin.id, username, token: first.body.token as string, otherToken: second.body.token as string };
  }

  const auditEvents = async (adminId: string) =>
    (await node.api('GET', `${V1}/audit-events?action=admin.password_change&targetId=${adminId}&pageSize=100`, { token: superAdmin })).body.items as any[];

  /** What a password change would alter: the admin's row, their sessions, and the successful changes in the audit log. */
  async function snapshot(adminId: string) {
    const db = node.portico.store.db;
    const row = await db.selectFrom('admins').selectAll().where('id', '=', adminId).executeTakeFirstOrThrow();
    const sessions = await db.selectFrom('admin_sessions').select('id').where('admin_id', '=', adminId).orderBy('id').execute();
    const changes = (await auditEvents(adminId)).filter((e) => e.outcome === 'success');
    return JSON.stringify({ row, sessions, changes });
  }

  test('the new password signs in, the old one no longer does; other sessions end, this one stays; one audit event, no password in it', async () => {
    const me = await newAdmin('app_admin');
    const res = await changePassword(me.token, { currentPassword: ADMIN_PASSWORD, newPassword: NEW_PASSWORD });
    assert.equal(res.status, 204, JSON.stringify(res.body));
    assert.equal(res.body, '');

    const old = await signIn(me.username, ADMIN_PASSWORD);
    assert.equal(old.status, 401);
    assert.equal(old.body.code, 'admin.invalid_credentials');
    assert.equal((await signIn(me.username, NEW_PASSWORD)).status, 201);

    const other = await node.api('GET', `${V1}/session`, { token: me.otherToken });
    assert.equal(other.status, 401, 'the other session ended');
    assert.equal(other.body.code, 'admin.unauthenticated');
    const current = await node.api('GET', `${V1}/session`, { token: me.token });
    assert.equal(current.status, 200, 'the session that changed the password goes on');
    assert.equal(current.body.admin.id, me.id);

    const events = await auditEvents(me.id);
    assert.equal(events.length, 1);
    const [event] = events;
    assert.equal(event.category, 'admin');
    assert.equal(event.outcome, 'success');
    assert.deepEqual(event.actor, { type: 'admin', id: me.id, name: me.username });
    assert.deepEqual(event.target, { type: 'admin', id: me.id });
    const stored = await node.portico.store.db.selectFrom('audit_events').selectAll().where('target_id', '=', me.id).execute();
    for (const secret of [ADMIN_PASSWORD, NEW_PASSWORD, '$argon2id$']) {
      assert.ok(!JSON.stringify(events).includes(secret), `no ${secret} in the audit API`);
      assert.ok(!JSON.stringify(stored).includes(secret), `no ${secret} in the audit table`);
    }
  });

  test('an auditor, who may change nothing else, changes their own password', async () => {
    const me = await newAdmin('auditor');
    assert.equal((await node.api('PATCH', `${V1}/admins/${me.id}`, { token: me.token, body: { password: NEW_PASSWORD } })).status, 403, 'not through the admins route');
    const res = await changePassword(me.token, { currentPassword: ADMIN_PASSWORD, newPassword: NEW_PASSWORD });
    assert.equal(res.status, 204, JSON.stringify(res.body));
    assert.equal((await signIn(me.username, NEW_PASSWORD)).status, 201);
    assert.equal((await node.api('GET', `${V1}/session`, { token: me.otherToken })).status, 401);
    assert.equal((await node.api('GET', `${V1}/users`, { token: me.token })).status, 200, 'still signed in, still an auditor');
  });

  for (const c of REFUSALS) {
    test(`${c.name} → 400 ${c.code} at ${c.field}, nothing changed`, async () => {
      const me = await newAdmin('super_admin');
      const before = await snapshot(me.id);
      const res = await changePassword(me.token, c.body);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.equal(res.body.code, c.code, JSON.stringify(res.body));
      assert.equal(res.body.field, c.field);
      assert.ok(res.body.detail, 'a human-readable detail');
      assert.equal(await snapshot(me.id), before, 'no password, session or change recorded');
      assert.equal((await node.api('GET', `${V1}/session`, { token: me.otherToken })).status, 200, 'the other session goes on');
      assert.equal((await signIn(me.username, ADMIN_PASSWORD)).status, 201, 'the password is unchanged');
    });
  }

  test('a wrong current password is in the audit log as a refused attempt, with its reason and without the password', async () => {
    const me = await newAdmin('auditor');
    const tried = 'guessing the password 1';
    assert.equal((await changePassword(me.token, { currentPassword: tried, newPassword: NEW_PASSWORD })).status, 400);
    const [event, ...more] = await auditEvents(me.id);
    assert.equal(more.length, 0);
    assert.equal(event.outcome, 'failure');
    assert.equal(event.reason, 'admin.wrong_password');
    assert.equal(event.actor.id, me.id);
    assert.ok(!JSON.stringify(event).includes(tried) && !JSON.stringify(event).includes(NEW_PASSWORD));
  });

  test('without a session the route answers 401, and the OpenAPI document describes it', async () => {
    const res = await changePassword(undefined, { currentPassword: ADMIN_PASSWORD, newPassword: NEW_PASSWORD });
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'admin.unauthenticated');
    assert.equal((await changePassword('forged', { currentPassword: ADMIN_PASSWORD, newPassword: NEW_PASSWORD })).status, 401);
    assert.equal((await signIn('admin', ADMIN_PASSWORD)).status, 201, "the first admin's password is untouched");

    const doc = (await node.api('GET', `${V1}/openapi.json`)).body;
    const put = doc.paths[`${V1}/session/password`].put;
    assert.ok(put, 'PUT /session/password is documented');
    const body = put.requestBody.content['application/json'].schema;
    assert.deepEqual(Object.keys(body.properties).sort(), ['currentPassword', 'newPassword']);
    assert.equal(body.additionalProperties, false);
    assert.equal(body.properties.newPassword.minLength, 8);
    assert.equal(body.properties.newPassword.maxLength, 256);
    assert.ok(put.responses['204']);
  });
  test(`after ${PASSWORD_FREE_TRIES} wrong passwords a client must wait, for a known and an unknown name alike`, async () => {
    const me = await newAdmin('auditor');
    const answers = async (username: string, last: string) => {
      const statuses = [];
      for (let i = 0; i < PASSWORD_FREE_TRIES; i++) statuses.push((await signIn(username, 'wrong guess number x')).status);
      const paused = await signIn(username, last);
      return { statuses, status: paused.status, code: paused.body.code, retryAfter: paused.headers.get('retry-after'), detail: paused.body.detail };
    };
    const known = await answers(me.username, ADMIN_PASSWORD);
    assert.deepEqual(known, { statuses: Array(PASSWORD_FREE_TRIES).fill(401), status: 429, code: 'admin.too_many_failures', retryAfter: '1', detail: 'Too many tries: wait 1 s and try again.' });
    assert.deepEqual(await answers('nobody-by-this-name', 'wrong guess number x'), known, 'an unknown name answers exactly the same');
    assert.equal((await node.api('GET', `${V1}/session`, { token: me.token })).status, 200, 'open sessions are not ended by guessing');
  });

  test('wrong current passwords in a password change count against the same limit as sign-in', async () => {
    const me = await newAdmin('app_admin');
    for (let i = 0; i < PASSWORD_FREE_TRIES; i++) {
      assert.equal((await changePassword(me.token, { currentPassword: 'wrong guess number x', newPassword: NEW_PASSWORD })).status, 400);
    }
    const before = await snapshot(me.id);
    const paused = await changePassword(me.token, { currentPassword: ADMIN_PASSWORD, newPassword: NEW_PASSWORD });
    assert.equal(paused.status, 429);
    assert.equal(paused.body.code, 'admin.too_many_failures');
    assert.equal(paused.body.field, '/currentPassword');
    assert.equal(await snapshot(me.id), before, 'nothing changed');
    assert.equal((await signIn(me.username, ADMIN_PASSWORD)).status, 429, 'sign-in from this client waits too');
  });
});
