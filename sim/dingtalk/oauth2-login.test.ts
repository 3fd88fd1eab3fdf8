// The new OAuth2 flow end to end: hosted QR page, phone page, polling, token exchange, users/me.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  DEMO, authCodeFor, authorizeUrl, decodeQrFromHtml, json, openQrSession, postForm, postJson, sessionIdFromHtml, startSim,
  type Running,
} from './test-support.ts';

const TOKEN_URL = '/v1.0/oauth2/userAccessToken';
const exchange = (base: string, code: string, extra: Record<string, unknown> = {}) =>
  postJson(`${base}${TOKEN_URL}`, { clientId: DEMO.clientId, clientSecret: DEMO.clientSecret, code, grantType: 'authorization_code', ...extra });

describe('new OAuth2 QR login', () => {
  let r: Running;
  before(async () => { r = await startSim(); });
  after(async () => { await r.close(); });
  beforeEach(() => r.sim.state.reset());

  it('completes the whole flow: QR page → decoded QR is the phone page → confirm → polled redirect → token → users/me', async () => {
    const page = await fetch(authorizeUrl(r.base, { state: 'st-123' }));
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    const html = await page.text();
    const sessionId = sessionIdFromHtml(html);
    const qrText = decodeQrFromHtml(html);
    assert.equal(qrText, `${r.base}/sim/phone/${sessionId}`);
    assert.match(html, /setTimeout\(poll, 700\)/);

    let status = await json(await fetch(`${r.base}/sim/sessions/${sessionId}`));
    assert.equal(status.status, 'pending');

    const phone = await fetch(qrText);
    assert.equal(phone.status, 200);
    const phoneHtml = await phone.text();
    assert.match(phoneHtml, /Portico Demo/);
    assert.match(phoneHtml, /value="uZhangSan0001"/);
    status = await json(await fetch(`${r.base}/sim/sessions/${sessionId}`));
    assert.equal(status.status, 'scanned');
    assert.equal(status.redirectUrl, undefined);

    const confirm = await postForm(`${r.base}/sim/phone/${sessionId}/confirm`, { unionId: DEMO.zhangsan });
    assert.equal(confirm.status, 200);
    assert.match(await confirm.text(), /return to your computer/);

    status = await json(await fetch(`${r.base}/sim/sessions/${sessionId}`));
    assert.equal(status.status, 'confirmed');
    const redirect = new URL(status.redirectUrl);
    assert.equal(`${redirect.origin}${redirect.pathname}`, DEMO.redirectUri);
    const code = redirect.searchParams.get('code');
    assert.ok(code);
    assert.equal(redirect.searchParams.get('authCode'), code);
    assert.equal(redirect.searchParams.get('state'), 'st-123');
    assert.match(status.redirectUrl, /\?code=[^&]+&authCode=[^&]+&state=st-123$/);

    const tokenRes = await exchange(r.base, code);
    assert.equal(tokenRes.status, 200);
    assert.equal(tokenRes.headers.get('content-type'), 'application/json;charset=utf-8');
    assert.ok(tokenRes.headers.get('x-acs-request-id'));
    const token = await json(tokenRes);
    assert.equal(token.expireIn, 7200);
    assert.equal(typeof token.accessToken, 'string');
    assert.equal(typeof token.refreshToken, 'string');
    assert.equal('corpId' in token, false, 'corpId only with scope corpid');

    const me = await fetch(`${r.base}/v1.0/contact/users/me`, { headers: { 'x-acs-dingtalk-access-token': token.accessToken } });
    assert.equal(me.status, 200);
    const profile = await json(me);
    assert.deepEqual(Object.keys(profile).sort(), ['avatarUrl', 'email', 'mobile', 'nick', 'openId', 'stateCode', 'unionId']);
    assert.equal(profile.unionId, DEMO.zhangsan);
    assert.equal(profile.nick, '张三');
    assert.equal(profile.mobile, '13800000001');
    assert.equal(profile.stateCode, '86');
    assert.equal(profile.email, 'zhangsan@demo.example');
    assert.equal(profile.avatarUrl, `${r.base}/sim/avatar/uZhangSan0001.svg`);
    const avatar = await fetch(profile.avatarUrl);
    assert.equal(avatar.status, 200);
    assert.match(avatar.headers.get('content-type') ?? '', /image\/svg\+xml/);
  });

  it('leaves state out of the redirect when none was given', async () => {
    const id = await openQrSession(r.base);
    const res = await postJson(`${r.base}/sim/api/sessions/${id}/confirm`, { unionId: DEMO.zhangsan });
    const body = await json(res);
    assert.match(body.redirectUrl, /^http:\/\/127\.0\.0\.1:3000\/login\/callback\/dingtalk\/src_dingtalk_demo\?code=\w+&authCode=\w+$/);
  });

  it('accepts the /oauth2/challenge.htm alias and scope separators "+", "," and space', async () => {
    for (const scope of ['openid corpid', 'openid+corpid', 'openid,corpid']) {
      const url = authorizeUrl(r.base, { scope }).replace('/oauth2/auth?', '/oauth2/challenge.htm?').replace(/scope=[^&]+/, `scope=${encodeURIComponent(scope).replace('%2B', '+')}`);
      const res = await fetch(url);
      assert.equal(res.status, 200, scope);
    }
  });

  it('returns corpId from the token exchange when the scope had corpid', async () => {
    const id = await openQrSession(r.base, { scope: 'openid corpid' });
    const { code } = await json(await postJson(`${r.base}/sim/api/sessions/${id}/confirm`, { unionId: DEMO.zhangsan }));
    const token = await json(await exchange(r.base, code));
    assert.equal(token.corpId, DEMO.corpId);
  });

  it('accepts an auth code only once', async () => {
    const code = await authCodeFor(r.base);
    assert.equal((await exchange(r.base, code)).status, 200);
    const second = await exchange(r.base, code);
    assert.equal(second.status, 400);
    const body = await json(second);
    assert.equal(body.code, 'invalidParameter.authCode.notFound');
    assert.equal(body.requestid, second.headers.get('x-acs-request-id'));
  });

  it('refuses an expired auth code', async () => {
    const code = await authCodeFor(r.base);
    r.clock.advance(5 * 60_000 + 1);
    const res = await exchange(r.base, code);
    assert.equal(res.status, 400);
    assert.equal((await json(res)).code, 'invalidParameter.authCode.notFound');
  });

  it('refuses an unknown code', async () => {
    const res = await exchange(r.base, 'nope');
    assert.equal((await json(res)).code, 'invalidParameter.authCode.notFound');
  });

  it('refuses a wrong client secret and an unknown client with invalidClientIdOrSecret', async () => {
    const code = await authCodeFor(r.base);
    for (const creds of [{ clientSecret: 'wrong' }, { clientId: 'dingunknown' }]) {
      const res = await exchange(r.base, code, creds);
      assert.equal(res.status, 400);
      const body = await json(res);
      assert.equal(body.code, 'invalidClientIdOrSecret');
      assert.equal(body.message, '无效的clientId或者clientSecret');
    }
    assert.equal((await exchange(r.base, code)).status, 200, 'the code survives failed client checks');
  });

  it('refuses a code issued to another app', async () => {
    const other = await postJson(`${r.base}/sim/api/apps`, {
      clientId: 'dingotherapp', clientSecret: 'other-secret', corpId: DEMO.corpId, name: 'Other', redirectUris: ['http://other.example/cb'],
    });
    assert.equal(other.status, 201);
    const code = await authCodeFor(r.base);
    const res = await postJson(`${r.base}${TOKEN_URL}`, { clientId: 'dingotherapp', clientSecret: 'other-secret', code, grantType: 'authorization_code' });
    assert.equal(res.status, 400);
    assert.equal((await json(res)).code, 'invalidParameter.authCode.notFound');
  });

  it('requires a JSON body (form or none → 400 Missingbody)', async () => {
    const form = await fetch(`${r.base}${TOKEN_URL}`, { method: 'POST', body: new URLSearchParams({ clientId: DEMO.clientId }) });
    assert.equal(form.status, 400);
    assert.deepEqual({ ...(await json(form)), requestid: 'x' }, { code: 'Missingbody', message: 'body is mandatory for this action', requestid: 'x' });
    const none = await fetch(`${r.base}${TOKEN_URL}`, { method: 'POST' });
    assert.equal((await json(none)).code, 'Missingbody');
    const emptyJson = await fetch(`${r.base}${TOKEN_URL}`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    assert.equal((await json(emptyJson)).code, 'Missingbody');
  });

  it('returns the same user token while it lives, and a new one after expiry', async () => {
    const first = await json(await exchange(r.base, await authCodeFor(r.base)));
    const again = await json(await exchange(r.base, await authCodeFor(r.base)));
    assert.equal(again.accessToken, first.accessToken);
    assert.notEqual(again.refreshToken, first.refreshToken);
    r.clock.advance(7200 * 1000 + 1);
    const me = await fetch(`${r.base}/v1.0/contact/users/me`, { headers: { 'x-acs-dingtalk-access-token': first.accessToken } });
    assert.equal(me.status, 400);
    assert.equal((await json(me)).code, 'InvalidAuthentication');
    const later = await json(await exchange(r.base, await authCodeFor(r.base)));
    assert.notEqual(later.accessToken, first.accessToken);
  });

  it('refreshes with grantType refresh_token; the used refresh token stops working', async () => {
    const first = await json(await exchange(r.base, await authCodeFor(r.base)));
    const refresh = (rt: string) => postJson(`${r.base}${TOKEN_URL}`, { clientId: DEMO.clientId, clientSecret: DEMO.clientSecret, refreshToken: rt, grantType: 'refresh_token' });
    const res = await refresh(first.refreshToken);
    assert.equal(res.status, 200);
    const second = await json(res);
    assert.notEqual(second.refreshToken, first.refreshToken);
    assert.equal(second.expireIn, 7200);
    const reused = await refresh(first.refreshToken);
    assert.equal(reused.status, 400);
    assert.equal((await json(reused)).code, 'invalidParameter.refreshToken.notFound');
    assert.equal((await refresh(second.refreshToken)).status, 200);
  });

  it('names a missing grantType or code (Missing<field>)', async () => {
    const noGrant = await postJson(`${r.base}${TOKEN_URL}`, { clientId: DEMO.clientId, clientSecret: DEMO.clientSecret, code: 'x' });
    assert.equal((await json(noGrant)).code, 'MissinggrantType');
    const noCode = await postJson(`${r.base}${TOKEN_URL}`, { clientId: DEMO.clientId, clientSecret: DEMO.clientSecret, grantType: 'authorization_code' });
    assert.equal((await json(noCode)).code, 'Missingcode');
  });
});

describe('authorize request validation', () => {
  let r: Running;
  before(async () => { r = await startSim(); });
  after(async () => { await r.close(); });

  const expectErrorPage = async (url: string, pattern: RegExp) => {
    const res = await fetch(url, { redirect: 'manual' });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('location'), null, 'never redirects');
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    const html = await res.text();
    assert.match(html, /id="dt-error"/);
    assert.match(html, pattern);
    assert.doesNotMatch(html, /location\.href|dt-qr/);
  };

  it('shows an error page (no redirect) for an unregistered redirect_uri', async () => {
    await expectErrorPage(authorizeUrl(r.base, { redirect_uri: 'http://evil.example/steal' }), /is not registered for this app/);
    await expectErrorPage(authorizeUrl(r.base, { redirect_uri: `${DEMO.redirectUri}/extra` }), /is not registered/);
  });

  it('shows an error page for an unknown client, a bad response_type, scope or prompt', async () => {
    await expectErrorPage(authorizeUrl(r.base, { client_id: 'dingnobody' }), /unknown client_id/);
    await expectErrorPage(authorizeUrl(r.base, { response_type: 'token' }), /response_type must be/);
    await expectErrorPage(authorizeUrl(r.base, { scope: 'openid Contact.User.Read' }), /scope must be/);
    await expectErrorPage(authorizeUrl(r.base, { scope: 'corpid' }), /scope must be/);
    await expectErrorPage(authorizeUrl(r.base, { prompt: 'login' }), /prompt must be &quot;consent&quot;/);
    await expectErrorPage(`${r.base}/oauth2/auth?client_id=${DEMO.clientId}`, /missing redirect_uri/);
  });

  it('matches redirect_uri by host when redirectMatch is "host"', async () => {
    const hostSim = await startSim({ redirectMatch: 'host' });
    try {
      assert.equal((await fetch(authorizeUrl(hostSim.base, { redirect_uri: 'http://127.0.0.1:3000/some/other/path' }))).status, 200);
      assert.equal((await fetch(authorizeUrl(hostSim.base, { redirect_uri: 'http://127.0.0.1:3999/cb' }))).status, 400);
      assert.equal((await fetch(authorizeUrl(r.base, { redirect_uri: 'http://127.0.0.1:3000/some/other/path' }))).status, 400, 'exact by default');
    } finally {
      await hostSim.close();
    }
  });
});

