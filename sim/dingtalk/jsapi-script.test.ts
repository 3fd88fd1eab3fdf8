// GET /jsapi/dingtalk.open.js run in a VM the way a page loads it: dd.env.platform from the user agent,
// dd.ready, and requestAuthCode's fetch to the script's own origin with the client cookie.
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CLIENT_COOKIE } from './client-session.ts';
import { EXAMPLE_DINGTALK_UA } from './pages/workbench.ts';
import { DEMO, appTokenFor, json, postJson, startSim, type Running } from './test-support.ts';

const UA = {
  chrome: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
  iphone: EXAMPLE_DINGTALK_UA,
  android: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36 AliApp(DingTalk/7.6.0)',
  windows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 DingTalk(7.6.0) nw',
  mac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 (KHTML, like Gecko) DingTalk(7.6.0) Chrome/124.0 Safari/537.36',
};

interface Fetched { url: string; init: RequestInit }

interface Dd {
  env: { platform: string };
  ready(fn: () => void): void;
  error(fn: (e: unknown) => void): void;
  runtime: { permission: { requestAuthCode(o: { corpId?: string; onSuccess?: (r: unknown) => void; onFail?: (e: unknown) => void }): void } };
}

/** Loads the script as a page at `pageOrigin` would, from `scriptSrc`; fetches go to the simulator with the given cookie. */
function load(source: string, o: { userAgent: string; scriptSrc: string; simBase: string; cookie?: string }): { dd: Dd; fetched: Fetched[] } {
  const fetched: Fetched[] = [];
  const window: Record<string, unknown> = { navigator: { userAgent: o.userAgent } };
  vm.runInNewContext(source, {
    window,
    document: { currentScript: { src: o.scriptSrc } },
    URL,
    setTimeout,
    JSON,
    String,
    fetch: (url: string, init: RequestInit) => {
      fetched.push({ url, init });
      // The browser sends the simulator's cookie because the request is credentialed and same-site.
      const path = new URL(url).pathname;
      const headers = { ...(init.headers as Record<string, string>), ...(o.cookie ? { cookie: `${CLIENT_COOKIE}=${o.cookie}` } : {}) };
      return fetch(`${o.simBase}${path}`, { ...init, headers });
    },
  });
  return { dd: window.dd as Dd, fetched };
}

const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

function requestCode(dd: Dd, corpId: string): Promise<{ ok: true; value: unknown } | { ok: false; value: unknown }> {
  return new Promise((resolve) => dd.runtime.permission.requestAuthCode({
    corpId, onSuccess: (value) => resolve({ ok: true, value: plain(value) }), onFail: (value) => resolve({ ok: false, value: plain(value) }),
  }));
}

describe('the JSAPI script', () => {
  let r: Running;
  let source: string;
  before(async () => {
    r = await startSim();
    source = await (await fetch(`${r.base}/jsapi/dingtalk.open.js`)).text();
  });
  after(async () => { await r.close(); });
  beforeEach(() => r.sim.state.reset());

  const page = (userAgent: string, cookie?: string) =>
    load(source, { userAgent, cookie, scriptSrc: 'https://sim.example:8443/jsapi/dingtalk.open.js', simBase: r.base });

  it('is served as cacheable JavaScript', async () => {
    const res = await fetch(`${r.base}/jsapi/dingtalk.open.js`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/javascript; charset=utf-8');
    assert.match(res.headers.get('cache-control') ?? '', /^public, max-age=\d+$/);
  });

  it("sets dd.env.platform from the user agent: notInDingTalk, ios, android, pc (Windows and Mac)", () => {
    assert.equal(page(UA.chrome).dd.env.platform, 'notInDingTalk');
    assert.equal(page(UA.iphone).dd.env.platform, 'ios');
    assert.equal(page(UA.android).dd.env.platform, 'android');
    assert.equal(page(UA.windows).dd.env.platform, 'pc');
    assert.equal(page(UA.mac).dd.env.platform, 'pc');
  });

  it('dd.ready calls its function once the script has loaded', async () => {
    const { dd } = page(UA.iphone);
    const called = await new Promise<boolean>((resolve) => { dd.ready(() => resolve(true)); setTimeout(() => resolve(false), 1000); });
    assert.equal(called, true);
  });

  it("inside DingTalk, requestAuthCode POSTs {corpId} with credentials to the script's own origin and hands over a working code", async () => {
    const { dd, fetched } = page(UA.android, DEMO.zhangsan);
    const result = await requestCode(dd, DEMO.corpId);
    assert.equal(result.ok, true);
    assert.deepEqual(fetched.map((f) => [f.url, f.init.method, f.init.credentials, plain(f.init.headers), f.init.body]), [[
      'https://sim.example:8443/jsapi/auth-code', 'POST', 'include', { 'content-type': 'application/json' }, JSON.stringify({ corpId: DEMO.corpId }),
    ]]);
    const { code } = result.value as { code: string };
    const token = await appTokenFor(r.base);
    const info = await json(await postJson(`${r.base}/topapi/v2/user/getuserinfo?access_token=${token}`, { code }));
    assert.equal(info.result.userid, 'zhangsan');
  });

  it("calls onFail with {errorCode, errorMessage}: '3' when nobody is signed in, and for another organisation", async () => {
    assert.deepEqual(await requestCode(page(UA.iphone).dd, DEMO.corpId), {
      ok: false, value: { errorCode: '3', errorMessage: 'nobody is signed in to the DingTalk client' },
    });
    const other = await requestCode(page(UA.iphone, DEMO.zhangsan).dd, 'dingothercorp');
    assert.equal(other.ok, false);
    assert.match((other.value as { errorMessage: string }).errorMessage, /organisation/);
  });

  it('outside DingTalk, requestAuthCode fails without asking anyone', async () => {
    const { dd, fetched } = page(UA.chrome, DEMO.zhangsan);
    const result = await requestCode(dd, DEMO.corpId);
    assert.equal(result.ok, false);
    assert.equal((result.value as { errorCode: string }).errorCode, '-1');
    assert.equal(fetched.length, 0);
  });

  it('a failing code endpoint (injected fault) reaches onFail, not onSuccess', async () => {
    await postJson(`${r.base}/sim/api/faults`, { pathPrefix: '/jsapi/auth-code', status: 503 });
    const result = await requestCode(page(UA.iphone, DEMO.zhangsan).dd, DEMO.corpId);
    assert.deepEqual(result, { ok: false, value: { errorCode: '-1', errorMessage: 'requestAuthCode failed' } });
  });
});
