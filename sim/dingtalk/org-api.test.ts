// App tokens (new and legacy) and the oapi topapi org lookups.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DEMO, appTokenFor, json, postJson, startSim, userTokenFor, type Running } from './test-support.ts';

describe('app access tokens', () => {
  let r: Running;
  before(async () => { r = await startSim(); });
  after(async () => { await r.close(); });
  beforeEach(() => r.sim.state.reset());

  const gettoken = (q: string) => fetch(`${r.base}/gettoken?${q}`);

  it('returns the same app token until it expires, shared by /v1.0/oauth2/accessToken and /gettoken', async () => {
    const res = await postJson(`${r.base}/v1.0/oauth2/accessToken`, { appKey: DEMO.clientId, appSecret: DEMO.clientSecret });
    assert.equal(res.status, 200);
    const first = await json(res);
    assert.deepEqual(Object.keys(first).sort(), ['accessToken', 'expireIn']);
    assert.equal(first.expireIn, 7200);
    r.clock.advance(3600_000);
    assert.equal(await appTokenFor(r.base), first.accessToken);
    const legacy = await json(await gettoken(`appkey=${DEMO.clientId}&appsecret=${DEMO.clientSecret}`));
    assert.equal(legacy.errcode, 0);
    assert.equal(legacy.errmsg, 'ok');
    assert.equal(legacy.access_token, first.accessToken);
    assert.equal(legacy.expires_in, 7200);
    assert.match(legacy.request_id, /^[a-z0-9]{12}$/);
    // Each request extends the life: 7200 s after the last one it is gone.
    r.clock.advance(7200_000 + 1);
    assert.notEqual(await appTokenFor(r.base), first.accessToken);
  });

  it('refuses wrong credentials: 400 invalidClientIdOrSecret / 200 errcode 40096', async () => {
    const res = await postJson(`${r.base}/v1.0/oauth2/accessToken`, { appKey: DEMO.clientId, appSecret: 'wrong' });
    assert.equal(res.status, 400);
    assert.equal((await json(res)).code, 'invalidClientIdOrSecret');
    const legacy = await gettoken(`appkey=${DEMO.clientId}&appsecret=wrong`);
    assert.equal(legacy.status, 200);
    const body = await json(legacy);
    assert.equal(body.errcode, 40096);
    assert.equal(body.errmsg, '不合法的appKey或appSecret');
  });

  it('gettoken with a form body instead of the query answers 40035', async () => {
    const res = await fetch(`${r.base}/gettoken`, { method: 'POST', body: new URLSearchParams({ appkey: DEMO.clientId, appsecret: DEMO.clientSecret }) });
    assert.equal(res.status, 200);
    const body = await json(res);
    assert.equal(body.errcode, 40035);
    assert.equal(body.errmsg, '缺少参数 corpid or appkey');
  });

  it('v1.0/oauth2/accessToken requires a JSON body', async () => {
    const res = await fetch(`${r.base}/v1.0/oauth2/accessToken`, { method: 'POST', body: new URLSearchParams({ appKey: DEMO.clientId, appSecret: DEMO.clientSecret }) });
    assert.equal(res.status, 400);
    assert.equal((await json(res)).code, 'Missingbody');
  });

  it('serves the unified /v1.0/oauth2/{corpId}/token (client_credentials), 500 unknownError for an unknown corp', async () => {
    const ok = await postJson(`${r.base}/v1.0/oauth2/${DEMO.corpId}/token`, { client_id: DEMO.clientId, client_secret: DEMO.clientSecret, grant_type: 'client_credentials' });
    assert.equal(ok.status, 200);
    const body = await json(ok);
    assert.equal(body.access_token, await appTokenFor(r.base));
    assert.equal(body.expires_in, 7200);
    const bad = await postJson(`${r.base}/v1.0/oauth2/dingfake/token`, { client_id: DEMO.clientId, client_secret: DEMO.clientSecret, grant_type: 'client_credentials' });
    assert.equal(bad.status, 500);
    assert.equal((await json(bad)).code, 'unknownError');
  });

  it('answers 404 InvalidAction.NotFound for an unknown /v1.0 path or method', async () => {
    for (const res of [await fetch(`${r.base}/v1.0/contact/nothing/here`), await fetch(`${r.base}/v1.0/oauth2/userAccessToken`)]) {
      assert.equal(res.status, 404);
      const body = await json(res);
      assert.equal(body.code, 'InvalidAction.NotFound');
      assert.equal(body.message, 'Specified api is not found, please check your url and method.');
      assert.equal(body.requestid, res.headers.get('x-acs-request-id'));
    }
  });
});

