/**
 * Builds the data-scale bench's store by bulk inserts (not the API): a department tree, people, and
 * login events over the last days, into a fresh SQLite file or PostgreSQL schema.
 *
 * The store is first migrated to the version before the login roll-ups (017), the events are inserted
 * with the log's indexes set aside (rebuilt once afterwards: far faster than keeping them up row by
 * row), and then the remaining migrations run as they would on an upgrade: 018 counts the stored events
 * into the roll-ups with its own statements (so the roll-ups are exactly what the trigger would have
 * kept), later ones build their indexes. That upgrade is timed too. Bindings come after Portico has
 * made the DingTalk source (its secret is sealed with the node's key): see `insertBindings`.
 */
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { sql } from 'kysely';
import { migrateTo, openStore, type Store } from '../../src/store/database.ts';
import { hashPassword } from '../../src/crypto/password.ts';
import { ROOT_ORG_UNIT_ID } from '../../src/store/well-known.ts';
import { orgUnits, people, rng, type Person } from './people.ts';
import { EVENT_COLUMNS, produceEvents, type EventRow } from './events.ts';

/** The last migration before the roll-ups: events go in here, then the upgrade runs. */
const BEFORE_ROLLUPS = '017_saml_key_activation';
export const SCALE_PASSWORD = 'scale user password';

export interface ScaleSizes {
  users: number;
  events: number;
  days: number;
}

export interface ScaleData {
  people: Person[];
  userIds: string[];
  orgUnitIds: string[];
}

export interface BuildTimings {
  /** Seconds for each part. */
  [part: string]: number;
}

const ADMINS = [
  { id: 'adm_scale_ops1', name: '运维管理员' },
  { id: 'adm_scale_hr01', name: 'HR 管理员' },
  { id: 'adm_scale_sec1', name: '安全管理员' },
];
/** Applications the events name besides the User Center (rows the User Center's history joins, absent here). */
const APPLICATIONS = ['app_scale_oa', 'app_scale_crm', 'app_scale_wiki', 'app_scale_hr'];
/** Where the DingTalk sign-ins came from, in the events' details (the source Portico makes later has another id). */
const DINGTALK_SOURCE_PLACEHOLDER = 'src_dingtalk_history';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Ids shaped like newId's (a prefix and 16 base64url characters), reproducible. */
function ids(prefix: string, count: number, seed: number): string[] {
  const r = rng(seed);
  return Array.from({ length: count }, () => `${prefix}_${Array.from({ length: 16 }, () => B64[r.int(64)]).join('')}`);
}

export function scaleData(sizes: ScaleSizes, now: number): ScaleData {
  const units = orgUnits();
  const orgUnitIds = [ROOT_ORG_UNIT_ID, ...ids('ou', units.length - 1, 11)];
  return { people: people(sizes.users, units, now), userIds: ids('usr', sizes.users, 12), orgUnitIds };
}

const unitRows = (data: ScaleData, now: string) =>
  orgUnits()
    .slice(1)
    .map((u) => ({ id: data.orgUnitIds[u.index], parent_id: data.orgUnitIds[u.parent!], name: u.name, created_at: now, updated_at: now }));

/** A share of the people have a password besides DingTalk (one hash for all: hashing 60,000 would take an hour). */
const userRow = (data: ScaleData, i: number, passwordHash: string) => {
  const p = data.people[i];
  const created = new Date(p.createdAt).toISOString();
  return {
    id: data.userIds[i],
    username: p.username,
    display_name: p.displayName,
    mobile: p.mobile,
    email: p.email,
    employee_number: p.employeeNumber,
    external_id: p.dingtalkUserId,
    status: p.status,
    password_hash: i % 10 < 3 ? passwordHash : null,
    org_unit_id: data.orgUnitIds[p.orgUnit],
    created_at: created,
    updated_at: created,
    email_verified_at: p.email ? created : null,
    mobile_verified_at: created,
  };
};
type UserRow = ReturnType<typeof userRow>;
const USER_COLUMNS = Object.keys(userRow({ people: [people(1, orgUnits(), 0)[0]], userIds: ['x'], orgUnitIds: [ROOT_ORG_UNIT_ID] }, 0, '')) as (keyof UserRow)[];

const seconds = (t0: number) => Math.round((performance.now() - t0) / 100) / 10;

