/** Enterprise Center accounts and their sign-in sessions. */
import { createHash, randomBytes } from 'node:crypto';
import type { Db, Tx } from '../store/database.ts';
import { nowIso, uniqueViolation } from '../store/database.ts';
import type { AdminTable } from '../store/schema.ts';
import { newId } from '../store/ids.ts';
import { conflict, fail, invalid, notFound, PorticoError } from '../errors.ts';
import { hashPassword, verifyDecoy, verifyPassword } from '../crypto/password.ts';
import type { PasswordThrottle } from '../login/password-throttle.ts';
import type { AdminRole } from './roles.ts';
import type { Admin } from './views.ts';

export type { Admin };

type Conn = Db | Tx;

/** Admin sessions: 8 h absolute, 30 min idle (ASVS 5.0 V7.3.1/7.3.2 want both documented and enforced). */
export const ADMIN_SESSION_ABSOLUTE_MS = 8 * 60 * 60 * 1000;
export const ADMIN_SESSION_IDLE_MS = 30 * 60 * 1000;
/** 256-bit session tokens (ASVS 7.2.3 asks for at least 128 bits from a CSPRNG); only their hash is stored. */
const SESSION_TOKEN_BYTES = 32;

export const toAdmin = (r: AdminTable): Admin => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role as AdminRole,
  status: r.status as Admin['status'],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  lastLoginAt: r.last_login_at,
});

const tokenId = (token: string) => createHash('sha256').update(token).digest('base64url');

export async function getAdmin(conn: Conn, id: string): Promise<Admin> {
  const row = await conn.selectFrom('admins').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('admin', id);
  return toAdmin(row);
}

export async function listAdmins(conn: Conn): Promise<Admin[]> {
  return (await conn.selectFrom('admins').selectAll().orderBy('created_at').execute()).map(toAdmin);
}

