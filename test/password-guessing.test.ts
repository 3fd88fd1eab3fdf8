/**
 * Guessing passwords, as an attacker would and as the owner lives with it: the guessing client is
 * slowed, the owner elsewhere never locked out, and nothing tells known names from unknown ones.
 * Clients are told apart by address (behind a trusted proxy, X-Forwarded-For).
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ADMIN_PASSWORD, describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { Browser, field } from './helpers/browser.ts';
import { PASSWORD_SOURCE_ID, USER_CENTER_APP_ID } from '../src/store/well-known.ts';
import { PASSWORD_FAILURE_CEILING, PASSWORD_FREE_TRIES } from '../src/login/password-throttle.ts';

const V1 = '/api/admin/v1';
const PASSWORD = 'a long enough password';

let clients = 0;
/** A client address of its own. */
const newClient = () => `198.18.${Math.floor(++clients / 250)}.${(clients % 250) + 1}`;

describeEachDialect('Password guessing', (dialect) => {
  let node: TestNode;
  let admin: string;
  before(async () => {
    node = await startNode(dialect, { PORTICO_TRUST_PROXY: 'true' });
    admin = await node.tokenFor('super_admin');
    const put = await node.api('PUT', `${V1}/applications/${USER_CENTER_APP_ID}/login-configuration`, { token: admin, body: { sources: [PASSWORD_SOURCE_ID] } });
    assert.equal(put.status, 200);
  });
  after(() => node?.close());

  const adminSignIn = (client: string, username: string, password: string) =>
    node.api('POST', `${V1}/session`, { body: { username, password }, headers: { 'x-forwarded-for': client } });

  async function pageSignIn(client: string, username: string, password: string) {
    const b = new Browser(node.url);
    b.headers['x-forwarded-for'] = client;
    const page = await b.get(`/login?app=user-center&method=${PASSWORD_SOURCE_ID}`);
    return b.post('/login/password', { app: 'user-center', csrf: field(page.body, 'csrf'), username, password });
  }

  async function user() {
    const tag = randomBytes(4).toString('hex');
    const res = await node.api('POST', `${V1}/users`, { token: admin, body: { username: `g${tag}`, displayName: `Guessed ${tag}`, password: PASSWORD } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.username as string;
  }

  test('an anonymous guesser cannot keep the first super admin out', async () => {
    const attacker = newClient();
    const answers = [];
    for (let i = 0; i < 30; i++) answers.push((await adminSignIn(attacker, 'admin', `guess ${i}`)).status);
    assert.deepEqual(answers.slice(0, PASSWORD_FREE_TRIES), Array(PASSWORD_FREE_TRIES).fill(401));
    assert.ok(answers.slice(PASSWORD_FREE_TRIES).every((s) => s === 429), 'the guessing client waits');
    const owner = await adminSignIn(newClient(), 'admin', ADMIN_PASSWORD);
    assert.equal(owner.status, 201, 'the right password from the owner\'s own client works at once');
  });

  test('on the login page too: the guesser waits, the owner signs in', async () => {
    const name = await user();
    const attacker = newClient();
    for (let i = 0; i < PASSWORD_FREE_TRIES; i++) assert.equal((await pageSignIn(attacker, name, 'wrong')).status, 401);
    assert.equal((await pageSignIn(attacker, name, PASSWORD)).status, 429, 'even the right password waits on the guessing client');
    assert.equal((await pageSignIn(newClient(), name, PASSWORD)).status, 303);
  });

  test('a client that waits out its delay may try again', async () => {
    const name = await user();
    const client = newClient();
    for (let i = 0; i < PASSWORD_FREE_TRIES; i++) await pageSignIn(client, name, 'wrong');
    const waiting = await pageSignIn(client, name, PASSWORD);
    assert.equal(waiting.status, 429);
    await sleep(Number(waiting.headers.get('retry-after')) * 1000 + 100);
    assert.equal((await pageSignIn(client, name, PASSWORD)).status, 303);
  });

  test('past the ceiling of wrong passwords on a name, every client is slowed from its first wrong try, and nobody is locked out', async () => {
    const name = await user();
    for (let i = 0; i < PASSWORD_FAILURE_CEILING; i += PASSWORD_FREE_TRIES) {
      const bot = newClient();
      for (let j = 0; j < PASSWORD_FREE_TRIES; j++) await pageSignIn(bot, name, `bot guess ${i + j}`);
    }
    const late = newClient();
    assert.equal((await pageSignIn(late, name, 'one more guess')).status, 401);
    assert.equal((await pageSignIn(late, name, 'and another')).status, 429, 'no free tries left past the ceiling');
    assert.equal((await pageSignIn(newClient(), name, PASSWORD)).status, 303, 'the owner still signs in');
  });

  test('known and unknown names answer alike: the same pages, statuses and codes, try after try', async () => {
    const name = await user();
    const sequence = async (username: string) => {
      const client = newClient();
      const out = [];
      for (let i = 0; i <= PASSWORD_FREE_TRIES; i++) {
        const res = await pageSignIn(client, username, 'wrong');
        out.push({ status: res.status, retryAfter: res.headers.get('retry-after'), body: res.body.replace(/value="[^"]*"/g, '').replaceAll(username, '<name>') });
      }
      return out;
    };
    assert.deepEqual(await sequence(`nobody-${randomBytes(4).toString('hex')}`), await sequence(name));

    const apiSequence = async (username: string) => {
      const client = newClient();
      const out = [];
      for (let i = 0; i <= PASSWORD_FREE_TRIES; i++) {
        const { status, headers, body } = await adminSignIn(client, username, 'wrong');
        out.push({ status, retryAfter: headers.get('retry-after'), body: { ...body, requestId: undefined } });
      }
      return out;
    };
    assert.deepEqual(await apiSequence(`nobody-${randomBytes(4).toString('hex')}`), await apiSequence('admin'));
  });

  test('known and unknown names take about the same time to refuse', async () => {
    const name = await user();
    const median = async (username: string) => {
      const times = [];
      for (let i = 0; i < 4; i++) {
        const started = performance.now();
        await adminSignIn(newClient(), username, 'wrong');
        await pageSignIn(newClient(), username === 'admin' ? name : username, 'wrong');
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[2];
    };
    const [known, unknown] = [await median('admin'), await median(`nobody-${randomBytes(4).toString('hex')}`)];
    // Both check a password hash (a decoy for the unknown name); without that, the unknown name answers ~10× sooner.
    assert.ok(unknown > known / 3, `known ${known.toFixed(1)} ms, unknown ${unknown.toFixed(1)} ms`);
  });
});
