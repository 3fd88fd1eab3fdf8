// Legacy sns flow: signature, qrconnect → loginTmpCode → sns_authorize 302 → getuserinfo_bycode.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { legacySignature, verifyLegacySignature } from './signature.ts';
import { DEMO, decodeQrFromHtml, json, postJson, sessionIdFromHtml, startSim, type Running } from './test-support.ts';

describe('legacy signature', () => {
  it('matches the official test vector (ref §4.3)', () => {
    const sig = legacySignature('testappSecret', '1546084445901');
    assert.equal(sig, 'HCbG3xNE3vzhO+u7qCUL1jS5hsu2n5r2cFhnTrtyDAE=');
    assert.equal(encodeURIComponent(sig), 'HCbG3xNE3vzhO%2Bu7qCUL1jS5hsu2n5r2cFhnTrtyDAE%3D');
    assert.equal(verifyLegacySignature('testappSecret', '1546084445901', sig), true);
    assert.equal(verifyLegacySignature('testappSecret', '1546084445902', sig), false);
    assert.equal(verifyLegacySignature('otherSecret', '1546084445901', sig), false);
  });
});

describe('legacy sns login', () => {
  let r: Running;
  before(async () => { r = await startSim(); });
  after(async () => { await r.close(); });
  beforeEach(() => r.sim.state.reset());

  const legacyQuery = (extra: Record<string, string> = {}) => new URLSearchParams({
    appid: DEMO.clientId, response_type: 'code', scope: 'snsapi_login', state: 'ls', redirect_uri: DEMO.redirectUri, ...extra,
  });

  const getUserInfo = (code: string, opts: { timestamp?: string; secret?: string; signature?: string; accessKey?: string } = {}) => {
    const timestamp = opts.timestamp ?? String(r.clock.t);
    const signature = opts.signature ?? legacySignature(opts.secret ?? DEMO.clientSecret, timestamp);
    const q = `accessKey=${opts.accessKey ?? DEMO.clientId}&timestamp=${timestamp}&signature=${encodeURIComponent(signature)}`;
    return postJson(`${r.base}/sns/getuserinfo_bycode?${q}`, { tmp_auth_code: code });
  };

  /** qrconnect page → phone confirm → sns_authorize?loginTmpCode → 302 redirect_uri?code&state → the tmp_auth_code. */
  const tmpAuthCode = async (): Promise<string> => {
    const html = await (await fetch(`${r.base}/connect/qrconnect?${legacyQuery()}`)).text();
    const id = sessionIdFromHtml(html);
    assert.equal(decodeQrFromHtml(html), `${r.base}/sim/phone/${id}`);
    const confirmed = await json(await postJson(`${r.base}/sim/api/sessions/${id}/confirm`, { unionId: DEMO.zhangsan }));
    assert.ok(confirmed.loginTmpCode);
    assert.ok(confirmed.redirectUrl.startsWith(`${r.base}/connect/oauth2/sns_authorize?`));
    assert.match(confirmed.redirectUrl, /&loginTmpCode=/);
    const res = await fetch(confirmed.redirectUrl, { redirect: 'manual' });
    assert.equal(res.status, 302);
    const location = new URL(res.headers.get('location') ?? '');
    assert.equal(`${location.origin}${location.pathname}`, DEMO.redirectUri);
    assert.equal(location.searchParams.get('state'), 'ls');
    // loginTmpCode is single use.
    assert.equal((await fetch(confirmed.redirectUrl, { redirect: 'manual' })).status, 400);
    return location.searchParams.get('code') ?? '';
  };

  it('logs in: qrconnect → 302 with tmp_auth_code → getuserinfo_bycode with a good signature', async () => {
    const code = await tmpAuthCode();
    const res = await getUserInfo(code);
    assert.equal(res.status, 200);
    const body = await json(res);
    assert.equal(body.errcode, 0);
    assert.equal(body.errmsg, 'ok');
    assert.deepEqual(Object.keys(body.user_info).sort(), ['main_org_auth_high_level', 'nick', 'openid', 'unionid']);
    assert.equal(body.user_info.unionid, DEMO.zhangsan);
    assert.equal(body.user_info.nick, '张三');
    assert.equal(body.user_info.main_org_auth_high_level, true);
    assert.match(body.request_id, /^[a-z0-9]{12}$/);
  });

  it('refuses a bad signature and a stale timestamp, keeping the code usable', async () => {
    const code = await tmpAuthCode();
    const bad = await json(await getUserInfo(code, { secret: 'wrong-secret' }));
    assert.equal(bad.errcode, 853001);
    const twoHoursAgo = String(r.clock.t - 2 * 3600_000);
    const stale = await json(await getUserInfo(code, { timestamp: twoHoursAgo }));
    assert.equal(stale.errcode, 853002);
    const unknownKey = await json(await getUserInfo(code, { accessKey: 'dingnobody' }));
    assert.notEqual(unknownKey.errcode, 0);
    assert.equal((await json(await getUserInfo(code))).errcode, 0);
  });

  it('answers 40078 不存在的临时授权码 for a used or unknown code', async () => {
    const code = await tmpAuthCode();
    assert.equal((await json(await getUserInfo(code))).errcode, 0);
    for (const c of [code, 'unknown']) {
      const body = await json(await getUserInfo(c));
      assert.equal(body.errcode, 40078);
      assert.equal(body.errmsg, '不存在的临时授权码');
    }
  });

  it('sns_authorize without loginTmpCode shows the QR page; bad parameters show an error page', async () => {
    const ok = await fetch(`${r.base}/connect/oauth2/sns_authorize?${legacyQuery({ scope: 'snsapi_auth' })}`);
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), /alt="DingTalk QR code"/);
    const bad = await fetch(`${r.base}/connect/qrconnect?${legacyQuery({ redirect_uri: 'http://evil.example/' })}`, { redirect: 'manual' });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('location'), null);
    assert.equal((await fetch(`${r.base}/connect/qrconnect?${legacyQuery({ scope: 'openid' })}`)).status, 400);
  });

  it('the DDLogin frame (/login/qrcode.htm?goto=) posts the loginTmpCode string to its parent', async () => {
    const gotoUrl = `https://oapi.dingtalk.com/connect/oauth2/sns_authorize?${legacyQuery()}`;
    const res = await fetch(`${r.base}/login/qrcode.htm?goto=${encodeURIComponent(gotoUrl)}`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /window\.parent\.postMessage\(s\.loginTmpCode, '\*'\)/);
    assert.match(html, /"flow":"legacy"/);
    assert.match(html, /"display":"iframe"/);
  });

  it('the test API shortcut issues a legacy tmp_auth_code', async () => {
    const res = await postJson(`${r.base}/sim/api/authorize`, { clientId: DEMO.clientId, redirectUri: DEMO.redirectUri, unionId: DEMO.zhangsan, state: 'q', flow: 'legacy' });
    const body = await json(res);
    assert.equal(res.status, 200);
    assert.equal(body.redirectUrl, `${DEMO.redirectUri}?code=${body.code}&state=q`);
    assert.equal((await json(await getUserInfo(body.code))).user_info.unionid, DEMO.zhangsan);
  });
});