function eventOptions(data: ScaleData, sizes: ScaleSizes, now: number) {
  // Only active people sign in successfully; every one may appear (a failure names whoever was tried).
  return { count: sizes.events, days: sizes.days, now, userIds: data.userIds, admins: ADMINS, dingtalkSource: DINGTALK_SOURCE_PLACEHOLDER, applications: APPLICATIONS };
}

/** SQLite: one connection of node:sqlite, large transactions, the log's indexes rebuilt after. */
async function loadSqlite(file: string, data: ScaleData, sizes: ScaleSizes, now: number, timings: BuildTimings) {
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;');
  const insert = (table: string, columns: readonly string[]) =>
    db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  const nowIso = new Date(now).toISOString();
  const passwordHash = await hashPassword(SCALE_PASSWORD);

  let t0 = performance.now();
  db.exec('BEGIN');
  const unit = insert('org_units', ['id', 'parent_id', 'name', 'created_at', 'updated_at']);
  for (const u of unitRows(data, nowIso)) unit.run(u.id, u.parent_id, u.name, u.created_at, u.updated_at);
  const user = insert('users', USER_COLUMNS);
  for (let i = 0; i < data.people.length; i++) {
    const row = userRow(data, i, passwordHash);
    user.run(...USER_COLUMNS.map((c) => row[c]));
  }
  db.exec('COMMIT');
  timings['users (SQLite)'] = seconds(t0);

  t0 = performance.now();
  const indexes = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_events' AND sql IS NOT NULL`).all() as { name: string; sql: string }[];
  for (const index of indexes) db.exec(`DROP INDEX ${index.name}`);
  const event = insert('audit_events', EVENT_COLUMNS);
  await produceEvents(eventOptions(data, sizes, now), 50_000, (rows: EventRow[]) => {
    db.exec('BEGIN');
    for (const row of rows) event.run(...EVENT_COLUMNS.map((c) => row[c]));
    db.exec('COMMIT');
  });
  timings['events inserted (SQLite)'] = seconds(t0);
  t0 = performance.now();
  for (const index of indexes) db.exec(index.sql);
  timings['events indexed (SQLite)'] = seconds(t0);
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  db.close();
}

/** PostgreSQL: rows sent as arrays (`insert … select * from unnest(…)`), 10,000 per statement. */
async function loadPostgres(url: string, data: ScaleData, sizes: ScaleSizes, now: number, timings: BuildTimings) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SET synchronous_commit = off');
    await client.query(`SET maintenance_work_mem = '256MB'`);
    const types = async (table: string) =>
      new Map(
        (await client.query<{ column_name: string; udt_name: string }>(`select column_name, udt_name from information_schema.columns where table_schema = current_schema() and table_name = $1`, [table])).rows.map((r) => [
          r.column_name,
          r.udt_name,
        ]),
      );
    const bulk = async (table: string, columns: readonly string[], rows: Record<string, unknown>[]) => {
      const t = await types(table);
      const arrays = columns.map((c) => rows.map((r) => r[c] ?? null));
      await client.query(`INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${columns.map((c, i) => `$${i + 1}::${t.get(c)}[]`).join(', ')})`, arrays);
    };
    const nowIso = new Date(now).toISOString();
    const passwordHash = await hashPassword(SCALE_PASSWORD);

    let t0 = performance.now();
    await client.query('BEGIN');
    await bulk('org_units', ['id', 'parent_id', 'name', 'created_at', 'updated_at'], unitRows(data, nowIso));
    for (let start = 0; start < data.people.length; start += 10_000) {
      const rows = [];
      for (let i = start; i < Math.min(data.people.length, start + 10_000); i++) rows.push(userRow(data, i, passwordHash));
      await bulk('users', USER_COLUMNS, rows);
    }
    await client.query('COMMIT');
    timings['users (PostgreSQL)'] = seconds(t0);

    t0 = performance.now();
    const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
      `select indexname, indexdef from pg_indexes where schemaname = current_schema() and tablename = 'audit_events' and indexname not like '%_pkey'`,
    );
    for (const index of indexes) await client.query(`DROP INDEX ${index.indexname}`);
    await produceEvents(eventOptions(data, sizes, now), 10_000, (rows) => bulk('audit_events', EVENT_COLUMNS, rows as unknown as Record<string, unknown>[]));
    timings['events inserted (PostgreSQL)'] = seconds(t0);
    t0 = performance.now();
    for (const index of indexes) await client.query(index.indexdef);
    timings['events indexed (PostgreSQL)'] = seconds(t0);
  } finally {
    await client.end();
  }
}

