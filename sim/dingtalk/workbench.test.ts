// The simulated DingTalk client's workbench: signing in to the client (the sim_dt_client cookie), the
// organisation's micro-apps as tiles opening their mobile or PC homepage, and the test API that registers them.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CLIENT_COOKIE } from './client-session.ts';
import { EXAMPLE_DINGTALK_UA } from './pages/workbench.ts';
import { DEMO, json, postJson, startSim, type Running } from './test-support.ts';

const PC_DINGTALK_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 DingTalk(7.6.0) nw';
const MAC_DINGTALK_UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 (KHTML, like Gecko) DingTalk(7.6.0) Chrome/124.0 Safari/537.36';

describe('the workbench page', () => {
  let r: Running;
  before(async () => { r = await startSim(); });
  after(async () => { await r.close(); });
  beforeEach(() => r.sim.state.reset());

  const open = async (o: { as?: string; ua?: string } = {}) => {
    const headers: Record<string, string> = { 'user-agent': o.ua ?? EXAMPLE_DINGTALK_UA };
    if (o.as) headers.cookie = `${CLIENT_COOKIE}=${o.as}`;
    const res = await fetch(`${r.base}/workbench`, { headers });
    assert.equal(res.status, 200);
    return res.text();
  };
  const tiles = (html: string) => [...html.matchAll(/<a class="tile" href="([^"]+)">.*?<span class="name">([^<]+)<\/span><\/a>/g)].map((m) => [m[2], m[1].replace(/&amp;/g, '&')]);
  const register = (body: Record<string, unknown>) => postJson(`${r.base}/test/workbench/apps`, body);

  it('signed out: offers the organisation\'s people and shows no apps', async () => {
    await register({ name: 'Demo App', homepage: 'http://127.0.0.1:3000/login/dingtalk/src?app=a1' });
    const html = await open();
    assert.match(html, /Not signed in to DingTalk/);
    assert.match(html, /<option value="uZhangSan0001">张三 · 示例科技 \(Demo Tech\)<\/option>/);
    assert.deepEqual(tiles(html), []);
    assert.match(html, /name="viewport" content="width=device-width/);
  });

  it('signing in sets the client cookie (SameSite=Lax, path /) and the page then says who is signed in', async () => {
    const res = await fetch(`${r.base}/workbench/sign-in`, { method: 'POST', body: new URLSearchParams({ unionId: DEMO.zhangsan }), redirect: 'manual' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/workbench');
    const cookie = res.headers.get('set-cookie') ?? '';
    assert.match(cookie, new RegExp(`^${CLIENT_COOKIE}=${DEMO.zhangsan};`));
    assert.match(cookie, /; Path=\//);
    assert.match(cookie, /; SameSite=Lax/);
    const html = await open({ as: DEMO.zhangsan });
    assert.match(html, /Signed in to DingTalk as <strong>张三<\/strong>/);
    assert.match(html, /<option value="uZhangSan0001" selected>/);
  });

  it('signing out, or in as an inactive person, clears the cookie', async () => {
    const out = await fetch(`${r.base}/workbench/sign-out`, { method: 'POST', redirect: 'manual' });
    assert.match(out.headers.get('set-cookie') ?? '', new RegExp(`^${CLIENT_COOKIE}=; Max-Age=0`));
    await fetch(`${r.base}/sim/api/users/${DEMO.wangwu}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ active: false }) });
    const inactive = await fetch(`${r.base}/workbench/sign-in`, { method: 'POST', body: new URLSearchParams({ unionId: DEMO.wangwu }), redirect: 'manual' });
    assert.match(inactive.headers.get('set-cookie') ?? '', /Max-Age=0/);
    assert.doesNotMatch(await open(), /uWangWu0003/, 'inactive people are not offered');
  });

  it("shows the signed-in person's organisation's apps, each opening its mobile homepage", async () => {
    await register({ name: 'Demo App', homepage: 'http://127.0.0.1:3000/login/dingtalk/src?app=a1&x=1', pcHomepage: 'http://127.0.0.1:3000/pc' });
    await register({ name: 'User Center', homepage: 'http://127.0.0.1:3000/login/dingtalk/src?app=uc' });
    await postJson(`${r.base}/sim/api/orgs`, { corpId: 'dingothercorp', name: 'Other Corp' });
    await register({ corpId: 'dingothercorp', name: 'Elsewhere', homepage: 'http://other.example/' });
    const html = await open({ as: DEMO.zhangsan });
    assert.deepEqual(tiles(html), [
      ['Demo App', 'http://127.0.0.1:3000/login/dingtalk/src?app=a1&x=1'],
      ['User Center', 'http://127.0.0.1:3000/login/dingtalk/src?app=uc'],
    ]);
    assert.match(html, /<span class="icon" aria-hidden="true">D<\/span>/);
  });

  it('the PC client (DingTalk on Windows or Mac) opens the PC homepage, or the mobile one when there is none', async () => {
    await register({ name: 'Demo App', homepage: 'http://127.0.0.1:3000/m', pcHomepage: 'http://127.0.0.1:3000/pc' });
    await register({ name: 'Mobile only', homepage: 'http://127.0.0.1:3000/only' });
    for (const ua of [PC_DINGTALK_UA, MAC_DINGTALK_UA]) {
      assert.deepEqual(tiles(await open({ as: DEMO.zhangsan, ua })), [['Demo App', 'http://127.0.0.1:3000/pc'], ['Mobile only', 'http://127.0.0.1:3000/only']]);
    }
    assert.deepEqual(tiles(await open({ as: DEMO.zhangsan }))[0], ['Demo App', 'http://127.0.0.1:3000/m'], 'an iPhone ("like Mac OS X") is not the PC client');
  });

  it('tells a browser that does not say it is DingTalk how to act as the client', async () => {
    assert.match(await open({ ua: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/124.0' }), /id="wb-not-dingtalk"/);
    assert.doesNotMatch(await open(), /id="wb-not-dingtalk"/);
  });
});

describe('test API: /test/workbench/apps', () => {
  let r: Running;
  before(async () => { r = await startSim(); });
  after(async () => { await r.close(); });
  beforeEach(() => r.sim.state.reset());

  const register = (body: unknown) => postJson(`${r.base}/test/workbench/apps`, body);

  it("registers an app (201 {id}) in the fixture's organisation by default, lists and deletes it", async () => {
    const res = await register({ name: 'Demo App', homepage: 'http://127.0.0.1:3000/h' });
    assert.equal(res.status, 201);
    const { id } = await json(res);
    assert.match(id, /^[0-9a-f]+$/);
    const list = await (await fetch(`${r.base}/test/workbench/apps`)).json();
    assert.deepEqual(list, [{ id, corpId: DEMO.corpId, name: 'Demo App', homepage: 'http://127.0.0.1:3000/h' }]);
    assert.equal((await fetch(`${r.base}/test/workbench/apps/${id}`, { method: 'DELETE' })).status, 200);
    assert.equal((await fetch(`${r.base}/test/workbench/apps/${id}`, { method: 'DELETE' })).status, 404);
    assert.deepEqual(await (await fetch(`${r.base}/test/workbench/apps`)).json(), []);
  });

  it('refuses bad input with the errors listed', async () => {
    for (const [body, message] of [
      [{ homepage: 'http://a.example/' }, /name is required/],
      [{ name: 'A' }, /homepage is required/],
      [{ name: 'A', homepage: 'javascript:alert(1)' }, /homepage must be an absolute http\(s\) URL/],
      [{ name: 'A', homepage: 'http://a.example/', pcHomepage: '/relative' }, /pcHomepage must be an absolute http\(s\) URL/],
      [{ name: 'A', homepage: 'http://a.example/', corpId: 'dingnocorp' }, /unknown organisation dingnocorp/],
      [{ name: 'A', homepage: 'http://a.example/', icon: 'x' }, /icon is not a known field/],
    ] as const) {
      const res = await register(body);
      assert.equal(res.status, 400);
      assert.match((await json(res)).message, message);
    }
  });

  it('reset drops registered apps (back to the fixture)', async () => {
    await register({ name: 'A', homepage: 'http://a.example/' });
    await postJson(`${r.base}/sim/api/reset`, {});
    assert.deepEqual(await (await fetch(`${r.base}/test/workbench/apps`)).json(), []);
  });

  it('unknown /test/ routes answer a JSON 404', async () => {
    const res = await fetch(`${r.base}/test/nothing`);
    assert.equal(res.status, 404);
    assert.equal((await json(res)).error, 'not_found');
  });
});
