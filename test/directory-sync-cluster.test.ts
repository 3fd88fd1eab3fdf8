/**
 * Directory sync on a cluster: Portico processes (`node src/main.ts`) sharing one store, on both
 * databases. One node at a time runs a source's sync or holds its event stream; when that node is
 * SIGKILLed, another takes the run over and finishes it, and takes the stream over within a lease's life.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ADMIN_PASSWORD, describeEachDialect, freePort, PG_URL, type ApiOptions, type TestNode } from './helpers/harness.ts';
import { startChildNode, type ChildNode } from './helpers/child-node.ts';
import { createSchema, dropSchema } from './helpers/pg-schema.ts';
import { startSimulator, SIM_APP, type Simulator } from './helpers/dingtalk.ts';
import { eventually, identitySource, usersByUsername, waitForRun, V1 } from './helpers/sync.ts';
import { openStore, type Store } from '../src/store/database.ts';

const LEASE_MS = 2000;


/** The parts of a test node the helpers use, over a child process. */
function clientOf(url: string): TestNode {
  const api = async (method: string, p: string, o: ApiOptions = {}) => {
    const res = await fetch(url + p, {
      method,
      headers: { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: o.body !== undefined ? JSON.stringify(o.body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text };
  };
  return { url, api } as unknown as TestNode;
}

describeEachDialect('directory sync on a cluster', (dialect) => {
  let sim: Simulator;
  let store: Store;
  let databaseUrl: string;
  let schema: string | undefined;
  const dirs: string[] = [];
  const nodes: ChildNode[] = [];
  const masterKey = randomBytes(32).toString('base64');
  let admin: string;
  let sourceId: string;

  const startOne = async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'portico-sync-cluster-'));
    dirs.push(dir);
    const node = await startChildNode(await freePort(), {
      PORTICO_DATABASE_URL: databaseUrl,
      PORTICO_MASTER_KEY: masterKey,
      PORTICO_ADMIN_PASSWORD: ADMIN_PASSWORD,
      PORTICO_DEMO: 'false',
      PORTICO_DATA_DIR: dir,
      PORTICO_SYNC_TICK_MS: '200',
      PORTICO_SYNC_LEASE_MS: String(LEASE_MS),
    });
    nodes.push(node);
    return node;
  };
  const dead = new Set<ChildNode>();
  const alive = () => nodes.filter((n) => !dead.has(n));
  const holderOf = async (lease: string) =>
    (await store.db.selectFrom('leases').select(['holder', 'expires_at']).where('name', '=', lease).executeTakeFirst())?.holder ?? null;
  const nodeOfHolder = (holder: string) => nodes.find((n) => holder.split(':')[1] === String(n.pid));

  before(async () => {
    sim = await startSimulator();
    if (dialect === 'postgres') ({ schema, url: databaseUrl } = await createSchema(PG_URL, 'sc_'));
    else {
      const dir = mkdtempSync(path.join(tmpdir(), 'portico-sync-db-'));
      dirs.push(dir);
      databaseUrl = `sqlite:${path.join(dir, 'portico.sqlite')}`;
    }
    // One node first (it migrates and creates the admin), then the second on the same store.
    await startOne();
    await startOne();
    store = await openStore(databaseUrl, { poolSize: 1 });
    const session = await clientOf(nodes[0].url).api('POST', `${V1}/session`, { body: { username: 'admin', password: ADMIN_PASSWORD } });
    admin = session.body.token;
    const source = await identitySource(clientOf(nodes[0].url), admin, sim, { transport: 'stream' });
    sourceId = source.id;
  });
  after(async () => {
    for (const n of nodes) n.kill('SIGKILL');
    await Promise.all(nodes.map((n) => n.exited));
    await store?.close();
    await sim?.close();
    if (schema) await dropSchema(PG_URL, schema);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  test('a run whose node is killed mid-way is finished by another node', async () => {
    // Slow pages, so the run is still fetching when its node dies.
    await sim.api('POST', '/sim/api/faults', { pathPrefix: '/topapi/v2/user/list', delayMs: 700, times: 4 });
    const client = clientOf(nodes[0].url);
    const started = await client.api('POST', `${V1}/identity-sources/${sourceId}/runs`, { token: admin, body: { mode: 'apply' } });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const holder = await eventually(async () => {
      const h = await holderOf(`sync-run:${sourceId}`);
      assert.ok(h, 'some node took the run');
      return h;
    });
    const victim = nodeOfHolder(holder)!;
    victim.kill('SIGKILL');
    dead.add(victim);
    await victim.exited;
    const survivor = alive()[0];
    const finished = await waitForRun(clientOf(survivor.url), admin, started.body.id, 30_000);
    assert.equal(finished.status, 'succeeded', JSON.stringify(finished));
    const users = await usersByUsername(clientOf(survivor.url), admin);
    assert.deepEqual(Object.keys(users).sort(), ['lisi', 'sunqi', 'wangwu', 'zhangsan', 'zhaoliu']);
    await startOne();
  });

  test('one node holds the event stream; when it is killed another takes it over and events keep arriving', async () => {
    await sim.api('PUT', `/test/apps/${SIM_APP.appKey}/events`, { transport: 'stream' });
    const client = () => clientOf(alive()[0].url);
    const first = await eventually(async () => {
      const view = (await client().api('GET', `${V1}/identity-sources/${sourceId}`, { token: admin })).body;
      assert.equal(view.stream.state, 'connected', JSON.stringify(view.stream));
      return view.stream.holder as string;
    });
    const open = (await sim.api('GET', '/test/stream/connections')).filter((c: { state: string }) => c.state === 'open');
    assert.equal(open.length, 1, 'exactly one connection serves the cluster');

    const victim = nodeOfHolder(first)!;
    const killedAt = Date.now();
    victim.kill('SIGKILL');
    dead.add(victim);
    await victim.exited;
    const second = await eventually(async () => {
      const view = (await client().api('GET', `${V1}/identity-sources/${sourceId}`, { token: admin })).body;
      assert.equal(view.stream.state, 'connected');
      assert.notEqual(view.stream.holder, first);
      return view.stream.holder as string;
    });
    assert.ok(Date.now() - killedAt < 60_000, 'taken over within a minute');
    assert.notEqual(nodeOfHolder(second), victim);

    await sim.api('PATCH', `/test/orgs/${SIM_APP.corpId}/users/wangwu`, { name: '王五（接管后）' });
    await eventually(async () => assert.equal((await usersByUsername(client(), admin)).wangwu.displayName, '王五（接管后）'));
  });
});
