/**
 * PORTICO_WORKERS=2 on the real entry point (`node src/main.ts`, a child process), on SQLite (in demo
 * mode: its helpers must run once) and on PostgreSQL. The workers share the port through node:cluster
 * and the store as two machines would.
 *
 * - Requests are answered by both workers (GET /metrics, merged by the primary, counts each worker's).
 * - People bind and unbind at once from every worker: phone + code bindings (three wrong codes sent at
 *   once, each counted: the answers say 4, 3 and 2 tries left; then the right code twice at once: one
 *   binds, the other finds the code used), then unbinding in the User Center and through the
 *   Enterprise Center API, and binding again from the User Center, twice over. Afterwards the store
 *   holds every write (one binding per person, an audit event per bind and unbind), no answer was a 5xx
 *   and no worker logged an error (SQLITE_BUSY never surfaces).
 * - A worker killed with SIGKILL is replaced by the primary while requests go on being answered.
 * - SIGTERM to the primary: every worker drains, and the primary exits 0.
 */
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ADMIN_PASSWORD, freePort, pgProblem, PG_URL } from './helpers/harness.ts';
import { startChildNode, type ChildNode } from './helpers/child-node.ts';
import { createSchema, dropSchema } from './helpers/pg-schema.ts';
import { Browser, field, type Page } from './helpers/browser.ts';
import { scan, startSimulator, SIM_APP, type Simulator } from './helpers/dingtalk.ts';
import { parsePrometheus, valueOf } from './helpers/prometheus.ts';
import { openStore, type Store } from '../src/store/database.ts';
import { sqlShortLivedStore } from '../src/store/short-lived.ts';
import { sharedOutbox, type SharedOutbox } from '../src/login/outbox.ts';
import { PASSWORD_SOURCE_ID, SMS_SOURCE_ID, USER_CENTER_APP_ID } from '../src/store/well-known.ts';

const V1 = '/api/admin/v1';
const WORKERS = 2;
/** People binding and unbinding at once. */
const PEOPLE = 16;
/** Each person then unbinds and binds again this many times in each of the two ways. */
const ROUNDS = 2;
const WRONG_CODES_AT_ONCE = 3;
/** Browsers submitting the same right SMS sign-in code at once. */
const SAME_CODE_AT_ONCE = 3;
const OTP_MAX_ATTEMPTS = 5;
/** Requests begun this soon after the SIGKILL may have gone to the dying worker (before the primary notices). */
const KILL_WINDOW_MS = 500;
/** How long requests keep going after the kill. */
const AFTER_KILL_MS = 3000;

interface Person {
  tag: string;
  unionId: string;
  userId: string;
  /** The Portico user's mobile (E.164): where the binding code goes. */
  mobile: string;
  /** A second user of theirs, who signs in with an SMS code (a phone gets one code a minute). */
  sms: { userId: string; mobile: string };
}