describe('topapi org lookups', () => {
  let r: Running;
  let token: string;
  before(async () => { r = await startSim(); });
  after(async () => { await r.close(); });
  beforeEach(async () => {
    r.sim.state.reset();
    token = await appTokenFor(r.base);
  });

  /** accessToken null: no access_token parameter at all. */
  const top = (path: string, body: unknown, accessToken: string | null = token) =>
    postJson(`${r.base}/topapi/${path}${accessToken === null ? '' : `?access_token=${accessToken}`}`, body);

  it('maps unionid → userid (contact_type 0) with the app token', async () => {
    const res = await top('user/getbyunionid', { unionid: DEMO.zhangsan });
    assert.equal(res.status, 200);
    const body = await json(res);
    assert.deepEqual({ ...body, request_id: 'x' }, { errcode: 0, errmsg: 'ok', result: { contact_type: 0, userid: 'zhangsan' }, request_id: 'x' });
    assert.match(body.request_id, /^[a-z0-9]{12}$/);
    assert.equal(res.headers.get('x-acs-request-id'), body.request_id);
  });

  it('answers 60121 未找到对应员工 for an unknown unionid (HTTP 200)', async () => {
    const res = await top('user/getbyunionid', { unionid: 'uNobody' });
    assert.equal(res.status, 200);
    const body = await json(res);
    assert.equal(body.errcode, 60121);
    assert.equal(body.errmsg, '未找到对应员工');
  });

  it('wraps token problems in errcode 88: blank 40000, invalid 40014 (also for a user token)', async () => {
    const blank = await json(await top('user/getbyunionid', { unionid: DEMO.zhangsan }, null));
    assert.equal(blank.errcode, 88);
    assert.equal(blank.sub_code, '40000');
    assert.equal(blank.sub_msg, 'access_token is blank');
    const userToken = (await userTokenFor(r.base)).accessToken;
    for (const t of ['bogus', userToken]) {
      const bad = await json(await top('user/getbyunionid', { unionid: DEMO.zhangsan }, t));
      assert.deepEqual({ ...bad, request_id: 'x' }, {
        errcode: 88, sub_code: '40014', sub_msg: '不合法的access_token',
        errmsg: 'ding talk error[subcode=40014,submsg=不合法的access_token]', request_id: 'x',
      });
    }
    // The token is query-only on oapi: a header token counts as blank.
    const header = await postJson(`${r.base}/topapi/user/getbyunionid`, { unionid: DEMO.zhangsan }, { 'x-acs-dingtalk-access-token': token });
    assert.equal((await json(header)).sub_code, '40000');
  });

  it('answers 88/60011 when the app lacks qyapi_get_member', async () => {
    await fetch(`${r.base}/sim/api/apps/${DEMO.clientId}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grants: { qyapiGetMember: false } }) });
    for (const [path, body] of [['user/getbyunionid', { unionid: DEMO.zhangsan }], ['v2/user/get', { userid: 'zhangsan' }]] as const) {
      const res = await json(await top(path, body));
      assert.equal(res.errcode, 88);
      assert.equal(res.sub_code, '60011');
    }
  });

  it('returns employee details from v2/user/get in snake_case', async () => {
    const body = await json(await top('v2/user/get', { userid: 'zhangsan', language: 'zh_CN' }));
    assert.equal(body.errcode, 0);
    const u = body.result;
    assert.equal(u.userid, 'zhangsan');
    assert.equal(u.unionid, DEMO.zhangsan);
    assert.equal(u.name, '张三');
    assert.equal(u.mobile, '13800000001');
    assert.equal(u.state_code, '86');
    assert.equal(u.email, 'zhangsan@demo.example');
    assert.equal(u.job_number, 'E001');
    assert.deepEqual(u.dept_id_list, [3]);
    assert.equal(u.active, true);
    assert.match(u.avatar, /^http:\/\/127\.0\.0\.1:\d+\/sim\/avatar\/uZhangSan0001\.svg$/);
    const noEmail = (await json(await top('v2/user/get', { userid: 'wangwu' }))).result;
    assert.equal('email' in noEmail, false);
    assert.equal((await json(await top('v2/user/get', { userid: 'nobody' }))).errcode, 60121);
    assert.equal((await json(await top('v2/user/get', {}))).errcode, 40035);
  });

  it('answers errcode 22 for an unknown topapi path such as topapi/v2/user/getbyunionid', async () => {
    const res = await top('v2/user/getbyunionid', { unionid: DEMO.zhangsan });
    assert.equal(res.status, 200);
    assert.equal((await json(res)).errcode, 22);
  });
});
