/** resolveAdminSession, which every Enterprise Center request runs: who the token is, and when it stops being anyone. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inMemoryStore } from '../store/in-memory.ts';
import { ADMIN_SESSION_IDLE_MS, createAdmin, openAdminSession, resolveAdminSession, updateAdmin } from './admins.ts';

const MINUTE = 60_000;
const db = inMemoryStore();

let count = 0;
async function signedIn() {
  return db.store.transaction(async (tx) => {
    const admin = await createAdmin(tx, { username: `resolve-${++count}`, displayName: 'R', password: 'a long enough password', role: 'auditor' });
    return { admin, ...(await openAdminSession(tx, admin.id)) };
  });
}

const sessionsOf = (adminId: string) => db.store.db.selectFrom('admin_sessions').selectAll().where('admin_id', '=', adminId).execute();
const setSession = (adminId: string, set: { expires_at?: string; last_seen_at?: string }) =>
  db.store.db.updateTable('admin_sessions').set(set).where('admin_id', '=', adminId).execute();
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

test('a live session resolves to its admin; an unknown token to nobody', async () => {
  const { admin, token } = await signedIn();
  const resolved = await resolveAdminSession(db.store.db, token);
  assert.deepEqual({ id: resolved?.id, username: resolved?.username, role: resolved?.role }, { id: admin.id, username: admin.username, role: 'auditor' });
  assert.equal(await resolveAdminSession(db.store.db, 'no-such-token'), undefined);
});

test('a session idle too long, or past its absolute lifetime, resolves to nobody and is deleted', async () => {
  const idle = await signedIn();
  await setSession(idle.admin.id, { last_seen_at: ago(ADMIN_SESSION_IDLE_MS + MINUTE) });
  assert.equal(await resolveAdminSession(db.store.db, idle.token), undefined);
  assert.deepEqual(await sessionsOf(idle.admin.id), []);

  const old = await signedIn();
  await setSession(old.admin.id, { expires_at: ago(1) });
  assert.equal(await resolveAdminSession(db.store.db, old.token), undefined);
  assert.deepEqual(await sessionsOf(old.admin.id), []);
});

test("a disabled admin's session resolves to nobody", async () => {
  const { admin, token } = await signedIn();
  // Disabling ends the sessions; a row put back by hand still must not let them in.
  const [session] = await sessionsOf(admin.id);
  await db.store.transaction((tx) => updateAdmin(tx, admin.id, { status: 'disabled' }));
  await db.store.db.insertInto('admin_sessions').values(session).execute();
  assert.equal(await resolveAdminSession(db.store.db, token), undefined);
});

test('use moves the idle timer on, at most once a minute', async () => {
  const { admin, token } = await signedIn();
  const recent = ago(MINUTE / 2);
  await setSession(admin.id, { last_seen_at: recent });
  await resolveAdminSession(db.store.db, token);
  assert.equal((await sessionsOf(admin.id))[0].last_seen_at, recent);

  const earlier = ago(2 * MINUTE);
  await setSession(admin.id, { last_seen_at: earlier });
  assert.ok(await resolveAdminSession(db.store.db, token));
  assert.ok((await sessionsOf(admin.id))[0].last_seen_at > earlier);
});
