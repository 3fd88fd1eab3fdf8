/**
 * Two Portico nodes on one store behind a round-robin proxy: every request of an OpenID Connect flow
 * (interaction, login page, resume, token, refresh, userinfo, the User Center's own sign-in) lands on
 * the other node than the one before. With SQL storage, and with Redis when it is configured.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import { ADMIN_PASSWORD, describeEachDialect, freePort, PG_URL, REDIS_URL, redisProblem, type TestDialect, type TestNode } from './helpers/harness.ts';
import { Browser } from './helpers/browser.ts';
import { dropSchema } from './helpers/pg-schema.ts';
import { createUser, registerApp, relyingParty, signIn } from './helpers/oidc.ts';
import { loadConfig } from '../src/config.ts';
import { createPortico, type Portico } from '../src/bootstrap/portico.ts';
import { startRoundRobinProxy } from './helpers/round-robin-proxy.ts';

async function startPair(dialect: TestDialect, redis: boolean) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-oidc-pair-'));
  const schema = dialect === 'postgres' ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const ports = [await freePort(), await freePort()];
  const proxy = await startRoundRobinProxy();
  proxy.setUpstreams(ports.map((port) => `http://127.0.0.1:${port}`));
  const config = loadConfig({
    PORTICO_DATA_DIR: dataDir,
    PORTICO_PUBLIC_URL: proxy.url,
    PORTICO_DATABASE_URL: dialect === 'sqlite' ? `sqlite:${path.join(dataDir, 'portico.sqlite')}` : PG_URL,
    PORTICO_ADMIN_PASSWORD: ADMIN_PASSWORD,
    PORTICO_LOG_LEVEL: 'silent',
    PORTICO_DEMO: 'false',
    // Both nodes share the data folder, so they share the generated master key, as a cluster shares PORTICO_MASTER_KEY.
    ...(redis ? { PORTICO_REDIS_URL: REDIS_URL } : {}),
  });
  const nodes: Portico[] = [];
  for (const port of ports) {
    const portico = await createPortico(config, { schema, poolSize: 5 });
    await portico.app.listen({ port, host: '127.0.0.1' });
    nodes.push(portico);
  }
  // The admin API is stateless between nodes too; the harness's node shape is enough for the helpers.
  const api: TestNode['api'] = async (method, p, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(proxy.url + p, { method, headers, body });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text };
  };
  const node = { url: proxy.url, portico: nodes[0], dialect, api } as TestNode;
  return {
    node,
    proxy,
    async close() {
      for (const n of nodes) await n.close();
      await proxy.close();
      if (schema) await dropSchema(PG_URL, schema);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describeEachDialect('OpenID Connect across two nodes', (dialect) => {
  for (const redis of [false, true]) {
    const label = redis ? 'with Redis' : 'SQL only';
    let pair: Awaited<ReturnType<typeof startPair>> | undefined;
    let admin: string;

    before(async () => {
      if (redis && redisProblem) return;
      pair = await startPair(dialect, redis);
      const res = await pair.node.api('POST', '/api/admin/v1/session', { body: { username: 'admin', password: ADMIN_PASSWORD } });
      admin = res.body.token;
    });
    after(() => pair?.close());

    test(`${label}: a flow alternating between the nodes signs in, refreshes and reads userinfo`, { skip: redis && redisProblem ? `Redis unreachable: ${redisProblem}` : false }, async () => {
      const { node, proxy } = pair!;
      const app = await registerApp(node, admin);
      const config = await relyingParty(node, app);
      const user = await createUser(node, admin);
      const before = proxy.log.length;
      const { tokens, browser } = await signIn(node, config, app, user, { extra: { scope: 'openid profile offline_access', prompt: 'consent' } });
      assert.equal(tokens.claims()?.sub, user.id);
      const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
      assert.equal((await client.fetchUserInfo(config, refreshed.access_token, user.id)).sub, user.id);
      assert.equal((await client.refreshTokenGrant(config, tokens.refresh_token!).catch((e: { error?: string }) => e)).error, 'invalid_grant');
      const served = proxy.log.slice(before).map((entry) => entry.upstream);
      assert.ok(served.includes(0) && served.includes(1), 'both nodes took part');

      const account = await browser.open('/account');
      assert.equal(account.status, 200, 'the User Center signs in across nodes too');
      assert.match(account.body, new RegExp(user.displayName));
      assert.equal(JSON.parse((await new Browser(node.url).get('/oidc/jwks')).body).keys.length, 2, 'one key set for both nodes');
      const rows = Number((await node.portico.store.db.selectFrom('oidc_artifacts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      if (redis) assert.equal(rows, 0, 'with Redis configured the provider keeps its state there');
      else assert.ok(rows > 0, 'without Redis the provider keeps its state in SQL');
    });
  }
});
