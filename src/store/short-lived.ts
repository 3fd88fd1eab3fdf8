/**
 * Short-lived state shared by every node: login transactions, verification codes, rate-limit
 * counters, cached DingTalk app tokens. In SQL by default; in Redis when PORTICO_REDIS_URL is set.
 * Nothing here lives only in a process, so any node can continue any flow.
 */
import { sql } from 'kysely';
import type { Redis } from 'ioredis';
import type { Db } from './database.ts';
import { prepareQuery } from './prepared.ts';

export interface ShortLivedStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  /** Sets only when the key is absent (or expired); true when this call set it. */
  setIfAbsent(key: string, value: unknown, ttlMs: number): Promise<boolean>;
  /** Reads and deletes in one step: of two concurrent callers, exactly one gets the value. */
  take<T>(key: string): Promise<T | undefined>;
  delete(key: string): Promise<void>;
  /** Adds one to a counter that starts at 1 and expires ttlMs after its first increment. */
  increment(key: string, ttlMs: number): Promise<number>;
  /** Milliseconds until the key expires, or 0 when absent. */
  ttl(key: string): Promise<number>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The SQL store's statements, prepared once: a sign-in runs about ten of them (src/store/prepared.ts). */
const q = {
  live: prepareQuery(['key', 'now'], (conn, v) => conn.selectFrom('short_lived').select(['value', 'expires_at']).where('key', '=', v.key).where('expires_at', '>', v.now)),
  set: prepareQuery(['key', 'value', 'expires'], (conn, v) =>
    conn
      .insertInto('short_lived')
      .values({ key: v.key, value: v.value, expires_at: v.expires })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: v.value, expires_at: v.expires })),
  ),
  // Takes over an expired row, or inserts; a live row is left alone.
  setIfAbsent: prepareQuery(['key', 'value', 'expires', 'now'], (conn, v) =>
    conn
      .insertInto('short_lived')
      .values({ key: v.key, value: v.value, expires_at: v.expires })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: v.value, expires_at: v.expires }).where('short_lived.expires_at', '<=', v.now)),
  ),
  take: prepareQuery(['key'], (conn, v) => conn.deleteFrom('short_lived').where('key', '=', v.key).returning(['value', 'expires_at'])),
  delete: prepareQuery(['key'], (conn, v) => conn.deleteFrom('short_lived').where('key', '=', v.key)),
  increment: prepareQuery(['key', 'expires', 'now'], (conn, v) =>
    conn
      .insertInto('short_lived')
      .values({ key: v.key, value: '1', expires_at: v.expires })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          // An expired counter starts over; a live one counts up and keeps its window.
          value: sql<string>`case when short_lived.expires_at <= ${v.now} then '1' else cast(cast(short_lived.value as integer) + 1 as text) end`,
          expires_at: sql<string>`case when short_lived.expires_at <= ${v.now} then ${v.expires} else short_lived.expires_at end`,
        }),
      )
      .returning('value'),
  ),
};

export function sqlShortLivedStore(db: Db): ShortLivedStore {
  const now = () => iso(Date.now());
  const live = async (key: string) => (await q.live(db, { key, now: now() })).rows[0];

  return {
    async get<T>(key: string) {
      const row = await live(key);
      return row ? (JSON.parse(row.value) as T) : undefined;
    },
    async set(key, value, ttlMs) {
      await q.set(db, { key, value: JSON.stringify(value), expires: iso(Date.now() + ttlMs) });
    },
    async setIfAbsent(key, value, ttlMs) {
      const result = await q.setIfAbsent(db, { key, value: JSON.stringify(value), expires: iso(Date.now() + ttlMs), now: now() });
      return Number(result.numAffectedRows ?? 0) > 0;
    },
    async take<T>(key: string) {
      const [row] = (await q.take(db, { key })).rows;
      if (!row || row.expires_at <= now()) return undefined;
      return JSON.parse(row.value) as T;
    },
    async delete(key) {
      await q.delete(db, { key });
    },
    async increment(key, ttlMs) {
      const [row] = (await q.increment(db, { key, expires: iso(Date.now() + ttlMs), now: now() })).rows;
      return Number(row.value);
    },
    async ttl(key) {
      const row = await live(key);
      return row ? Math.max(0, Date.parse(row.expires_at) - Date.now()) : 0;
    },
  };
}

/** Deletes expired rows; any node may run it, as often as it likes. */
export async function purgeExpired(db: Db): Promise<number> {
  const result = await db.deleteFrom('short_lived').where('expires_at', '<=', iso(Date.now())).executeTakeFirst();
  return Number(result.numDeletedRows);
}

const INCREMENT_SCRIPT = `local v = redis.call('INCR', KEYS[1]) if v == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return v`;

export function redisShortLivedStore(redis: Redis, prefix = 'portico:'): ShortLivedStore {
  const k = (key: string) => prefix + key;
  return {
    async get<T>(key: string) {
      const raw = await redis.get(k(key));
      return raw === null ? undefined : (JSON.parse(raw) as T);
    },
    async set(key, value, ttlMs) {
      await redis.set(k(key), JSON.stringify(value), 'PX', Math.max(1, Math.ceil(ttlMs)));
    },
    async setIfAbsent(key, value, ttlMs) {
      return (await redis.set(k(key), JSON.stringify(value), 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')) === 'OK';
    },
    async take<T>(key: string) {
      const raw = await redis.getdel(k(key));
      return raw === null ? undefined : (JSON.parse(raw) as T);
    },
    async delete(key) {
      await redis.del(k(key));
    },
    async increment(key, ttlMs) {
      return Number(await redis.eval(INCREMENT_SCRIPT, 1, k(key), String(Math.max(1, Math.ceil(ttlMs)))));
    },
    async ttl(key) {
      return Math.max(0, await redis.pttl(k(key)));
    },
  };
}
