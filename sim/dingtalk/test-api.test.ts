// The simulator's test API (/sim/api/*), fault injection, request ids, the overview page.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { AddressInfo } from 'node:net';
import {
  DEMO, appTokenFor, authorizeUrl, decodeQrFromHtml, json, openQrSession, postJson, sessionIdFromHtml, startSim, userTokenFor, type Running,
} from './test-support.ts';

const patch = (url: string, body: unknown) =>
  fetch(url, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('test API', () => {
  let r: Running;
  before(async () => { r = await startSim(); });
  after(async () => { await r.close(); });
  beforeEach(() => r.sim.state.reset());

  it('lists the world with secrets', async () => {
    const world = await json(await fetch(`${r.base}/sim/api/world`));
    assert.deepEqual(world.orgs, [{ corpId: 'dingdemocorp0001', name: '示例科技 (Demo Tech)' }]);
    assert.deepEqual(world.users.map((u: { userId: string }) => u.userId), ['zhangsan', 'lisi', 'wangwu', 'zhaoliu', 'sunqi']);
    assert.equal(world.apps[0].clientSecret, DEMO.clientSecret);
  });

  it('validates inputs with 400 and a message', async () => {
    const cases: Array<[string, string, unknown, RegExp]> = [
      ['POST', '/sim/api/users', { unionId: 'u1', name: 'X', userId: 'x', corpId: DEMO.corpId, mobile: '+86 138' }, /mobile must be national digits/],
      ['POST', '/sim/api/users', { unionId: 'u1', name: 'X', userId: 'x', corpId: 'dingnocorp', mobile: '13700000000' }, /unknown org dingnocorp/],
      ['POST', '/sim/api/users', { unionId: 'u1', userId: 'zhangsan', name: 'X', corpId: DEMO.corpId, mobile: '13700000000' }, /duplicate userId zhangsan/],
      ['POST', '/sim/api/users', { unionId: 'u1', name: 'X', userId: 'x', corpId: DEMO.corpId, mobile: '13700000000', colour: 'red' }, /colour is not a known field/],
      ['POST', '/sim/api/apps', { clientId: 'a', clientSecret: 's', corpId: DEMO.corpId, name: 'A', redirectUris: ['not a url'] }, /redirectUris must be an array of absolute/],
      ['PATCH', `/sim/api/apps/${DEMO.clientId}`, { grants: { contactUserRead: 'yes' } }, /contactUserRead must be a boolean/],
      ['PATCH', `/sim/api/users/${DEMO.zhangsan}`, { unionId: 'other' }, /unionId cannot be changed/],
      ['POST', '/sim/api/faults', { pathPrefix: 'v1.0', status: 503 }, /pathPrefix must start with/],
      ['POST', '/sim/api/faults', { pathPrefix: '/v1.0/' }, /at least one of status, body, delayMs/],
      ['POST', '/sim/api/faults', { pathPrefix: '/v1.0/', status: 999 }, /status must be an integer/],
      ['POST', '/sim/api/authorize', { clientId: DEMO.clientId, redirectUri: 'http://evil.example/', unionId: DEMO.zhangsan }, /not registered/],
      ['POST', '/sim/api/authorize', { clientId: DEMO.clientId, redirectUri: DEMO.redirectUri }, /unionId is required/],
      ['POST', '/sim/api/clock', { advanceMs: -5 }, /advanceMs must be an integer/],
    ];
    for (const [method, path, body, pattern] of cases) {
      const res = await fetch(`${r.base}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal(res.status, 400, `${method} ${path} ${JSON.stringify(body)}`);
      const err = await json(res);
      assert.equal(err.error, 'invalid_request');
      assert.match(err.message, pattern);
    }
    const notJson = await fetch(`${r.base}/sim/api/users`, { method: 'POST', body: new URLSearchParams({ unionId: 'u' }) });
    assert.equal(notJson.status, 400);
    assert.match((await json(notJson)).message, /JSON object/);
    assert.equal((await patch(`${r.base}/sim/api/users/uNobody`, { name: 'x' })).status, 404);
    assert.equal((await postJson(`${r.base}/sim/api/users`, { unionId: DEMO.zhangsan, userId: 'z2', name: 'Z', corpId: DEMO.corpId, mobile: '13700000000' })).status, 409);
    assert.equal((await fetch(`${r.base}/sim/api/nothing`)).status, 404);
  });

  it('adds a user with defaults and changes users (null removes an optional field)', async () => {
    const created = await postJson(`${r.base}/sim/api/users`, { unionId: 'uNew01', userId: 'newbie', corpId: DEMO.corpId, name: '新人', mobile: '13700000007' });
    assert.equal(created.status, 201);
    const user = await json(created);
    assert.equal(user.stateCode, '86');
    assert.equal(user.active, true);
    assert.equal(user.nick, '新人');
    const changed = await json(await patch(`${r.base}/sim/api/users/${DEMO.zhangsan}`, { email: null, mobile: '13800000099' }));
    assert.equal(changed.mobile, '13800000099');
    assert.equal('email' in changed, false);
    const { accessToken } = await userTokenFor(r.base);
    const me = await json(await fetch(`${r.base}/v1.0/contact/users/me`, { headers: { 'x-acs-dingtalk-access-token': accessToken } }));
    assert.equal(me.mobile, '13800000099');
    assert.equal('email' in me, false);
  });

  it('changes an app\'s redirect URIs (taking effect on the authorize page)', async () => {
    const newUri = 'https://portico.example/login/callback/dingtalk/x';
    assert.equal((await fetch(`${r.base}/oauth2/auth?client_id=${DEMO.clientId}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(newUri)}`)).status, 400);
    const res = await patch(`${r.base}/sim/api/apps/${DEMO.clientId}`, { redirectUris: [newUri] });
    assert.equal(res.status, 200);
    const app = await json(res);
    assert.deepEqual(app.redirectUris, [newUri]);
    assert.equal(app.grants.contactUserRead, true, 'grants untouched');
    assert.equal((await fetch(`${r.base}/oauth2/auth?client_id=${DEMO.clientId}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(newUri)}`)).status, 200);
  });

  it('drives sessions programmatically: scan, confirm, decline', async () => {
    const id = await openQrSession(r.base);
    assert.equal((await json(await postJson(`${r.base}/sim/api/sessions/${id}/scan`, {}))).status, 'scanned');
    const bad = await postJson(`${r.base}/sim/api/sessions/${id}/confirm`, { unionId: 'uNobody' });
    assert.equal(bad.status, 400);
    const ok = await json(await postJson(`${r.base}/sim/api/sessions/${id}/confirm`, { unionId: DEMO.zhangsan }));
    assert.equal(ok.status, 'confirmed');
    assert.ok(ok.code);
    assert.equal((await postJson(`${r.base}/sim/api/sessions/${id}/decline`, {})).status, 409);
    assert.equal((await postJson(`${r.base}/sim/api/sessions/nope/decline`, {})).status, 404);
    const full = await json(await fetch(`${r.base}/sim/api/sessions/${id}`));
    assert.equal(full.unionId, DEMO.zhangsan);
  });

  it('injects faults: status with a default DingTalk-shaped body, a custom body, a count, a delay', async () => {
    const f = await postJson(`${r.base}/sim/api/faults`, { pathPrefix: '/v1.0/oauth2/accessToken', status: 503, times: 2 });
    assert.equal(f.status, 201);
    const call = () => postJson(`${r.base}/v1.0/oauth2/accessToken`, { appKey: DEMO.clientId, appSecret: DEMO.clientSecret });
    for (let i = 0; i < 2; i++) {
      const res = await call();
      assert.equal(res.status, 503);
      const body = await json(res);
      assert.equal(body.code, 'ServiceUnavailable');
      assert.equal(body.requestid, res.headers.get('x-acs-request-id'));
    }
    assert.equal((await call()).status, 200, 'fault used up after times');

    await postJson(`${r.base}/sim/api/faults`, { pathPrefix: '/topapi/', status: 200, body: { errcode: 90018, errmsg: '频率超限' } });
    const token = await appTokenFor(r.base);
    const limited = await postJson(`${r.base}/topapi/user/getbyunionid?access_token=${token}`, { unionid: DEMO.zhangsan });
    assert.deepEqual(await json(limited), { errcode: 90018, errmsg: '频率超限' });

    await postJson(`${r.base}/sim/api/faults`, { pathPrefix: '/gettoken', status: 500 });
    assert.equal((await json(await fetch(`${r.base}/gettoken?appkey=a&appsecret=b`))).errcode, -1);

    await postJson(`${r.base}/sim/api/faults`, { pathPrefix: '/gettoken', delayMs: 300 });
    const started = Date.now();
    const slow = await fetch(`${r.base}/gettoken?appkey=${DEMO.clientId}&appsecret=${DEMO.clientSecret}`);
    assert.ok(Date.now() - started >= 280, 'delayed');
    assert.equal((await json(slow)).errcode, 0, 'delay only: the real answer follows');

    await postJson(`${r.base}/sim/api/faults`, { pathPrefix: '/v1.0/', status: 500, times: 5 });
    assert.equal((await json(await fetch(`${r.base}/sim/api/faults`))).length, 1);
    await fetch(`${r.base}/sim/api/faults`, { method: 'DELETE' });
    assert.equal((await call()).status, 200);
  });

  it('advances the clock and resets to the fixture', async () => {
    const code = (await json(await postJson(`${r.base}/sim/api/authorize`, { clientId: DEMO.clientId, redirectUri: DEMO.redirectUri, unionId: DEMO.zhangsan }))).code;
    assert.equal((await postJson(`${r.base}/sim/api/clock`, { advanceMs: 10 * 60_000 })).status, 200);
    const res = await postJson(`${r.base}/v1.0/oauth2/userAccessToken`, { clientId: DEMO.clientId, clientSecret: DEMO.clientSecret, code, grantType: 'authorization_code' });
    assert.equal((await json(res)).code, 'invalidParameter.authCode.notFound');

    await postJson(`${r.base}/sim/api/users`, { unionId: 'uTemp', userId: 'temp', corpId: DEMO.corpId, name: 'Temp', mobile: '13700000001' });
    assert.equal((await postJson(`${r.base}/sim/api/reset`, {})).status, 200);
    const world = await json(await fetch(`${r.base}/sim/api/world`));
    assert.equal(world.users.length, 5);
    assert.equal(r.sim.state.clockOffsetMs, 0);
  });
});

describe('simulator site and headers', () => {
  let r: Running;
  before(async () => { r = await startSim(); });
  after(async () => { await r.close(); });

  it('gives every response an x-acs-request-id', async () => {
    for (const path of ['/', '/sim/api/world', '/gettoken', '/v1.0/contact/users/me', '/nowhere']) {
      const res = await fetch(`${r.base}${path}`);
      assert.ok(res.headers.get('x-acs-request-id'), path);
    }
    const nowhere = await json(await fetch(`${r.base}/nowhere`));
    assert.equal(nowhere.errcode, 404);
    assert.equal(nowhere.errmsg, '请求的URI地址不存在');
  });

  it('explains itself on GET /', async () => {
    const html = await (await fetch(`${r.base}/`)).text();
    assert.match(html, /DingTalk simulator/);
    assert.match(html, /dingdemoappkey/);
    assert.match(html, /孙七/);
    assert.match(html, /\/sim\/api\/faults/);
  });

  it('uses publicUrl in the QR code when given', async () => {
    const pub = await startSim({ publicUrl: 'http://sim.example:9999/' });
    try {
      const { port } = pub.sim.app.server.address() as AddressInfo;
      assert.equal(pub.base, `http://127.0.0.1:${port}`, 'listen() resolves to the bound URL');
      assert.equal(pub.sim.url, 'http://sim.example:9999');
      const html = await (await fetch(authorizeUrl(pub.base, {}))).text();
      assert.equal(decodeQrFromHtml(html), `http://sim.example:9999/sim/phone/${sessionIdFromHtml(html)}`);
    } finally {
      await pub.close();
    }
  });
});
