/**
 * `return_to` is never an open redirect: hostile values sent to every place that accepts one (the
 * login page, password and SMS sign-in, DingTalk's QR page and callback, the phone + code binding
 * page) end on Portico's own origin, and values a header cannot carry never break the answer.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { Browser, decodeEntities, field, type Page } from './helpers/browser.ts';
import { scan, startSimulator, SIM_APP, type Simulator } from './helpers/dingtalk.ts';
import { USER_CENTER_APP_ID, PASSWORD_SOURCE_ID, SMS_SOURCE_ID } from '../src/store/well-known.ts';
import { sharedOutbox } from '../src/login/outbox.ts';

const V1 = '/api/admin/v1';
const PASSWORD = 'a long enough password';

/** Values that would leave Portico (or break a header) if passed through; each must end at /account. */
const HOSTILE = [
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '\t//evil.example',
  '//evil.example',
  '///evil.example',
  '/\\evil.example',
  '/\\/evil.example',
  '\\\\evil.example',
  '/.//evil.example',
  'https://evil.example/',
  'http://evil.example',
  '//user:pass@evil.example/',
  'javascript:alert(document.domain)',
  'evil.example',
  '/' + 'a'.repeat(5000),
];

/** Same-origin values that must survive, percent-encoded so any header carries them. */
const KEPT: [string, string][] = [
  ['/登录', '/%E7%99%BB%E5%BD%95'],
  ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
  ['/%5Cevil.example', '/%5Cevil.example'],
  ['/account?x=a b', '/account?x=a%20b'],
  ['/@evil.example', '/@evil.example'],
];

const CASES: [string, string][] = [...HOSTILE.map((v): [string, string] => [v, '/account']), ...KEPT];

describeEachDialect('return_to stays on Portico', (dialect) => {
  let node: TestNode;
  let sim: Simulator;
  let admin: string;
  let dingtalkSource: string;
  let bindSource: string;

  before(async () => {
    sim = await startSimulator();
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
    const source = async (config: Record<string, unknown>) => {
      const res = await node.api('POST', `${V1}/sources`, {
        token: admin,
        body: { type: 'dingtalk', name: `DingTalk ${randomBytes(4).toString('hex')}`, config: { ...SIM_APP, endpoints: { login: sim.url, api: sim.url, oapi: sim.url }, ...config } },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body as { id: string; callbackUrl: string };
    };
    const [auto, off] = [await source({}), await source({ autoBind: false })];
    [dingtalkSource, bindSource] = [auto.id, off.id];
    await sim.allowRedirects([auto.callbackUrl, off.callbackUrl]);
    const put = await node.api('PUT', `${V1}/applications/${USER_CENTER_APP_ID}/login-configuration`, {
      token: admin,
      body: { sources: [PASSWORD_SOURCE_ID, SMS_SOURCE_ID, dingtalkSource, bindSource] },
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
  });
  after(async () => {
    await node?.close();
    await sim?.close();
  });

  async function person() {
    const tag = randomBytes(4).toString('hex');
    const mobile = `139${String(randomInt(0, 1e8)).padStart(8, '0')}`;
    await sim.addUser({ unionId: `u${tag}`, userId: `user${tag}`, name: `DT ${tag}`, nick: `nick-${tag}`, mobile });
    const res = await node.api('POST', `${V1}/users`, { token: admin, body: { username: `p${tag}`, displayName: `Person ${tag}`, mobile, password: PASSWORD } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return { username: res.body.username as string, mobile: res.body.mobile as string, unionId: `u${tag}` };
  }

  /** The redirect lands on Portico's origin, at exactly `expected`. */
  function assertLands(res: Page, expected: string, label: string) {
    assert.equal(res.status, 303, `${label}: ${res.status} ${res.body.slice(0, 300)}`);
    const target = new URL(res.location!, node.url);
    assert.equal(target.origin, new URL(node.url).origin, `${label}: left the origin for ${res.location}`);
    assert.equal(res.location, expected, label);
  }

  test('the login page renders every value, keeping only what stays on Portico in its forms', async () => {
    for (const [value, expected] of CASES) {
      const page = await new Browser(node.url).get(`/login?${new URLSearchParams({ app: 'user-center', return_to: value })}`);
      assert.equal(page.status, 200, JSON.stringify(value));
      const kept = /name="return_to" value="([^"]*)"/.exec(page.body)?.[1];
      assert.equal(kept === undefined ? '/account' : decodeEntities(kept), expected, JSON.stringify(value));
    }
  });

  test('password sign-in: the session is made and the browser goes to Portico, never elsewhere', async () => {
    const p = await person();
    for (const [value, expected] of CASES) {
      const b = new Browser(node.url);
      const csrf = field((await b.get(`/login?app=user-center&method=${PASSWORD_SOURCE_ID}`)).body, 'csrf');
      const res = await b.post('/login/password', { app: 'user-center', csrf, username: p.username, password: PASSWORD, return_to: value });
      assertLands(res, expected, JSON.stringify(value));
      assert.ok(b.cookies.get('portico_session'), 'the session cookie survives');
    }
  });

  test('SMS sign-in: the same rule', async () => {
    // Per-phone cooldowns and the per-client limit: a handful of values, each with its own person.
    for (const [value, expected] of [CASES[0], CASES[2], CASES[6], CASES[9], KEPT[0]]) {
      const p = await person();
      const b = new Browser(node.url);
      const csrf = field((await b.get(`/login?app=user-center&method=${SMS_SOURCE_ID}`)).body, 'csrf');
      assert.equal((await b.post('/login/sms', { app: 'user-center', csrf, action: 'send', phone: p.mobile, return_to: value })).status, 200);
      const { code } = (await sharedOutbox(node.portico.ctx.shortLived).latestFor(p.mobile))!;
      assertLands(await b.post('/login/sms', { app: 'user-center', csrf, action: 'verify', phone: p.mobile, code, return_to: value }), expected, JSON.stringify(value));
    }
  });

  test('DingTalk: the value carried through the QR code and the callback, and through the phone + code binding page', async () => {
    for (const [value, expected] of [CASES[0], CASES[1], CASES[7], CASES[9], KEPT[0], KEPT[1]]) {
      // Auto-bind by mobile: the callback signs in.
      const p = await person();
      const b = new Browser(node.url);
      const q = new URLSearchParams({ app: 'user-center', return_to: value });
      const { callbackUrl } = await scan(b, sim, `/login/dingtalk/${dingtalkSource}?${q}`, p.unionId);
      assertLands(await b.get(callbackUrl!), expected, `callback ${JSON.stringify(value)}`);

      // Auto-bind off: the binding page takes over the transaction's value.
      const q2 = await person();
      const b2 = new Browser(node.url);
      const scanned = await scan(b2, sim, `/login/dingtalk/${bindSource}?${q}`, q2.unionId);
      const toBind = await b2.get(scanned.callbackUrl!);
      assert.equal(toBind.location, '/login/bind');
      const csrf = field((await b2.get('/login/bind')).body, 'csrf');
      assert.equal((await b2.post('/login/bind', { csrf, action: 'send', phone: q2.mobile })).status, 200);
      const { code } = (await sharedOutbox(node.portico.ctx.shortLived).latestFor(q2.mobile))!;
      assertLands(await b2.post('/login/bind', { csrf, action: 'verify', phone: q2.mobile, code }), expected, `bind ${JSON.stringify(value)}`);
    }
  });
});