/** The ids of a process's children (the primary's workers), from /proc. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (ppid) follows the command name's closing parenthesis and the state.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out.sort((a, b) => a - b);
}

/** A GET on a connection of its own (no keep-alive): node:cluster hands each new connection to a worker in turn. */
function getFresh(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers: { ...headers, connection: 'close' }, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

function scenario(label: string, dialect: 'sqlite' | 'postgres') {
  let sim: Simulator;
  let node: ChildNode;
  let url: string;
  let store: Store;
  let outbox: SharedOutbox;
  let dataDir: string;
  let schema: string | undefined;
  let sourceId: string;
  let adminToken: string;
  let log = '';
  const statuses: { what: string; status: number }[] = [];
  const demoPorts = { sim: 0, app: 0, cas: 0 };

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'portico-workers-'));
    let databaseUrl = `sqlite:${path.join(dataDir, 'portico.sqlite')}`;
    if (dialect === 'postgres') ({ schema, url: databaseUrl } = await createSchema(PG_URL, 'mn_'));
    sim = await startSimulator();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    Object.assign(demoPorts, { sim: await freePort(), app: await freePort(), cas: await freePort() });
    node = await startChildNode(
      port,
      {
        PORTICO_WORKERS: String(WORKERS),
        PORTICO_DATABASE_URL: databaseUrl,
        PORTICO_DATA_DIR: dataDir,
        PORTICO_PUBLIC_URL: url,
        PORTICO_ADMIN_PASSWORD: ADMIN_PASSWORD,
        // Every person comes from an address of their own (x-forwarded-for): the per-address code limit is not under test.
        PORTICO_TRUST_PROXY: 'true',
        PORTICO_DEMO: dialect === 'sqlite' ? 'true' : 'false',
        PORTICO_SIM_PORT: String(demoPorts.sim),
        PORTICO_DEMO_APP_PORT: String(demoPorts.app),
        PORTICO_DEMO_CAS_PORT: String(demoPorts.cas),
      },
      { onOutput: (chunk) => (log += chunk.toString()) },
    );
    store = await openStore(databaseUrl, { poolSize: 2 });
    outbox = sharedOutbox(sqlShortLivedStore(store.db));

    const session = await fetch(`${url}${V1}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    assert.equal(session.status, 201);
    adminToken = (await session.json()).token;
    const source = await api('POST', `${V1}/sources`, {
      type: 'dingtalk',
      name: 'DingTalk',
      config: { ...SIM_APP, endpoints: { login: sim.url, api: sim.url, oapi: sim.url }, autoBind: false, notAssociated: 'bind_existing' },
    });
    sourceId = source.id;
    await sim.allowRedirects([source.callbackUrl]);
    await api('PUT', `${V1}/applications/${USER_CENTER_APP_ID}/login-configuration`, { sources: [sourceId, PASSWORD_SOURCE_ID, SMS_SOURCE_ID] });
  });

  after(async () => {
    node?.kill('SIGKILL');
    await node?.exited;
    await sim?.close();
    await store?.close();
    if (schema) await dropSchema(PG_URL, schema);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function api(method: string, p: string, body?: unknown) {
    const res = await fetch(url + p, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), authorization: `Bearer ${adminToken}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    statuses.push({ what: `${method} ${p}`, status: res.status });
    const text = await res.text();
    assert.ok(res.status < 300, `${method} ${p}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  const metrics = async () => {
    const res = await fetch(`${url}/metrics`);
    assert.equal(res.status, 200);
    return parsePrometheus(await res.text());
  };

  const randomMobile = () => `139${String(randomInt(0, 1e8)).padStart(8, '0')}`;

  async function person(): Promise<Person> {
    const tag = randomBytes(5).toString('hex');
    const mobile = randomMobile();
    const user = await api('POST', `${V1}/users`, { username: `wk${tag}`, displayName: `WK ${tag}`, mobile: `+86${mobile}` });
    // A DingTalk account whose mobile is not the user's: the first sign-in asks for phone + code.
    await sim.addUser({ unionId: `u${tag}`, userId: `user${tag}`, name: `WK ${tag}`, mobile: randomMobile() });
    const smsMobile = randomMobile();
    const smsUser = await api('POST', `${V1}/users`, { username: `wks${tag}`, displayName: `WK SMS ${tag}`, mobile: `+86${smsMobile}` });
    return { tag, unionId: `u${tag}`, userId: user.id, mobile: `+86${mobile}`, sms: { userId: smsUser.id, mobile: `+86${smsMobile}` } };
  }

  /** Every answer is recorded (none may be a 5xx). */
  const seen = (what: string, page: Page) => {
    statuses.push({ what, status: page.status });
    return page;
  };

  async function bindWithCode(p: Person, browser: Browser) {
    const { callbackUrl } = await scan(browser, sim, `/login/dingtalk/${sourceId}?app=user-center`, p.unionId);
    const callback = seen('callback', await browser.get(callbackUrl!));
    assert.equal(callback.location, '/login/bind', callback.body.slice(0, 300));
    const csrf = field(seen('bind page', await browser.get('/login/bind')).body, 'csrf');
    const sent = seen('send code', await browser.post('/login/bind', { csrf, action: 'send', phone: p.mobile }));
    assert.equal(sent.status, 200, sent.body.slice(0, 300));
    const code = (await outbox.latestFor(p.mobile))?.code;
    assert.ok(code, 'the code is in the shared outbox');
    const wrong = String((Number(code) + 1) % 1e6).padStart(6, '0');

    // Wrong codes at once, on whichever workers: each try is counted.
    const tries = await Promise.all(Array.from({ length: WRONG_CODES_AT_ONCE }, () => browser.post('/login/bind', { csrf, action: 'verify', phone: p.mobile, code: wrong })));
    const left = tries.map((page) => Number(/Wrong code\. (\d+) tries left\./.exec(seen('wrong code', page).body)?.[1])).sort();
    const expected = Array.from({ length: WRONG_CODES_AT_ONCE }, (_, i) => OTP_MAX_ATTEMPTS - WRONG_CODES_AT_ONCE + i).sort();
    assert.deepEqual(left, expected, 'every wrong try counted once (no lost increment)');

    // The right code twice at once: used once.
    const both = await Promise.all([0, 1].map(() => browser.post('/login/bind', { csrf, action: 'verify', phone: p.mobile, code })));
    for (const page of both) seen('right code', page);
    const bound = both.filter((page) => page.status === 303 && page.location === '/account');
    assert.equal(bound.length, 1, `one submission binds: ${both.map((page) => page.status).join(', ')}`);
    // The other finds the code used, or (when the first had finished) the binding page used.
    const other = both.find((page) => page !== bound[0])!;
    assert.match(other.body, /The code expired or was already used|This binding page expired/);
  }

  /** An SMS sign-in code submitted by several browsers at once signs exactly one in: the code is the only guard. */
  async function smsSignIn(p: Person, flow: number) {
    const browsers = Array.from({ length: SAME_CODE_AT_ONCE }, () => new Browser(url));
    const forms = await Promise.all(
      browsers.map(async (b) => {
        b.headers['x-forwarded-for'] = `10.78.${flow >> 8}.${flow & 255}`;
        return { app: 'user-center', csrf: field(seen('login page', await b.get(`/login?app=user-center&method=${SMS_SOURCE_ID}`)).body, 'csrf'), phone: p.sms.mobile };
      }),
    );
    const sent = seen('send SMS code', await browsers[0].post('/login/sms', { ...forms[0], action: 'send' }));
    assert.equal(sent.status, 200, sent.body.slice(0, 300));
    const code = (await outbox.latestFor(p.sms.mobile))?.code;
    assert.ok(code);
    const answers = await Promise.all(browsers.map((b, i) => b.post('/login/sms', { ...forms[i], action: 'verify', code })));
    for (const page of answers) seen('SMS code', page);
    const signedIn = answers.filter((page) => page.status === 303);
    assert.equal(signedIn.length, 1, `one browser signs in with the code: ${answers.map((page) => page.status).join(', ')}`);
    for (const page of answers.filter((x) => x.status !== 303)) assert.match(page.body, /The code expired or was already used/);
  }

  async function bindingId(p: Person) {
    const { items } = await api('GET', `${V1}/bindings?userId=${p.userId}&sourceId=${sourceId}`);
    assert.equal(items.length, 1);
    return items[0].id as string;
  }

  async function link(p: Person, browser: Browser) {
    const { callbackUrl } = await scan(browser, sim, `/login/dingtalk/${sourceId}/link`, p.unionId);
    const done = seen('link callback', await browser.get(callbackUrl!));
    assert.equal(done.status, 303, done.body.slice(0, 300));
    assert.equal(done.location, '/account');
  }

  async function hammer(p: Person, flow: number) {
    const browser = new Browser(url);
    browser.headers['x-forwarded-for'] = `10.77.${flow >> 8}.${flow & 255}`;
    await Promise.all([bindWithCode(p, browser), smsSignIn(p, flow)]);
    // Into the User Center (its own sign-in, through Portico's SSO), whose API unbinds.
    assert.equal(seen('User Center', await browser.open('/account')).status, 200);
    for (let round = 0; round < ROUNDS; round++) {
      const res = seen('unbind (User Center)', await browser.request('DELETE', `/api/me/bindings/${await bindingId(p)}`));
      assert.equal(res.status, 204, res.body);
      await link(p, browser);
      await api('DELETE', `${V1}/bindings/${await bindingId(p)}`);
      await link(p, browser);
    }
  }

  test(`${label}: ${WORKERS} workers answer; binds, unbinds and codes from all of them at once lose nothing`, async (t: TestContext) => {
    const people = await Promise.all(Array.from({ length: PEOPLE }, () => person()));
    const started = Date.now();
    await Promise.all(people.map((p, i) => hammer(p, i)));
    const took = Date.now() - started;

    const fives = statuses.filter((s) => s.status >= 500);
    assert.deepEqual(fives, [], 'no 5xx');
    const rows = await store.db.selectFrom('bindings').select(['subject', 'user_id']).where('source_id', '=', sourceId).execute();
    assert.equal(rows.length, PEOPLE, 'one binding per person, none lost, none doubled');
    const bySubject = new Map(rows.map((r) => [r.subject, r.user_id]));
    for (const p of people) assert.equal(bySubject.get(p.unionId), p.userId);
    const audit = async (action: string) =>
      Number((await store.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).where('action', '=', action).executeTakeFirstOrThrow()).n);
    assert.equal(await audit('binding.delete'), PEOPLE * ROUNDS * 2, 'an audit event per unbind');
    assert.equal(await audit('binding.create'), PEOPLE * ROUNDS * 2, 'an audit event per bind from the User Center');
    const bindsByCode = await store.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('action', '=', 'login.dingtalk.bind')
      .where('outcome', '=', 'success')
      .executeTakeFirstOrThrow();
    assert.equal(Number(bindsByCode.n), PEOPLE, 'one successful phone + code binding per person');
    const smsSignIns = await store.db
      .selectFrom('audit_events')
      .select(['target_id', 'actor_id'])
      .where('action', '=', 'login.sms')
      .where('outcome', '=', 'success')
      .execute();
    assert.equal(smsSignIns.length, PEOPLE, 'one SMS sign-in per code');

    const samples = await metrics();
    const perWorker = samples.filter((s) => s.name === 'portico_worker_requests_total');
    assert.equal(perWorker.length, WORKERS);
    for (const s of perWorker) assert.ok(s.value > statuses.length / 20, `worker ${s.labels.worker} answered its share: ${s.value}`);
    assert.equal(valueOf(samples, 'portico_workers'), WORKERS);
    const answered = samples.filter((s) => s.name === 'portico_http_request_duration_seconds_count').reduce((n, s) => n + s.value, 0);
    assert.ok(answered >= statuses.length, `the merged histogram counts every worker's requests (${answered} ≥ ${statuses.length})`);
    assert.doesNotMatch(log, /SQLITE_BUSY|database is locked|"level":50/, 'no worker logged an error');
    t.diagnostic(`${label}: ${PEOPLE} people, ${statuses.length} requests in ${took} ms; per worker ${perWorker.map((s) => `${s.labels.worker}: ${s.value}`).join(', ')}`);
  });

  if (dialect === 'sqlite') {
    test(`${label}: demo mode's helpers and the first admin's banner run once, in the primary`, async () => {
      assert.equal(log.match(/Portico is running at/g)?.length, 1, log);
      assert.equal(log.match(/First super admin created/g)?.length, 1);
      assert.equal((await fetch(`http://127.0.0.1:${demoPorts.sim}/sim/api/world`)).status, 200, 'the simulator');
      assert.equal((await fetch(`http://127.0.0.1:${demoPorts.app}/`)).status, 200, 'the demo app');
      assert.ok((await fetch(`http://127.0.0.1:${demoPorts.cas}/`, { redirect: 'manual' })).status < 400, 'the demo CAS client');
      // The dev outbox page shows codes whichever worker sent them (every worker answers it in turn).
      for (let i = 0; i < WORKERS; i++) assert.equal(await getFresh(`${url}/dev/sms`), 200);
    });
  }

  test(`${label}: a worker killed with SIGKILL is replaced while requests go on`, async (t: TestContext) => {
    const workers = childrenOf(node.pid);
    assert.equal(workers.length, WORKERS, `the primary's children: ${workers.join(', ')}`);
    const restartsBefore = valueOf(await metrics(), 'portico_worker_restarts_total');
    const results: { at: number; ok: boolean; why?: string }[] = [];
    let killedAt = 0;
    let going = true;
    const loops = Array.from({ length: 4 }, async () => {
      while (going) {
        const at = Date.now();
        try {
          const status = await getFresh(`${url}/readyz`);
          results.push({ at, ok: status === 200, why: String(status) });
        } catch (error) {
          results.push({ at, ok: false, why: String(error) });
        }
      }
    });
    await sleep(300);
    killedAt = Date.now();
    process.kill(workers[0], 'SIGKILL');
    await sleep(AFTER_KILL_MS);
    going = false;
    await Promise.all(loops);

    const late = results.filter((r) => r.at >= killedAt + KILL_WINDOW_MS);
    assert.ok(late.length > 20, `requests went on after the kill (${late.length})`);
    assert.deepEqual(late.filter((r) => !r.ok).map((r) => r.why), [], 'every request begun after the kill was answered');
    // Only requests in flight on the dying worker, or handed to it as it died, may fail (reset, or left unanswered).
    const failed = results.filter((r) => !r.ok);
    assert.ok(failed.every((r) => r.at < killedAt + KILL_WINDOW_MS && !/^\d+$/.test(r.why!)), `failures only around the kill: ${JSON.stringify(failed.map((r) => ({ ...r, at: r.at - killedAt })))}`);

    // The replacement: a new child, counted, serving.
    let now = childrenOf(node.pid);
    for (let i = 0; i < 50 && (now.length < WORKERS || now.includes(workers[0])); i++) {
      await sleep(100);
      now = childrenOf(node.pid);
    }
    assert.equal(now.length, WORKERS);
    assert.ok(!now.includes(workers[0]) && now.includes(workers[1]), `replaced: ${workers.join(', ')} → ${now.join(', ')}`);
    let samples = await metrics();
    for (let i = 0; i < 50 && valueOf(samples, 'portico_workers') < WORKERS; i++) {
      await sleep(100);
      samples = await metrics();
    }
    assert.equal(valueOf(samples, 'portico_workers'), WORKERS);
    assert.equal(valueOf(samples, 'portico_worker_restarts_total'), restartsBefore + 1);
    assert.match(log, /worker \d \(pid \d+\) exited unexpectedly \(signal SIGKILL\): replacing it in \d+ ms/);
    for (let i = 0; i < 4 * WORKERS; i++) assert.equal(await getFresh(`${url}/readyz`), 200);
    const served = (await metrics()).filter((s) => s.name === 'portico_worker_requests_total');
    assert.ok(served.every((s) => s.value > 0), `the replacement serves too: ${served.map((s) => `${s.labels.worker}: ${s.value}`).join(', ')}`);
    t.diagnostic(`${label}: ${results.length} requests around the kill, ${failed.length} failed (${failed.map((r) => `${r.why} begun ${r.at - killedAt} ms after the kill`).join('; ')})`);
  });

  test(`${label}: SIGTERM to the primary drains every worker and exits 0`, async () => {
    const workers = childrenOf(node.pid);
    node.kill('SIGTERM');
    assert.deepEqual(await node.exited, { code: 0, signal: null }, log.slice(-3000));
    for (const pid of workers) assert.throws(() => process.kill(pid, 0), 'the worker is gone');
    await assert.rejects(fetch(`${url}/healthz`), 'nothing listens any more');
    if (dialect === 'sqlite') await assert.rejects(fetch(`http://127.0.0.1:${demoPorts.sim}/sim/api/world`), 'the demo helpers closed too');
  });
}

describe('PORTICO_WORKERS=2 on SQLite', () => {
  scenario('SQLite', 'sqlite');
});

describe('PORTICO_WORKERS=2 on PostgreSQL', { skip: pgProblem ? `PostgreSQL unreachable at ${PG_URL}: ${pgProblem}` : false }, () => {
  scenario('PostgreSQL', 'postgres');
});
