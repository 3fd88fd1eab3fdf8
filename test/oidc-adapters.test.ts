/** The provider's storage contract, the same for SQL (both databases) and Redis: what one node writes, another reads. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { errors, type Adapter } from 'oidc-provider';
import { describeEachDialect, REDIS_URL, redisProblem, startNode, type TestNode } from './helpers/harness.ts';
import { sqlAdapterFactory, purgeExpiredArtifacts } from '../src/oidc/adapter-sql.ts';
import { redisAdapterFactory } from '../src/oidc/adapter-redis.ts';

const id = () => randomBytes(12).toString('base64url');
const epoch = () => Math.floor(Date.now() / 1000);

function contract(factory: () => (model: string) => Adapter) {
  test('upsert then find returns the payload; destroy removes it', async () => {
    const codes = factory()('AuthorizationCode');
    const jti = id();
    await codes.upsert(jti, { iat: epoch(), exp: epoch() + 60, grantId: id(), accountId: 'usr_1' }, 60);
    assert.equal((await codes.find(jti))?.accountId, 'usr_1');
    await codes.destroy(jti);
    assert.equal(await codes.find(jti), undefined);
  });

  test('sessions are found by uid, and an upsert replaces the payload', async () => {
    const sessions = factory()('Session');
    const jti = id();
    const uid = id();
    await sessions.upsert(jti, { uid, accountId: 'a' }, 60);
    await sessions.upsert(jti, { uid, accountId: 'b' }, 60);
    assert.equal((await sessions.findByUid(uid))?.accountId, 'b');
    assert.equal(await sessions.findByUid(id()), undefined);
  });

  test('an expired artifact is not found', async () => {
    const interactions = factory()('Interaction');
    const jti = id();
    await interactions.upsert(jti, { iat: epoch() }, 1);
    await sleep(1100);
    assert.equal(await interactions.find(jti), undefined);
  });

  test('consume marks once; consuming a code again throws invalid_grant and revokes its grant', async () => {
    const models = factory();
    const grantId = id();
    const code = id();
    const token = id();
    await models('Grant').upsert(grantId, { accountId: 'a', clientId: 'c' }, 60);
    await models('AuthorizationCode').upsert(code, { grantId }, 60);
    await models('AccessToken').upsert(token, { grantId }, 60);
    await models('AuthorizationCode').consume(code);
    assert.equal(typeof (await models('AuthorizationCode').find(code))?.consumed, 'number');
    await assert.rejects(models('AuthorizationCode').consume(code), (e: unknown) => e instanceof errors.InvalidGrant);
    assert.equal(await models('AccessToken').find(token), undefined);
    assert.equal(await models('Grant').find(grantId), undefined);
  });

  test('of many concurrent redemptions of one refresh token, exactly one wins', async () => {
    const tokens = factory()('RefreshToken');
    const jti = id();
    await tokens.upsert(jti, { grantId: id() }, 60);
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => tokens.consume(jti)));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  });

  test('revokeByGrantId removes that model’s artifacts of the grant only', async () => {
    const models = factory();
    const grantId = id();
    const [a, b, other] = [id(), id(), id()];
    await models('AccessToken').upsert(a, { grantId }, 60);
    await models('RefreshToken').upsert(b, { grantId }, 60);
    await models('AccessToken').upsert(other, { grantId: id() }, 60);
    await models('AccessToken').revokeByGrantId(grantId);
    assert.equal(await models('AccessToken').find(a), undefined);
    assert.ok(await models('RefreshToken').find(b));
    assert.ok(await models('AccessToken').find(other));
  });
}

describeEachDialect('OIDC storage on SQL', (dialect) => {
  let node: TestNode;
  before(async () => {
    node = await startNode(dialect);
  });
  after(() => node?.close());
  contract(() => sqlAdapterFactory(node.portico.store.db));

  test('expired rows are purged', async () => {
    const models = sqlAdapterFactory(node.portico.store.db);
    await models('Interaction').upsert(id(), { iat: epoch() }, 1);
    await sleep(1100);
    assert.ok((await purgeExpiredArtifacts(node.portico.store.db)) >= 1);
  });
});

describe('OIDC storage on Redis', { skip: redisProblem ? `Redis unreachable at ${REDIS_URL}: ${redisProblem}` : false }, () => {
  let redis: Redis;
  const prefix = `portico-test:${randomBytes(4).toString('hex')}:oidc:`;
  before(async () => {
    redis = new Redis(REDIS_URL, { lazyConnect: true });
    await redis.connect();
  });
  after(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });
  contract(() => redisAdapterFactory(redis, prefix));
});