/**
 * Fills the store at `url` (a fresh SQLite file or PostgreSQL schema) and migrates it to the latest
 * version. `pgSchema` names the schema for PostgreSQL.
 */
export async function buildStore(url: string, pgSchema: string | undefined, data: ScaleData, sizes: ScaleSizes, now: number): Promise<BuildTimings> {
  const timings: BuildTimings = {};
  const open = () => openStore(url, pgSchema ? { schema: pgSchema, poolSize: 2 } : {});
  let store: Store = await open();
  await migrateTo(store, BEFORE_ROLLUPS);
  const dialect = store.dialect;
  await store.close();
  if (dialect === 'sqlite') await loadSqlite(url.slice('sqlite:'.length), data, sizes, now, timings);
  else await loadPostgres(url, data, sizes, now, timings);

  store = await open();
  try {
    const t0 = performance.now();
    const applied = await migrateTo(store);
    timings[`upgrade: ${applied.join(', ')}`] = seconds(t0);
    const t2 = performance.now();
    await checkRollups(store);
    timings['roll-ups checked against the raw events'] = seconds(t2);
    if (dialect === 'postgres') {
      // What autovacuum would have done by the time anyone looks: statistics, and the visibility map
      // that lets an index answer a count without visiting the table.
      const t1 = performance.now();
      await sql`vacuum analyze org_units, users, audit_events, login_stats`.execute(store.db);
      timings['vacuum analyze'] = seconds(t1);
    }
  } finally {
    await store.close();
  }
  return timings;
}

/**
 * The Dashboard's roll-ups (migration 018, counted by its own statements here) against the raw events:
 * each kind's total must be the same count the trigger would have kept (test/login-stats-migration.test.ts
 * checks them slot by slot).
 */
async function checkRollups(store: Store): Promise<void> {
  const raw = {
    signin: sql`category = 'login' AND outcome = 'success' AND method IS NOT NULL AND actor_id IS NOT NULL`,
    failure: sql`category = 'login' AND outcome = 'failure'`,
    factor_failure: sql`category = 'login' AND outcome = 'failure' AND action = 'login.factor'`,
  };
  for (const [kind, where] of Object.entries(raw)) {
    const { rows } = await sql<{ rollup: number; events: number }>`SELECT
        (SELECT coalesce(sum(n), 0) FROM login_stats WHERE kind = ${kind}) AS rollup,
        (SELECT count(*) FROM audit_events WHERE ${where}) AS events`.execute(store.db);
    if (Number(rows[0].rollup) !== Number(rows[0].events)) throw new Error(`login_stats ${kind}: ${rows[0].rollup} counted, ${rows[0].events} events`);
  }
}

/** Each person's DingTalk binding on `sourceId` (the source Portico made), inserted in bulk. */
export async function insertBindings(url: string, dialect: 'sqlite' | 'postgres', data: ScaleData, sourceId: string, now: number): Promise<number> {
  const t0 = performance.now();
  const bindingIds = ids('bnd', data.people.length, 13);
  const row = (i: number) => {
    const p = data.people[i];
    const created = new Date(Math.max(p.createdAt, now - 400 * 86_400_000)).toISOString();
    return [bindingIds[i], sourceId, data.userIds[i], p.unionId, p.openId, p.dingtalkUserId, p.displayName, `https://static-legacy.dingtalk.com/media/lADPD${p.openId.slice(0, 12)}_240_240.jpg`, created, created];
  };
  const columns = ['id', 'source_id', 'user_id', 'subject', 'open_id', 'external_user_id', 'nick', 'avatar_url', 'created_at', 'last_used_at'];
  if (dialect === 'sqlite') {
    const db = new DatabaseSync(url.slice('sqlite:'.length));
    db.exec('PRAGMA busy_timeout = 10000; PRAGMA cache_size = -262144;');
    const insert = db.prepare(`INSERT INTO bindings (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    db.exec('BEGIN IMMEDIATE');
    for (let i = 0; i < data.people.length; i++) insert.run(...row(i));
    db.exec('COMMIT');
    db.close();
  } else {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (let start = 0; start < data.people.length; start += 10_000) {
        const rows = Array.from({ length: Math.min(10_000, data.people.length - start) }, (_, k) => row(start + k));
        const types = ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'timestamptz', 'timestamptz'];
        await client.query(
          `INSERT INTO bindings (${columns.join(', ')}) SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`,
          columns.map((_, c) => rows.map((r) => r[c])),
        );
      }
      await client.query('analyze bindings');
    } finally {
      await client.end();
    }
  }
  return seconds(t0);
}