export async function countAdmins(conn: Conn): Promise<number> {
  const r = await conn.selectFrom('admins').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function createAdmin(
  tx: Tx,
  input: { username: string; displayName?: string; password: string; role: AdminRole },
): Promise<Admin> {
  const now = nowIso();
  const row: AdminTable = {
    id: newId('adm'),
    username: input.username.trim().toLowerCase(),
    display_name: input.displayName?.trim() || input.username,
    password_hash: await hashPassword(input.password),
    role: input.role,
    status: 'active',
    created_at: now,
    updated_at: now,
    last_login_at: null,
  };
  await tx
    .insertInto('admins')
    .values(row)
    .execute()
    .catch((error) => {
      if (uniqueViolation(error)) throw conflict('admin.username_taken', 'Another admin has this username.', '/username');
      throw error;
    });
  return toAdmin(row);
}

/**
 * `keepSession`: the token of the one session a changed password leaves open, the admin's own when
 * they change their own password (ASVS 5.0 V7.4.3 ends the others, not necessarily the current one).
 * A change of role or status still ends every session.
 */
export async function updateAdmin(
  tx: Tx,
  id: string,
  input: { displayName?: string; password?: string; role?: AdminRole; status?: Admin['status'] },
  { keepSession }: { keepSession?: string } = {},
) {
  const before = await getAdmin(tx, id);
  const set: Partial<AdminTable> = { updated_at: nowIso() };
  if (input.displayName !== undefined) set.display_name = input.displayName.trim();
  if (input.password !== undefined) set.password_hash = await hashPassword(input.password);
  if (input.role !== undefined) set.role = input.role;
  if (input.status !== undefined) set.status = input.status;
  await tx.updateTable('admins').set(set).where('id', '=', id).execute();
  // A changed password or a disabled account ends every session of that admin (ASVS 7.4.2/7.4.3).
  if (input.password !== undefined || input.status === 'disabled' || input.role !== undefined) {
    let sessions = tx.deleteFrom('admin_sessions').where('admin_id', '=', id);
    if (keepSession !== undefined && input.status === undefined && input.role === undefined) sessions = sessions.where('id', '!=', tokenId(keepSession));
    await sessions.execute();
  }
  return { before, after: await getAdmin(tx, id) };
}

export async function deleteAdmin(tx: Tx, id: string): Promise<Admin> {
  const admin = await getAdmin(tx, id);
  await tx.deleteFrom('admins').where('id', '=', id).execute();
  return admin;
}

const invalidCredentials = () => fail('admin.invalid_credentials', 'Wrong username or password.');
const tooManyTries = (retryAfterSec: number, field?: string) =>
  fail('admin.too_many_failures', `Too many tries: wait ${retryAfterSec} s and try again.`, { field, detail: { retryAfterSec } });

/**
 * Checks a password for the sign-in name `name` from `client`, within the limits on guessing
 * (src/login/password-throttle.ts). Without a stored hash it checks a decoy, so an unknown name takes
 * the same time and counts the same way as a wrong password (ASVS 6.3.8).
 */
async function checkPassword(throttle: PasswordThrottle, name: string, client: string, hash: string | undefined, password: string, field?: string) {
  const verdict = await throttle.begin(name, client);
  if (!verdict.allowed) throw tooManyTries(verdict.retryAfterSec, field);
  const ok = hash ? await verifyPassword(password, hash) : await verifyDecoy(password);
  await (ok ? throttle.succeeded(name, client) : throttle.failed(name));
  return ok;
}

/** A refused sign-in, with the account it named when one exists (for the audit log, never for the caller). */
export type SignInOutcome = { ok: true; admin: Admin } | { ok: false; error: PorticoError; account?: { id: string; username: string } };

/** Checks credentials; known and unknown usernames answer alike, in status, body and time. */
export async function authenticateAdmin(conn: Conn, throttle: PasswordThrottle, client: string, username: string, password: string): Promise<SignInOutcome> {
  const name = username.trim().toLowerCase();
  const row = await conn.selectFrom('admins').selectAll().where('username', '=', name).executeTakeFirst();
  const account = row && { id: row.id, username: row.username };
  try {
    if (!(await checkPassword(throttle, name, client, row?.password_hash, password)) || row?.status !== 'active') throw invalidCredentials();
  } catch (error) {
    if (error instanceof PorticoError) return { ok: false, error, account };
    throw error;
  }
  return { ok: true, admin: toAdmin(row) };
}

/** An admin's own current password, asked again before they change it (ASVS 5.0 V6.2.3); wrong ones count like sign-in's. */
export async function assertOwnPassword(conn: Conn, throttle: PasswordThrottle, client: string, id: string, password: string): Promise<void> {
  const row = await conn.selectFrom('admins').select(['username', 'password_hash']).where('id', '=', id).executeTakeFirst();
  if (!row || !(await checkPassword(throttle, row.username, client, row.password_hash, password, '/currentPassword'))) {
    throw invalid('admin.wrong_password', 'The current password is not right.', '/currentPassword');
  }
}

export async function openAdminSession(tx: Tx, adminId: string): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(SESSION_TOKEN_BYTES).toString('base64url');
  const now = Date.now();
  const expiresAt = new Date(now + ADMIN_SESSION_ABSOLUTE_MS).toISOString();
  await tx
    .insertInto('admin_sessions')
    .values({ id: tokenId(token), admin_id: adminId, created_at: new Date(now).toISOString(), expires_at: expiresAt, last_seen_at: new Date(now).toISOString() })
    .execute();
  await tx.updateTable('admins').set({ last_login_at: new Date(now).toISOString() }).where('id', '=', adminId).execute();
  return { token, expiresAt };
}

/** The admin behind a session token, or undefined when the session is unknown, expired or idle too long. */
export async function resolveAdminSession(conn: Conn, token: string): Promise<Admin | undefined> {
  const id = tokenId(token);
  // Asked on every Enterprise Center request: the session and its admin in one query (sessions go with their admin).
  const row = await conn
    .selectFrom('admin_sessions')
    .innerJoin('admins', 'admins.id', 'admin_sessions.admin_id')
    .selectAll('admins')
    .select(['admin_sessions.expires_at', 'admin_sessions.last_seen_at'])
    .where('admin_sessions.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const now = Date.now();
  if (Date.parse(row.expires_at) <= now || Date.parse(row.last_seen_at) + ADMIN_SESSION_IDLE_MS <= now) {
    await conn.deleteFrom('admin_sessions').where('id', '=', id).execute();
    return undefined;
  }
  if (row.status !== 'active') return undefined;
  // Touch at most once a minute: the idle timer needs no finer grain, and reads stay reads.
  if (Date.parse(row.last_seen_at) + 60_000 < now) {
    await conn.updateTable('admin_sessions').set({ last_seen_at: new Date(now).toISOString() }).where('id', '=', id).execute();
  }
  return toAdmin(row);
}

export async function closeAdminSession(conn: Conn, token: string): Promise<void> {
  await conn.deleteFrom('admin_sessions').where('id', '=', tokenId(token)).execute();
}
