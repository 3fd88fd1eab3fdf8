/** SQL for users. Every function takes the connection or transaction it should run on. */
import type { Db, Tx } from '../store/database.ts';
import { nowIso, uniqueViolation } from '../store/database.ts';
import { newId } from '../store/ids.ts';
import { paginateCapped, type PageRequest } from '../store/paginate.ts';
import { conflict, notFound } from '../errors.ts';
import { canSignIn, toUser, type User, type UserInput, type UserRow, type UserStatus } from './users.ts';
import { prepareQuery } from '../store/prepared.ts';
import type { Dialect } from '../store/dialect.ts';
import { looksCommon, SEARCH_COUNT_CAP, userSearch } from './user-search.ts';
import type { SelectQueryBuilder } from 'kysely';
import type { Database, UserTable } from '../store/schema.ts';
import { MARK_COLUMN, verificationMarks, type Contact } from './verification.ts';

type Conn = Db | Tx;

export interface UserFilter {
  /** Matches username, display name, mobile, email or employee number (substring, case-insensitive). */
  q?: string;
  status?: UserStatus;
  orgUnitId?: string;
}

const UNIQUE_FIELDS = [
  ['username', 'username', 'user.username_taken'],
  ['mobile', 'mobile', 'user.mobile_taken'],
  ['email', 'email', 'user.email_taken'],
] as const;

export async function findUserRow(conn: Conn, id: string): Promise<UserRow | undefined> {
  return conn.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getUser(conn: Conn, id: string): Promise<User> {
  const row = await findUserRow(conn, id);
  if (!row) throw notFound('user', id);
  return toUser(row);
}

/**
 * Newest first (migration 019's users_created index holds that order), a page read by its ids. A
 * search counts up to SEARCH_COUNT_CAP matches past the page (paginateCapped) and uses the search index
 * unless the text looks common (looksCommon); a list without one is counted exactly (the Dashboard
 * shows how many people there are).
 */
export async function listUsers(conn: Conn, dialect: Dialect, filter: UserFilter, page: PageRequest) {
  const matching = (indexed: boolean) => {
    let query = conn.selectFrom('users').selectAll();
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.orgUnitId) query = query.where('org_unit_id', '=', filter.orgUnitId);
    if (filter.q) query = query.where(userSearch(dialect, filter.q, indexed));
    return query.orderBy('created_at', 'desc').orderBy('id');
  };
  const indexed = filter.q ? !(await looksCommon(conn, filter.q, filter)) : false;
  return paginateCapped(conn, matching(indexed), page, toUser, {
    exact: !filter.q,
    countCap: SEARCH_COUNT_CAP,
    countKeys: 'users.id',
    rows: ({ limit, offset, totalCapped, keys }) => {
      const newestFirst = (ids: string[] | SelectQueryBuilder<Database, 'users', { id: string }>) =>
        conn.selectFrom('users').selectAll().where('id', 'in', ids).orderBy('created_at', 'desc').orderBy('id');
      // A search the count found every match of: its page is read by their ids, so the search runs once.
      if (keys.length) return newestFirst(keys).limit(limit).offset(offset).execute();
      // Otherwise the page's ids, off the users_created index: for a search with many matches, users read
      // newest first and tested one by one find a page within a few thousand, without the search index.
      return newestFirst(matching(indexed && !totalCapped).clearSelect().select('users.id').limit(limit).offset(offset)).execute();
    },
  });
}

/** Refuses a value another user already holds, naming the field (409 before the constraint fires). */
async function assertUnique(conn: Conn, fields: UserInput, exceptId?: string) {
  for (const [key, column, code] of UNIQUE_FIELDS) {
    const value = fields[key];
    if (typeof value !== 'string') continue;
    let query = conn.selectFrom('users').select('id').where(column, '=', value);
    if (exceptId) query = query.where('id', '!=', exceptId);
    if (await query.executeTakeFirst()) throw conflict(code, `Another user already has this ${key}.`, `/${key}`);
  }
}

/** Maps a unique violation that slipped past the checks (a concurrent write) to the same 409. */
function rethrowUnique(error: unknown): never {
  const columns = uniqueViolation(error);
  const hit = columns && UNIQUE_FIELDS.find(([, column]) => columns.includes(column));
  if (hit) throw conflict(hit[2], `Another user already has this ${hit[0]}.`, `/${hit[0]}`);
  throw error;
}

type NewUserFields = UserInput & { username: string; displayName: string; orgUnitId: string };

function newUserRow(fields: NewUserFields, passwordHash: string | null, now: string): UserRow {
  return {
    id: newId('usr'),
    username: fields.username,
    display_name: fields.displayName,
    mobile: fields.mobile ?? null,
    email: fields.email ?? null,
    employee_number: fields.employeeNumber ?? null,
    external_id: fields.externalId ?? null,
    status: fields.status ?? 'active',
    password_hash: passwordHash,
    org_unit_id: fields.orgUnitId,
    created_at: now,
    updated_at: now,
    email_verified_at: null,
    mobile_verified_at: null,
    ...verificationMarks(undefined, fields, now),
  };
}

