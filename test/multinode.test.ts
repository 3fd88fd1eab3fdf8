/**
 * Two Portico nodes (`node src/main.ts`, child processes) on one PostgreSQL schema, once alone and
 * once with Redis, behind a round-robin load balancer: every request of a login may land on either
 * node. DingTalk QR logins (auto-bind) and phone + code bindings run concurrently, one node is
 * SIGKILLed in the middle, and every flow whose request was not in flight on the dead node completes
 * on the other one, with exactly one binding per DingTalk identity.
 *
 * Retry policy of the test's "browsers" (the proxy retries nothing): a request refused at connect
 * reached no node and is sent again; a request that reached the dying node is sent again only if it
 * is safe to repeat (page views, /api/me); otherwise the flow is reported broken at that step.
 */
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { ADMIN_PASSWORD, freePort, pgProblem, PG_URL, REDIS_URL, redisProblem } from './helpers/harness.ts';
import { startChildNode, type ChildNode } from './helpers/child-node.ts';
import { createSchema, dropSchema } from './helpers/pg-schema.ts';
import { startRoundRobinProxy, PROXY_FAILURE_HEADER, PROXY_TAG_HEADER, type ProxyFailure, type RoundRobinProxy } from './helpers/round-robin-proxy.ts';
import { Browser, field, type Page } from './helpers/browser.ts';
import { frameUrl, startSimulator, SIM_APP, type Simulator } from './helpers/dingtalk.ts';
import { openStore, type Store } from '../src/store/database.ts';
import { redisShortLivedStore, sqlShortLivedStore } from '../src/store/short-lived.ts';
import { sharedOutbox, type SharedOutbox } from '../src/login/outbox.ts';
import { createSessions, SESSION_COOKIE, type Sessions } from '../src/login/session.ts';
import { PASSWORD_SOURCE_ID, USER_CENTER_APP_ID } from '../src/store/well-known.ts';

const V1 = '/api/admin/v1';
const AUTO_FLOWS = 16;
const PHONE_FLOWS = 16;
/** Requests per flow through the proxy: auto 3 (login, QR, callback), phone 6 (+ bind page, send, verify). */
const EXPECTED_REQUESTS = AUTO_FLOWS * 3 + PHONE_FLOWS * 6;
/** Node B dies on the first request handed to it after this many: about a third into the flows. */
const KILL_AFTER_REQUESTS = Math.round(EXPECTED_REQUESTS / 3);
/** Random pause between steps, so that flows interleave on both nodes. */
const STEP_JITTER_MS = 20;
const NODE_B = 1;
/** Steps before any code is sent: a person whose flow broke there simply starts again (a code already sent would make them wait a minute). */
const RESTARTABLE_STEPS = new Set(['login page', 'QR page', 'callback', 'binding page']);

class FlowBroken extends Error {
  readonly step: string;
  constructor(step: string, failure: ProxyFailure) {
    super(`${step}: ${failure}`);
    this.step = step;
  }
}

interface Person {
  kind: 'auto' | 'phone';
  unionId: string;
  userId: string;
  /** The Portico user's mobile (E.164); the phone flow types it on the binding page. */
  mobile: string;
}

interface FlowResult {
  person: Person;
  completed: boolean;
  brokenAt?: string;
  failures: { step: string; failure: ProxyFailure }[];
  browser: Browser;
  unexpected?: unknown;
}

const jitter = () => sleep(randomInt(0, STEP_JITTER_MS));