describe('QR session outcomes', () => {
  let r: Running;
  before(async () => { r = await startSim({ qrTtlMs: 60_000 }); });
  after(async () => { await r.close(); });
  beforeEach(() => r.sim.state.reset());

  it('declined on the phone → status declined with redirect_uri?error=access_denied&state=', async () => {
    const id = await openQrSession(r.base, { state: 's1' });
    assert.equal((await fetch(`${r.base}/sim/phone/${id}`)).status, 200);
    const res = await postForm(`${r.base}/sim/phone/${id}/decline`, {});
    assert.equal(res.status, 200);
    const status = await json(await fetch(`${r.base}/sim/sessions/${id}`));
    assert.equal(status.status, 'declined');
    assert.equal(status.redirectUrl, `${DEMO.redirectUri}?error=access_denied&state=s1`);
    // A finished session cannot be confirmed afterwards.
    const late = await postForm(`${r.base}/sim/phone/${id}/confirm`, { unionId: DEMO.zhangsan });
    assert.equal(late.status, 409);
    assert.match(await late.text(), /already declined/);
  });

  it('expires the QR session: status expired, the phone page says so, the page offers a refresh', async () => {
    const page = await (await fetch(authorizeUrl(r.base, {}))).text();
    assert.match(page, /QR code expired, refresh/);
    const id = sessionIdFromHtml(page);
    r.clock.advance(60_001);
    assert.equal((await json(await fetch(`${r.base}/sim/sessions/${id}`))).status, 'expired');
    const phone = await fetch(`${r.base}/sim/phone/${id}`);
    assert.equal(phone.status, 410);
    assert.match(await phone.text(), /QR code expired/);
    const confirm = await postJson(`${r.base}/sim/api/sessions/${id}/confirm`, { unionId: DEMO.zhangsan });
    assert.equal(confirm.status, 409);
  });

  it('shows only active members of the app\'s org on the phone and refuses others', async () => {
    await fetch(`${r.base}/sim/api/users/${DEMO.wangwu}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ active: false }) });
    await postJson(`${r.base}/sim/api/orgs`, { corpId: 'dingothercorp', name: 'Other Corp' });
    await postJson(`${r.base}/sim/api/users`, { unionId: 'uOutsider', userId: 'out', corpId: 'dingothercorp', name: 'Outsider', mobile: '13700000000' });
    const id = await openQrSession(r.base);
    const html = await (await fetch(`${r.base}/sim/phone/${id}`)).text();
    assert.match(html, /uZhangSan0001/);
    assert.doesNotMatch(html, /uWangWu0003/);
    assert.doesNotMatch(html, /uOutsider/);
    const outsider = await postForm(`${r.base}/sim/phone/${id}/confirm`, { unionId: 'uOutsider' });
    assert.equal(outsider.status, 400);
    assert.match(await outsider.text(), /not a member/);
    const inactive = await postForm(`${r.base}/sim/phone/${id}/confirm`, { unionId: DEMO.wangwu });
    assert.equal(inactive.status, 400);
    assert.equal((await json(await fetch(`${r.base}/sim/sessions/${id}`))).status, 'scanned');
  });

  it('unknown session: phone page 404, status 404', async () => {
    assert.equal((await fetch(`${r.base}/sim/phone/nope`)).status, 404);
    assert.equal((await fetch(`${r.base}/sim/sessions/nope`)).status, 404);
  });

  it('iframe=true renders the embedded frame that posts {success, redirectUrl} or {errorMsg} to the parent', async () => {
    const res = await fetch(authorizeUrl(r.base, { iframe: 'true', state: 'fr' }));
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /window\.parent\.postMessage\(\{ success: true, redirectUrl: s\.redirectUrl \}, '\*'\)/);
    assert.match(html, /window\.parent\.postMessage\(\{ errorMsg:/);
    assert.match(html, /"display":"iframe"/);
    const id = sessionIdFromHtml(html);
    assert.equal(decodeQrFromHtml(html), `${r.base}/sim/phone/${id}`);
    const top = await (await fetch(authorizeUrl(r.base, {}))).text();
    assert.match(top, /"display":"page"/);
  });

  it('serves a DTFrameLogin loader that frames /oauth2/auth?iframe=true and trusts the simulator origin', async () => {
    const res = await fetch(`${r.base}/sim/ddlogin.js`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /javascript/);
    const js = await res.text();
    assert.match(js, /window\.DTFrameLogin = function \(frameParams, loginParams, successCbk, errorCbk\)/);
    assert.match(js, /\/oauth2\/auth\?iframe=true&redirect_uri=/);
    assert.match(js, /event\.origin !== SIM_ORIGIN/);
    assert.match(js, /'Missing parameters'/);
  });
});