export async function insertUser(tx: Tx, fields: NewUserFields, passwordHash: string | null): Promise<User> {
  await assertUnique(tx, fields);
  const row = newUserRow(fields, passwordHash, nowIso());
  await tx.insertInto('users').values(row).execute().catch(rethrowUnique);
  return toUser(row);
}

/** Users per INSERT: well under both databases' limits on bound parameters (16 columns each). */
const INSERT_USERS_BATCH = 100;

/**
 * Many new users at once, without a password, for a directory sync whose plan already checked that
 * their values are free: a value taken since raises the same 409 as insertUser, for the caller to
 * fall back to one at a time.
 */
export async function insertUsers(tx: Tx, users: NewUserFields[]): Promise<User[]> {
  const now = nowIso();
  const rows = users.map((fields) => newUserRow(fields, null, now));
  for (let i = 0; i < rows.length; i += INSERT_USERS_BATCH) {
    await tx.insertInto('users').values(rows.slice(i, i + INSERT_USERS_BATCH)).execute().catch(rethrowUnique);
  }
  return rows.map(toUser);
}

export async function updateUser(tx: Tx, id: string, fields: UserInput, passwordHash?: string | null): Promise<User> {
  await assertUnique(tx, fields, id);
  const current = await findUserRow(tx, id);
  if (!current) throw notFound('user', id);
  const now = nowIso();
  // A changed email or mobile is no longer verified, unless the same change vouches for it.
  const set: Partial<UserRow> = { updated_at: now, ...verificationMarks(current, fields, now) };
  if (fields.username !== undefined) set.username = fields.username;
  if (fields.displayName !== undefined) set.display_name = fields.displayName;
  if (fields.mobile !== undefined) set.mobile = fields.mobile;
  if (fields.email !== undefined) set.email = fields.email;
  if (fields.employeeNumber !== undefined) set.employee_number = fields.employeeNumber;
  if (fields.externalId !== undefined) set.external_id = fields.externalId;
  if (fields.status !== undefined) set.status = fields.status;
  if (fields.orgUnitId !== undefined) set.org_unit_id = fields.orgUnitId;
  if (passwordHash !== undefined) set.password_hash = passwordHash;
  await tx.updateTable('users').set(set).where('id', '=', id).execute().catch(rethrowUnique);
  return getUser(tx, id);
}

export async function deleteUser(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('users').where('id', '=', id).execute();
}

export async function countUsersInOrgUnit(conn: Conn, orgUnitId: string): Promise<number> {
  const row = await conn
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_unit_id', '=', orgUnitId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The user columns a login may match on (User Association Attribute). */
export const ATTRIBUTE_COLUMNS = {
  mobile: 'mobile',
  email: 'email',
  username: 'username',
  employeeNumber: 'employee_number',
  externalId: 'external_id',
} as const;

/** Users whose attribute equals `value` exactly; two are enough to know a match is ambiguous. */
export async function findUsersByAttribute(conn: Conn, attribute: keyof typeof ATTRIBUTE_COLUMNS, value: string, limit = 2) {
  return conn.selectFrom('users').select(['id', 'status']).where(ATTRIBUTE_COLUMNS[attribute], '=', value).limit(limit).execute();
}

/** The user a password sign-in names: by username, mobile (E.164) or email. */
export async function findUserByLoginName(conn: Conn, name: { username: string; mobile?: string; email?: string }) {
  return conn
    .selectFrom('users')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('username', '=', name.username),
        ...(name.mobile ? [eb('mobile', '=', name.mobile)] : []),
        ...(name.email ? [eb('email', '=', name.email)] : []),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
}

/** What the provider's claims and the sign-in checks read of the user behind a session or token. */
const ACTIVE_USER_COLUMNS = [
  'id',
  'username',
  'display_name',
  'mobile',
  'email',
  'status',
  'employee_number',
  'org_unit_id',
  'email_verified_at',
  'mobile_verified_at',
] as const satisfies readonly (keyof UserTable)[];

// Asked on every token request and login step: prepared once (src/store/prepared.ts).
const activeUserQuery = prepareQuery(['id'], (conn, v) => conn.selectFrom('users').select(ACTIVE_USER_COLUMNS).where('id', '=', v.id));

export type ActiveUser = Pick<UserTable, (typeof ACTIVE_USER_COLUMNS)[number]>;

/**
 * The user behind a session or token, if they may still be signed in: the one test the provider,
 * the User Center and the end of every sign-in share.
 */
export async function activeUser(conn: Conn, id: string): Promise<ActiveUser | undefined> {
  const [user] = (await activeUserQuery(conn, { id })).rows;
  return user && canSignIn(user) ? user : undefined;
}

/**
 * Marks the user's `contact` verified because someone just proved they hold `value` (a code sent to the
 * number, or an identity provider's word), if it is still the user's and not yet marked. Whether it marked.
 */
export async function markContactVerified(conn: Conn, id: string, contact: Contact, value: string): Promise<boolean> {
  const now = nowIso();
  const column = MARK_COLUMN[contact];
  const result = await conn
    .updateTable('users')
    .set({ [column]: now, updated_at: now })
    .where('id', '=', id)
    .where(contact, '=', value)
    .where(column, 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
