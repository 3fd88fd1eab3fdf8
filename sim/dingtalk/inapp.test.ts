// In-client sign-in (免登): codes minted by the JSAPI endpoint or the test API, exchanged at
// topapi/v2/user/getuserinfo with the app token (ref §3.3): single use, 5 minutes, bound to one organisation.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CLIENT_COOKIE } from './client-session.ts';
import { DEMO, appTokenFor, json, postJson, startSim, type Running } from './test-support.ts';

const OTHER = { corpId: 'dingothercorp', clientId: 'dingotherapp', clientSecret: 'other-secret' };

describe('in-client codes at topapi/v2/user/getuserinfo', () => {
  let r: Running;
  before(async () => { r = await startSim(); });
  after(async () => { await r.close(); });
  beforeEach(() => r.sim.state.reset());

  const mint = async (body: Record<string, unknown>) => {
    const res = await postJson(`${r.base}/test/inapp-codes`, body);
    assert.equal(res.status, 200);
    return (await json(res)).code as string;
  };
  const exchange = async (code: string, accessToken?: string) =>
    json(await postJson(`${r.base}/topapi/v2/user/getuserinfo?access_token=${accessToken ?? await appTokenFor(r.base)}`, { code }));
  const addOtherOrg = async () => {
    await postJson(`${r.base}/sim/api/orgs`, { corpId: OTHER.corpId, name: 'Other Corp' });
    await postJson(`${r.base}/sim/api/users`, { unionId: 'uOutsider', userId: 'zhangsan', corpId: OTHER.corpId, name: 'Outsider', mobile: '13700000000' });
    await postJson(`${r.base}/sim/api/apps`, { ...OTHER, name: 'Other', redirectUris: ['http://other.example/cb'] });
    const res = await postJson(`${r.base}/v1.0/oauth2/accessToken`, { appKey: OTHER.clientId, appSecret: OTHER.clientSecret });
    return (await json(res)).accessToken as string;
  };

  it("answers DingTalk's shape: errcode 0, errmsg ok, request_id and the member in result", async () => {
    const body = await exchange(await mint({ userid: 'zhangsan' }));
    assert.equal(body.errcode, 0);
    assert.equal(body.errmsg, 'ok');
    assert.match(body.request_id, /^[a-z0-9]{12}$/);
    assert.deepEqual(Object.keys(body.result).sort(), ['associated_unionid', 'device_id', 'name', 'sys', 'sys_level', 'unionid', 'userid']);
    assert.equal(body.result.userid, 'zhangsan');
    assert.equal(body.result.unionid, DEMO.zhangsan);
    assert.equal(body.result.name, '张三');
    assert.equal(body.result.sys, false);
    assert.equal(body.result.sys_level, 0);
  });

  it('is single use: the second exchange answers 40078 不存在的临时授权码', async () => {
    const code = await mint({ userid: 'zhangsan' });
    assert.equal((await exchange(code)).errcode, 0);
    const again = await exchange(code);
    assert.equal(again.errcode, 40078);
    assert.equal(again.errmsg, '不存在的临时授权码');
  });

  it('lives 5 minutes: usable just before, 40078 after (the test clock moves it on)', async () => {
    const early = await mint({ userid: 'lisi' });
    const late = await mint({ userid: 'lisi' });
    r.clock.advance(5 * 60_000 - 1);
    assert.equal((await exchange(early)).errcode, 0);
    r.clock.advance(1);
    assert.equal((await exchange(late)).errcode, 40078);
  });

  it('the test API clock expires codes too (POST /sim/api/clock)', async () => {
    const code = await mint({ userid: 'lisi' });
    await postJson(`${r.base}/sim/api/clock`, { advanceMs: 5 * 60_000 });
    assert.equal((await exchange(code)).errcode, 40078);
  });

  it('answers 40078 for an unknown code', async () => {
    assert.equal((await exchange('forged-code')).errcode, 40078);
  });

  it("refuses another organisation's code with 40078, and the code still works in its own organisation", async () => {
    const otherToken = await addOtherOrg();
    const demoCode = await mint({ userid: 'zhangsan' });
    assert.equal((await exchange(demoCode, otherToken)).errcode, 40078);
    assert.equal((await exchange(demoCode)).result.unionid, DEMO.zhangsan);
    // The same userid in the other organisation is another person.
    const otherCode = await mint({ userid: 'zhangsan', corpId: OTHER.corpId });
    assert.equal((await exchange(otherCode)).errcode, 40078);
    assert.equal((await exchange(otherCode, otherToken)).result.unionid, 'uOutsider');
  });

  it('needs a valid app token and a code (88/40014, 40035)', async () => {
    const bad = await exchange(await mint({ userid: 'zhangsan' }), 'bogus');
    assert.equal(bad.errcode, 88);
    assert.equal(bad.sub_code, '40014');
    const missing = await json(await postJson(`${r.base}/topapi/v2/user/getuserinfo?access_token=${await appTokenFor(r.base)}`, {}));
    assert.equal(missing.errcode, 40035);
  });

  it('POST /test/inapp-codes validates its input: userid required, known and active in the organisation', async () => {
    await fetch(`${r.base}/sim/api/users/${DEMO.wangwu}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ active: false }) });
    for (const [body, message] of [
      [{}, /userid is required/],
      [{ userid: 'nobody' }, /no user nobody in organisation dingdemocorp0001/],
      [{ userid: 'zhangsan', corpId: 'dingnocorp' }, /no user zhangsan in organisation dingnocorp/],
      [{ userid: 'wangwu' }, /wangwu is not active/],
    ] as const) {
      const res = await postJson(`${r.base}/test/inapp-codes`, body);
      assert.equal(res.status, 400);
      assert.match((await json(res)).message, message);
    }
  });

  it('faults never reach the test API under /test/, and cannot be aimed at it', async () => {
    await postJson(`${r.base}/sim/api/faults`, { pathPrefix: '/', status: 500, times: 5 });
    assert.equal((await postJson(`${r.base}/test/inapp-codes`, { userid: 'zhangsan' })).status, 200);
    await fetch(`${r.base}/sim/api/faults`, { method: 'DELETE' });
    const refused = await postJson(`${r.base}/sim/api/faults`, { pathPrefix: '/test/inapp-codes', status: 500 });
    assert.equal(refused.status, 400);
  });
});

describe('POST /jsapi/auth-code (what requestAuthCode calls)', () => {
  let r: Running;
  before(async () => { r = await startSim(); });
  after(async () => { await r.close(); });
  beforeEach(() => r.sim.state.reset());

  const PORTICO = 'http://127.0.0.1:3000';
  const ask = (body: unknown, cookie?: string) => postJson(`${r.base}/jsapi/auth-code`, body, {
    origin: PORTICO, ...(cookie ? { cookie: `${CLIENT_COOKIE}=${cookie}` } : {}),
  });

  it('mints a code for the person signed in to the client, usable once at getuserinfo', async () => {
    const res = await ask({ corpId: DEMO.corpId }, DEMO.zhangsan);
    assert.equal(res.status, 200);
    const { code } = await json(res);
    const token = await appTokenFor(r.base);
    const body = await json(await postJson(`${r.base}/topapi/v2/user/getuserinfo?access_token=${token}`, { code }));
    assert.equal(body.result.unionid, DEMO.zhangsan);
  });

  it("lets the caller's page read the answer: Origin reflected, with credentials", async () => {
    const res = await ask({ corpId: DEMO.corpId }, DEMO.zhangsan);
    assert.equal(res.headers.get('access-control-allow-origin'), PORTICO);
    assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
    assert.match(res.headers.get('vary') ?? '', /Origin/);
  });

  it('answers the CORS preflight for a JSON POST', async () => {
    const res = await fetch(`${r.base}/jsapi/auth-code`, {
      method: 'OPTIONS', headers: { origin: PORTICO, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), PORTICO);
    assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(res.headers.get('access-control-allow-methods'), 'POST');
    assert.equal(res.headers.get('access-control-allow-headers'), 'content-type');
  });

  it("fails with onFail's shape: errorCode '3' when nobody (or an unknown person) is signed in", async () => {
    for (const cookie of [undefined, 'uNobody']) {
      const res = await ask({ corpId: DEMO.corpId }, cookie);
      assert.equal(res.status, 401);
      assert.deepEqual(await json(res), { errorCode: '3', errorMessage: 'nobody is signed in to the DingTalk client' });
    }
  });

  it("fails when corpId is not the signed-in person's organisation, and without a corpId", async () => {
    const other = await ask({ corpId: 'dingothercorp' }, DEMO.zhangsan);
    assert.equal(other.status, 403);
    assert.match((await json(other)).errorMessage, /not the signed-in person's organisation/);
    const none = await ask({}, DEMO.zhangsan);
    assert.equal(none.status, 400);
    assert.equal((await json(none)).errorMessage, 'corpId is required');
  });

  it('a person who stopped being active is no longer signed in', async () => {
    await fetch(`${r.base}/sim/api/users/${DEMO.zhangsan}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ active: false }) });
    assert.equal((await ask({ corpId: DEMO.corpId }, DEMO.zhangsan)).status, 401);
  });
});
