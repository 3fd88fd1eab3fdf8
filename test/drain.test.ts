/**
 * Graceful drain, on the real entry point (`node src/main.ts`) in a child process: on SIGTERM,
 * readiness answers 503 at once, a sign-in already in flight finishes (its binding and session are
 * written), then the process exits 0 and stops listening.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DatabaseSync } from 'node:sqlite';
import { ADMIN_PASSWORD, freePort } from './helpers/harness.ts';
import { startChildNode, type ChildNode } from './helpers/child-node.ts';
import { Browser } from './helpers/browser.ts';
import { scan, startSimulator, SIM_APP, type Simulator } from './helpers/dingtalk.ts';
import { PASSWORD_SOURCE_ID, USER_CENTER_APP_ID } from '../src/store/well-known.ts';

const V1 = '/api/admin/v1';
/** DingTalk answers the code exchange this late: the callback is still running when SIGTERM comes. */
const SLOW_DINGTALK_MS = 4000;
/** Readiness stays 503 (listener still open) this long after SIGTERM. */
const DRAIN_DELAY_MS = 2000;
const WAIT_MS = 20;

let sim: Simulator;
let node: ChildNode;
let dataDir: string;

before(async () => {
  sim = await startSimulator();
  dataDir = mkdtempSync(path.join(tmpdir(), 'portico-drain-'));
  const port = await freePort();
  node = await startChildNode(port, {
    PORTICO_DATA_DIR: dataDir,
    PORTICO_PUBLIC_URL: `http://127.0.0.1:${port}`,
    PORTICO_ADMIN_PASSWORD: ADMIN_PASSWORD,
    PORTICO_DEMO: 'false',
    PORTICO_DRAIN_DELAY_MS: String(DRAIN_DELAY_MS),
  });
});
after(async () => {
  node?.kill('SIGKILL');
  await node?.exited;
  await sim?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function json(method: string, url: string, body?: unknown, token?: string) {
  const res = await fetch(url, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

test('on SIGTERM readiness turns 503, the in-flight sign-in completes, and the process exits 0', async () => {
  const token = (await json('POST', `${node.url}${V1}/session`, { username: 'admin', password: ADMIN_PASSWORD })).body.token as string;
  const source = await json('POST', `${node.url}${V1}/sources`, { type: 'dingtalk', name: 'DingTalk', config: { ...SIM_APP, endpoints: { login: sim.url, api: sim.url, oapi: sim.url } } }, token);
  assert.equal(source.status, 201);
  await sim.allowRedirects([source.body.callbackUrl]);
  assert.equal((await json('PUT', `${node.url}${V1}/applications/${USER_CENTER_APP_ID}/login-configuration`, { sources: [source.body.id, PASSWORD_SOURCE_ID] }, token)).status, 200);
  const mobile = `139${String(randomInt(0, 1e8)).padStart(8, '0')}`;
  const user = await json('POST', `${node.url}${V1}/users`, { username: `d${randomBytes(3).toString('hex')}`, displayName: 'Draining', mobile: `+86${mobile}` }, token);
  assert.equal(user.status, 201);
  const unionId = `u${randomBytes(4).toString('hex')}`;
  await sim.addUser({ unionId, userId: `user${unionId}`, name: 'Draining', mobile });

  const browser = new Browser(node.url);
  const { callbackUrl } = await scan(browser, sim, `/login/dingtalk/${source.body.id}?app=user-center`, unionId);
  const fault = await sim.api('POST', '/sim/api/faults', { pathPrefix: '/v1.0/oauth2/userAccessToken', delayMs: SLOW_DINGTALK_MS, times: 1 });
  const inFlight = browser.get(callbackUrl!);
  // Wait until Portico's code exchange has reached DingTalk: the request is now in flight on the node.
  while ((await sim.api('GET', '/sim/api/faults')).some((f: { id: string; remaining: number }) => f.id === fault.id && f.remaining > 0)) await sleep(WAIT_MS);

  const signalled = Date.now();
  node.kill('SIGTERM');
  await sleep(WAIT_MS);
  const ready = await json('GET', `${node.url}/readyz`);
  assert.ok(Date.now() - signalled < DRAIN_DELAY_MS, 'asked within the drain delay');
  assert.equal(ready.status, 503);
  assert.equal(ready.body.status, 'draining');

  const callback = await inFlight;
  assert.equal(callback.status, 303, callback.body.slice(0, 300));
  assert.equal(callback.location, '/account', 'the sign-in that was in flight finished');
  assert.ok(browser.cookies.has('portico_session'));

  const exit = await node.exited;
  assert.deepEqual(exit, { code: 0, signal: null }, node.output());
  await assert.rejects(fetch(`${node.url}/healthz`), 'no longer listening');

  const db = new DatabaseSync(path.join(dataDir, 'portico.sqlite'), { readOnly: true });
  try {
    const rows = db.prepare('select user_id from bindings where subject = ?').all(unionId);
    assert.deepEqual(rows.map((r) => r.user_id), [user.body.id], 'the binding made during the drain was committed');
  } finally {
    db.close();
  }
});
