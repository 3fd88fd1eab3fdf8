/**
 * oidc-provider's storage in Redis, used when PORTICO_REDIS_URL is set: every node of a cluster sees
 * the same interactions, sessions, grants, codes and tokens. Redis expires the keys itself.
 */
import type { Redis } from 'ioredis';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { replayedArtifact, SINGLE_USE_MODELS } from './replay.ts';

/** Marks an artifact consumed only if it exists and is not yet: -1 absent, 0 already consumed, 1 now consumed. */
const CONSUME_SCRIPT = `if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end return redis.call('HSETNX', KEYS[1], 'consumed', ARGV[1])`;

export function redisAdapterFactory(redis: Redis, prefix = 'portico:oidc:'): (model: string) => Adapter {
  const artifactKey = (model: string, id: string) => `${prefix}${model}:${id}`;
  const grantKey = (grantId: string) => `${prefix}grant:${grantId}`;
  const uidKey = (model: string, uid: string) => `${prefix}uid:${model}:${uid}`;
  const userCodeKey = (model: string, code: string) => `${prefix}user_code:${model}:${code}`;

  async function read(key: string): Promise<AdapterPayload | undefined> {
    const hash = await redis.hgetall(key);
    if (!hash.payload) return undefined;
    const payload = JSON.parse(hash.payload) as AdapterPayload;
    return hash.consumed ? { ...payload, consumed: Number(hash.consumed) } : payload;
  }

  async function revokeGrant(grantId: string) {
    const members = await redis.smembers(grantKey(grantId));
    await redis.del(...members, grantKey(grantId), artifactKey('Grant', grantId));
  }

  return (model) => ({
    async upsert(id, payload, expiresIn) {
      const key = artifactKey(model, id);
      const ttlMs = typeof expiresIn === 'number' ? Math.max(1, expiresIn * 1000) : undefined;
      const multi = redis.multi().del(key).hset(key, 'payload', JSON.stringify(payload));
      if (ttlMs) multi.pexpire(key, ttlMs);
      if (payload.grantId) {
        const members = grantKey(payload.grantId);
        multi.sadd(members, key);
        // The index lives as long as its longest-lived member: NX sets a first expiry, GT only extends it.
        if (ttlMs) multi.pexpire(members, ttlMs, 'NX').pexpire(members, ttlMs, 'GT');
      }
      // Lookup keys that point at the artifact, expiring with it.
      const pointTo = (lookup: string) => (ttlMs ? multi.set(lookup, id, 'PX', ttlMs) : multi.set(lookup, id));
      if (payload.uid) pointTo(uidKey(model, payload.uid));
      if (payload.userCode) pointTo(userCodeKey(model, payload.userCode));
      await multi.exec();
    },

    find: (id) => read(artifactKey(model, id)),

    async findByUid(uid) {
      const id = await redis.get(uidKey(model, uid));
      return id ? read(artifactKey(model, id)) : undefined;
    },

    async findByUserCode(userCode) {
      const id = await redis.get(userCodeKey(model, userCode));
      return id ? read(artifactKey(model, id)) : undefined;
    },

    async consume(id) {
      const key = artifactKey(model, id);
      const outcome = Number(await redis.eval(CONSUME_SCRIPT, 1, key, String(Math.floor(Date.now() / 1000))));
      // 0: already consumed; -1: already gone because a concurrent replay revoked its grant.
      if (outcome === 1 || !SINGLE_USE_MODELS.has(model)) return;
      const payload = await read(key);
      if (payload?.grantId) await revokeGrant(payload.grantId);
      throw replayedArtifact(model);
    },

    async destroy(id) {
      await redis.del(artifactKey(model, id));
    },

    async revokeByGrantId(grantId) {
      const own = (await redis.smembers(grantKey(grantId))).filter((key) => key.startsWith(`${prefix}${model}:`));
      if (!own.length) return;
      await redis.multi().del(...own).srem(grantKey(grantId), ...own).exec();
    },
  });
}
