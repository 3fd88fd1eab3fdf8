/**
 * Short-lived state shared by every node: login transactions, verification codes, rate-limit
 * counters, cached DingTalk app tokens. In SQL by default; in Redis when PORTICO_REDIS_URL is set.
 * Nothing here lives only in a process, so any node can continue any flow.
 */
import { sql } from 'kysely';
import type { Redis } from 'ioredis';
import type { Db } from './database.ts';

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

export function sqlShortLivedStore(db: Db): ShortLivedStore {
  const live = (key: string) =>
    db.selectFrom('short_lived').select(['value', 'expires_at']).where('key', '=', key).where('expires_at', '>', iso(Date.now()));

  return {
    async get<T>(key: string) {
      const row = await live(key).executeTakeFirst();
      return row ? (JSON.parse(row.value) as T) : undefined;
    },
    async set(key, value, ttlMs) {
      const row = { key, value: JSON.stringify(value), expires_at: iso(Date.now() + ttlMs) };
      await db
        .insertInto('short_lived')
        .values(row)
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: row.value, expires_at: row.expires_at }))
        .execute();
    },
    async setIfAbsent(key, value, ttlMs) {
      const now = iso(Date.now());
      const row = { key, value: JSON.stringify(value), expires_at: iso(Date.now() + ttlMs) };
      // Take over an expired row, or insert; a live row is left alone.
      const result = await db
        .insertInto('short_lived')
        .values(row)
        .onConflict((oc) =>
          oc
            .column('key')
            .doUpdateSet({ value: row.value, expires_at: row.expires_at })
            .where('short_lived.expires_at', '<=', now),
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async take<T>(key: string) {
      const row = await db.deleteFrom('short_lived').where('key', '=', key).returning(['value', 'expires_at']).executeTakeFirst();
      if (!row || row.expires_at <= iso(Date.now())) return undefined;
      return JSON.parse(row.value) as T;
    },
    async delete(key) {
      await db.deleteFrom('short_lived').where('key', '=', key).execute();
    },
    async increment(key, ttlMs) {
      const now = iso(Date.now());
      const expires = iso(Date.now() + ttlMs);
      const row = await db
        .insertInto('short_lived')
        .values({ key, value: '1', expires_at: expires })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            // An expired counter starts over; a live one counts up and keeps its window.
            value: sql`case when short_lived.expires_at <= ${now} then '1' else cast(cast(short_lived.value as integer) + 1 as text) end`,
            expires_at: sql`case when short_lived.expires_at <= ${now} then ${expires} else short_lived.expires_at end`,
          }),
        )
        .returning('value')
        .executeTakeFirstOrThrow();
      return Number(row.value);
    },
    async ttl(key) {
      const row = await live(key).executeTakeFirst();
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
