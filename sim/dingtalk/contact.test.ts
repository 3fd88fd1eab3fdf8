// GET /v1.0/contact/users/{me|unionId}: header-only auth, permissions, field omission.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DEMO, appTokenFor, json, startSim, userTokenFor, type Running } from './test-support.ts';

const patchApp = (base: string, body: unknown) =>
  fetch(`${base}/sim/api/apps/${DEMO.clientId}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('contact users/me', () => {
  let r: Running;
  before(async () => { r = await startSim(); });
  after(async () => { await r.close(); });
  beforeEach(() => r.sim.state.reset());

  const me = (headers: Record<string, string> = {}, path = 'me', query = '') =>
    fetch(`${r.base}/v1.0/contact/users/${path}${query}`, { headers });

  it('answers 400 AuthenticationFailed.MissingParameter without the header, even with Bearer or a query token', async () => {
    const { accessToken } = await userTokenFor(r.base);
    for (const res of [await me(), await me({ authorization: `Bearer ${accessToken}` }), await me({}, 'me', `?access_token=${accessToken}`)]) {
      assert.equal(res.status, 400);
      const body = await json(res);
      assert.equal(body.code, 'AuthenticationFailed.MissingParameter');
      assert.equal(body.message, '缺少参数：x-acs-dingtalk-access-token');
      assert.ok(body.requestid);
      assert.equal(res.headers.get('content-type'), 'application/json;charset=utf-8');
    }
  });

  it('answers 400 InvalidAuthentication for an unknown token and for an app token', async () => {
    for (const token of ['bogus', await appTokenFor(r.base)]) {
      const res = await me({ 'x-acs-dingtalk-access-token': token });
      assert.equal(res.status, 400);
      const body = await json(res);
      assert.equal(body.code, 'InvalidAuthentication');
      assert.equal(body.message, '不合法的access_token');
    }
  });

  it('answers 403 AccessTokenPermissionDenied with requiredScopes when Contact.User.Read is not granted', async () => {
    const { accessToken } = await userTokenFor(r.base);
    assert.equal((await patchApp(r.base, { grants: { contactUserRead: false } })).status, 200);
    const res = await me({ 'x-acs-dingtalk-access-token': accessToken });
    assert.equal(res.status, 403);
    const body = await json(res);
    assert.equal(body.code, 'Forbidden.AccessDenied.AccessTokenPermissionDenied');
    assert.deepEqual(body.accessdenieddetail, { requiredScopes: ['Contact.User.Read'] });
  });

  it('omits mobile and stateCode without Contact.User.mobile, and email when the user has none', async () => {
    await patchApp(r.base, { grants: { contactUserMobile: false } });
    const { accessToken } = await userTokenFor(r.base, DEMO.wangwu);
    const body = await json(await me({ 'x-acs-dingtalk-access-token': accessToken }));
    assert.deepEqual(Object.keys(body).sort(), ['avatarUrl', 'nick', 'openId', 'unionId']);
    assert.equal(body.unionId, DEMO.wangwu);
  });

  it('reads the user by their own unionId, refuses another user\'s', async () => {
    const { accessToken } = await userTokenFor(r.base);
    const own = await me({ 'x-acs-dingtalk-access-token': accessToken }, DEMO.zhangsan);
    assert.equal(own.status, 200);
    assert.equal((await json(own)).unionId, DEMO.zhangsan);
    assert.equal((await me({ 'x-acs-dingtalk-access-token': accessToken }, DEMO.wangwu)).status, 403);
  });

  it('derives a stable openId per app when the fixture has none', async () => {
    const a = await json(await me({ 'x-acs-dingtalk-access-token': (await userTokenFor(r.base)).accessToken }));
    r.sim.state.reset();
    const b = await json(await me({ 'x-acs-dingtalk-access-token': (await userTokenFor(r.base)).accessToken }));
    assert.equal(a.openId, b.openId);
    assert.notEqual(a.openId, a.unionId);
    assert.equal(r.sim.state.openIdFor(r.sim.state.users.get(DEMO.zhangsan)!, 'another-app') === a.openId, false);
  });
});