function scenario(label: string, withRedis: boolean) {
  let proxy: RoundRobinProxy;
  let sim: Simulator;
  let nodes: ChildNode[] = [];
  let schema: string;
  let store: Store;
  let redis: Redis | undefined;
  let outbox: SharedOutbox;
  /** Reads SSO sessions from the shared store exactly as a node does. */
  let sessions: Sessions;
  let dataDirs: string[] = [];
  let sourceId: string;
  let adminToken: string;
  let databaseUrl: string;

  before(async () => {
    ({ schema, url: databaseUrl } = await createSchema(PG_URL, 'mn_'));

    sim = await startSimulator();
    proxy = await startRoundRobinProxy();
    const masterKey = randomBytes(32).toString('base64');
    const ports = [await freePort(), await freePort()];
    dataDirs = ports.map(() => mkdtempSync(path.join(tmpdir(), 'portico-mn-')));
    // Both nodes start at once on the empty schema: migrations and the first admin must not race.
    nodes = await Promise.all(
      ports.map((port, i) =>
        startChildNode(port, {
          PORTICO_DATABASE_URL: databaseUrl,
          PORTICO_MASTER_KEY: masterKey,
          PORTICO_ADMIN_PASSWORD: ADMIN_PASSWORD,
          PORTICO_PUBLIC_URL: proxy.url,
          PORTICO_TRUST_PROXY: 'true',
          PORTICO_DEMO: 'false',
          PORTICO_DATA_DIR: dataDirs[i],
          ...(withRedis ? { PORTICO_REDIS_URL: REDIS_URL } : {}),
        }),
      ),
    );
    proxy.setUpstreams(nodes.map((n) => n.url));

    store = await openStore(databaseUrl, { poolSize: 2 });
    if (withRedis) redis = new Redis(REDIS_URL);
    const shortLived = redis ? redisShortLivedStore(redis) : sqlShortLivedStore(store.db);
    outbox = sharedOutbox(shortLived);
    sessions = createSessions(shortLived, false);

    const session = await fetch(`${proxy.url}${V1}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    assert.equal(session.status, 201);
    adminToken = (await session.json()).token;
    const source = await api('POST', `${V1}/sources`, {
      type: 'dingtalk',
      name: 'DingTalk',
      config: { ...SIM_APP, endpoints: { login: sim.url, api: sim.url, oapi: sim.url }, autoBind: true, sourceAttribute: 'mobile', userAttribute: 'mobile', notAssociated: 'bind_existing' },
    });
    sourceId = source.id;
    await sim.allowRedirects([source.callbackUrl]);
    await api('PUT', `${V1}/applications/${USER_CENTER_APP_ID}/login-configuration`, { sources: [sourceId, PASSWORD_SOURCE_ID] });
  });

  after(async () => {
    for (const node of nodes) node.kill('SIGKILL');
    await Promise.all(nodes.map((n) => n.exited));
    await proxy?.close();
    await sim?.close();
    redis?.disconnect();
    await store?.close();
    await dropSchema(PG_URL, schema);
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  async function api(method: string, p: string, body: unknown) {
    const res = await fetch(proxy.url + p, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` }, body: JSON.stringify(body) });
    const json = await res.json();
    assert.ok(res.status < 300, `${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  const randomMobile = () => `139${String(randomInt(0, 1e8)).padStart(8, '0')}`;

  /** A Portico user and a DingTalk user: same mobile (auto-bind), or different ones (phone + code). */
  async function person(kind: Person['kind']): Promise<Person> {
    const tag = randomBytes(5).toString('hex');
    const mobile = randomMobile();
    const user = await api('POST', `${V1}/users`, { username: `mn${tag}`, displayName: `MN ${tag}`, mobile: `+86${mobile}` });
    const unionId = `u${tag}`;
    await sim.addUser({ unionId, userId: `user${tag}`, name: `MN ${tag}`, mobile: kind === 'auto' ? mobile : randomMobile() });
    return { kind, unionId, userId: user.id, mobile: `+86${mobile}` };
  }

  async function runFlow(p: Person, flowIndex: number, network: number): Promise<FlowResult> {
    const browser = new Browser(proxy.url);
    browser.headers['x-forwarded-for'] = `10.${network}.${flowIndex >> 8}.${flowIndex & 255}`;
    browser.headers[PROXY_TAG_HEADER] = p.unionId;
    const result: FlowResult = { person: p, completed: false, failures: [], browser };

    const step = async (name: string, idempotent: boolean, send: () => Promise<Page>) => {
      await jitter();
      let page = await send();
      const failure = page.headers.get(PROXY_FAILURE_HEADER) as ProxyFailure | null;
      if (page.status === 502 && failure) {
        result.failures.push({ step: name, failure });
        if (failure === 'reset' && !idempotent) throw new FlowBroken(name, failure);
        page = await send();
      }
      return page;
    };

    try {
      assert.equal((await step('login page', true, () => browser.get('/login?app=user-center'))).status, 200);
      const qr = await step('QR page', true, () => browser.get(`/login/dingtalk/${sourceId}?app=user-center`));
      assert.equal(qr.status, 200);
      const frame = frameUrl(qr);
      // The person scans and confirms (the simulator's test API stands in for the phone).
      const { redirectUrl } = await sim.api('POST', '/sim/api/authorize', {
        clientId: SIM_APP.appKey,
        redirectUri: frame.searchParams.get('redirect_uri'),
        state: frame.searchParams.get('state'),
        unionId: p.unionId,
      });
      const callback = await step('callback', false, () => browser.get(redirectUrl));
      assert.equal(callback.status, 303, callback.body.slice(0, 300));
      if (p.kind === 'auto') {
        assert.equal(callback.location, '/account');
      } else {
        assert.equal(callback.location, '/login/bind');
        const page = await step('binding page', true, () => browser.get('/login/bind'));
        const csrf = field(page.body, 'csrf');
        const sent = await step('send code', false, () => browser.post('/login/bind', { csrf, action: 'send', phone: p.mobile }));
        assert.equal(sent.status, 200, sent.body.slice(0, 300));
        const code = (await outbox.latestFor(p.mobile))?.code;
        assert.ok(code, 'the code was delivered through the shared outbox');
        const verified = await step('verify code', false, () => browser.post('/login/bind', { csrf, action: 'verify', phone: p.mobile, code }));
        assert.equal(verified.status, 303, verified.body.slice(0, 300));
        assert.equal(verified.location, '/account');
      }
      const token = browser.cookies.get(SESSION_COOKIE);
      assert.ok(token, 'an SSO session cookie was set');
      const session = await sessions.read({ cookies: { [SESSION_COOKIE]: token } } as Parameters<Sessions['read']>[0]);
      assert.equal(session?.session.userId, p.userId, 'the SSO session is in the shared store, for the right user');
      result.completed = true;
    } catch (error) {
      if (error instanceof FlowBroken) result.brokenAt = error.step;
      else result.unexpected = error;
    }
    return result;
  }

  test(`${label}: a node killed mid-login loses only its in-flight requests; no binding is lost or duplicated`, async (t: TestContext) => {
    const people = [
      ...(await Promise.all(Array.from({ length: AUTO_FLOWS }, () => person('auto')))),
      ...(await Promise.all(Array.from({ length: PHONE_FLOWS }, () => person('phone')))),
    ];
    const firstFlowRequest = proxy.log.length;
    let killedAt: number | undefined;
    proxy.onForward = (entry, index) => {
      if (killedAt === undefined && index - firstFlowRequest >= KILL_AFTER_REQUESTS && entry.upstream === NODE_B) {
        killedAt = index;
        nodes[NODE_B].kill('SIGKILL');
      }
    };
    const network = randomInt(0, 256);
    const results = await Promise.all(people.map((p, i) => runFlow(p, i, network)));

    assert.ok(killedAt !== undefined, 'node B was killed during the flows');
    assert.equal((await nodes[NODE_B].exited).signal, 'SIGKILL');
    const unexpected = results.filter((r) => r.unexpected);
    assert.deepEqual(unexpected.map((r) => `${r.person.kind} ${r.person.unionId}: ${String(r.unexpected)}`), [], 'no flow failed for any other reason');

    const completed = results.filter((r) => r.completed);
    const broken = results.filter((r) => r.brokenAt);
    for (const r of broken) {
      assert.ok(r.failures.some((f) => f.step === r.brokenAt && f.failure === 'reset'), 'a flow breaks only on a non-repeatable request in flight on the dead node');
    }
    for (const r of results.filter((x) => !x.failures.some((f) => f.failure === 'reset'))) {
      assert.equal(r.completed, true, `flow ${r.person.unionId} had no request on the dead node and must complete`);
    }
    const inFlightOnDead = proxy.log.filter((e) => e.failure === 'reset');
    assert.ok(inFlightOnDead.length >= 1, 'at least the request that triggered the kill was in flight on the dead node');
    assert.ok(inFlightOnDead.every((e) => e.upstream === NODE_B));
    const tagsOn = (node: number, before?: number) => new Set(proxy.log.filter((e, i) => e.upstream === node && !e.failure && (before === undefined || i < before)).map((e) => e.tag));
    const servedByBoth = completed.filter((r) => tagsOn(NODE_B, killedAt).has(r.person.unionId) && tagsOn(0).has(r.person.unionId));
    assert.ok(servedByBoth.length > 0, 'flows begun on the dead node finished on the other one');

    // Bindings after the kill: one per completed flow, to the right user; a broken flow left none or its one right binding.
    const bindings = async () => {
      const rows = await store.db.selectFrom('bindings').select(['subject', 'user_id']).where('source_id', '=', sourceId).execute();
      const bySubject = new Map(rows.map((r) => [r.subject, r.user_id]));
      assert.equal(bySubject.size, rows.length, 'at most one binding per DingTalk unionId');
      return { rows, bySubject };
    };
    const { rows, bySubject } = await bindings();
    for (const r of completed) assert.equal(bySubject.get(r.person.unionId), r.person.userId, `binding of ${r.person.unionId}`);
    const brokenButBound = broken.filter((r) => bySubject.has(r.person.unionId));
    for (const r of brokenButBound) assert.equal(bySubject.get(r.person.unionId), r.person.userId);
    assert.equal(rows.length, completed.length + brokenButBound.length, 'no binding for anyone else, none lost');

    // The people whose flow broke before a code was sent start again, now on the survivor alone, and get in.
    const restarted = await Promise.all(broken.filter((r) => RESTARTABLE_STEPS.has(r.brokenAt!)).map((r, i) => runFlow(r.person, results.length + i, network)));
    for (const r of restarted) assert.equal(r.completed, true, `restart of ${r.person.unionId}: ${String(r.unexpected ?? r.brokenAt)}`);
    const after = await bindings();
    for (const r of restarted) assert.equal(after.bySubject.get(r.person.unionId), r.person.userId);
    assert.equal(after.rows.length, rows.length + restarted.length - restarted.filter((r) => bySubject.has(r.person.unionId)).length, 'a restart binds once');
    const completedFirstTime = completed.length;
    completed.push(...restarted);

    // Sessions made on the dead node still work on the survivor: each person opens the User Center.
    for (const r of completed) {
      assert.equal((await r.browser.open('/account')).status, 200);
      const me = await r.browser.get('/api/me');
      assert.equal(me.status, 200);
      assert.equal(JSON.parse(me.body).id, r.person.userId);
    }
    assert.equal((await fetch(`${nodes[0].url}/readyz`)).status, 200);

    t.diagnostic(
      `${label}: ${results.length} flows, ${completedFirstTime} completed (${servedByBoth.length} begun on the killed node), ` +
        `${broken.length} broken [${broken.map((r) => `${r.person.kind}@${r.brokenAt}${bySubject.has(r.person.unionId) ? ' (binding committed)' : ''}`).join(', ')}], ` +
        `${restarted.length} of them restarted and completed; ` +
        `${inFlightOnDead.length} request(s) in flight on the killed node, ${proxy.log.filter((e) => e.failure === 'connect').length} refused and resent, ` +
        `${results.reduce((n, r) => n + r.failures.filter((f) => f.failure === 'reset' && f.step !== r.brokenAt).length, 0)} repeatable request(s) resent`,
    );
  });
}

describe('Two nodes on PostgreSQL', { skip: pgProblem ? `PostgreSQL unreachable at ${PG_URL}: ${pgProblem}` : false }, () => {
  scenario('PostgreSQL', false);
});

describe('Two nodes on PostgreSQL + Redis', { skip: pgProblem || redisProblem ? `PostgreSQL or Redis unreachable: ${pgProblem ?? redisProblem}` : false }, () => {
  scenario('PostgreSQL + Redis', true);
});
