/**
 * The two sides of the DingTalk wire agree: the REAL connector (src/connectors/dingtalk) talks to the
 * REAL simulator (sim/dingtalk) over HTTP, with nothing in between. Both are written from
 * shared/reference/dingtalk-api.md and share no code, so every test here is a check that they read the
 * reference the same way: the happy paths complete, and each error the simulator answers arrives at the
 * caller as the specific typed DingTalkError (code, DingTalk's own code, request id).
 *
 * Request counting uses the simulator's fault API: a fault armed for `times` requests is used up one
 * matching request at a time, so GET /sim/api/faults tells how many requests reached DingTalk.
 */
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createDingTalkClient, DingTalkError, MemoryAppTokenCache, callbackError, type DingTalkClient, type DingTalkClientOptions,
  type DingTalkErrorCode,
} from '../src/connectors/dingtalk/index.ts';
import { SIM_APP, startSimulator, type Simulator } from './helpers/dingtalk.ts';
import { decodeQrDataUrl } from './helpers/qr-decode.ts';

const CALLBACK = 'https://portico.test/login/callback/dingtalk/src_sim_agreement';
const ZHANGSAN = 'uZhangSan0001';

let sim: Simulator;

before(async () => {
  sim = await startSimulator();
});
after(async () => {
  await sim?.close();
});
beforeEach(async () => {
  // Each test starts from the fixture: no codes, tokens, faults or clock offset left by another test.
  await sim.api('POST', '/sim/api/reset');
  await sim.allowRedirects([CALLBACK]);
});

/** The connector as a DingTalk source would build it, pointed at the simulator for all three hosts. */
function client(o: Partial<DingTalkClientOptions> = {}): DingTalkClient {
  return createDingTalkClient({
    appKey: SIM_APP.appKey,
    appSecret: SIM_APP.appSecret,
    endpoints: { login: sim.url, api: sim.url, oapi: sim.url },
    tokenCache: new MemoryAppTokenCache(), // no app token shared with another test (or simulator world)
    retryDelayMs: 0,
    ...o,
  });
}

interface ExpectedError {
  upstreamCode?: string;
  httpStatus?: number;
  /** Whether DingTalk's request id must be carried (everything that got an answer from DingTalk). */
  requestId?: boolean;
}

/** Awaits a rejection and checks it is the typed error with this code; returns it for more checks. */
async function rejectsWith(p: Promise<unknown>, code: DingTalkErrorCode, want: ExpectedError = {}): Promise<DingTalkError> {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof DingTalkError, `expected DingTalkError ${code}, got ${caught === undefined ? 'success' : String(caught)}`);
  const err = caught;
  assert.equal(err.code, code, `DingTalkError code (upstream ${err.upstreamCode}: ${err.upstreamMessage})`);
  if (want.upstreamCode !== undefined) assert.equal(err.upstreamCode, want.upstreamCode);
  if (want.httpStatus !== undefined) assert.equal(err.httpStatus, want.httpStatus);
  if (want.requestId ?? true) {
    assert.equal(typeof err.requestId, 'string', 'DingTalk request id carried on the error');
    assert.ok((err.requestId as string).length >= 8, `request id looks real: ${err.requestId}`);
  }
  return err;
}

type SimUser = { unionId: string; userId: string; nick: string; name: string; avatar?: string; mobile: string; stateCode: string;
  email?: string; orgEmail?: string; jobNumber?: string; title?: string; deptIdList: number[]; active: boolean };

async function fixtureUser(unionId: string): Promise<SimUser> {
  const world = (await sim.api('GET', '/sim/api/world')) as { users: SimUser[] };
  const user = world.users.find((u) => u.unionId === unionId);
  assert.ok(user, `fixture user ${unionId}`);
  return user;
}

// ---- the simulator's fault API: failures, latency, and request counting ------------------------

async function armFault(f: { pathPrefix: string; status?: number; body?: unknown; delayMs?: number; times?: number }): Promise<string> {
  const created = (await sim.api('POST', '/sim/api/faults', f)) as { id: string };
  return created.id;
}

/** How many of the fault's `times` are left (0 once used up: the simulator drops it). */
async function faultLeft(id: string): Promise<number> {
  const faults = (await sim.api('GET', '/sim/api/faults')) as Array<{ id: string; remaining: number }>;
  return faults.find((f) => f.id === id)?.remaining ?? 0;
}

/** A latency-only fault that changes nothing but counts requests under `pathPrefix`. */
function countRequests(pathPrefix: string): Promise<string> {
  return armFault({ pathPrefix, delayMs: 1, times: 1000 });
}

async function requestsSeen(counterId: string): Promise<number> {
  return 1000 - (await faultLeft(counterId));
}

// ---- what a browser and a phone do --------------------------------------------------------------

interface QrLogin {
  sessionId: string;
  pageHtml: string;
  phoneUrl: string;
  /** Where the waiting page sends the browser (GET /sim/sessions/{id}.redirectUrl). */
  redirectUrl: string;
  status: string;
}

/**
 * Opens the authorize URL the connector built, reads the QR code off the hosted page like a phone camera,
 * opens that URL (the phone page), submits its confirm or decline form, and reads what the waiting page
 * (which polls GET /sim/sessions/{id}) does next.
 */
async function qrLogin(authorizeUrl: string, answer: { confirmAs: string } | 'decline'): Promise<QrLogin> {
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  const pageHtml = await page.text();
  assert.equal(page.status, 200, `hosted login page: ${pageHtml.slice(0, 300)}`);
  assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
  const img = /<img id="dt-qr" src="([^"]+)"[^>]*data-session-id="([^"]+)"/.exec(pageHtml);
  assert.ok(img, 'the hosted page shows the QR image');
  const sessionId = img[2];
  const phoneUrl = decodeQrDataUrl(img[1]);
  assert.equal(phoneUrl, `${sim.url}/sim/phone/${sessionId}`, 'the QR code encodes the phone page of this login');

  const phone = await fetch(phoneUrl);
  const phoneHtml = await phone.text();
  assert.equal(phone.status, 200, `phone page: ${phoneHtml.slice(0, 300)}`);
  const formId = answer === 'decline' ? 'decline-form' : 'confirm-form';
  const form = new RegExp(`<form method="post" action="([^"]+)" id="${formId}"`).exec(phoneHtml);
  assert.ok(form, `the phone page has the ${formId}`);
  const fields = new URLSearchParams();
  if (answer !== 'decline') {
    assert.ok(phoneHtml.includes(`name="unionId" value="${answer.confirmAs}"`), `the phone page offers ${answer.confirmAs}`);
    fields.set('unionId', answer.confirmAs);
  }
  const submitted = await fetch(new URL(form[1], phoneUrl), {
    method: 'POST', body: fields, headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual',
  });
  const submittedHtml = await submitted.text();
  assert.equal(submitted.status, 200, `phone ${formId}: ${submittedHtml.slice(0, 300)}`);

  const polled = await fetch(`${sim.url}/sim/sessions/${encodeURIComponent(sessionId)}`);
  assert.equal(polled.status, 200);
  const status = (await polled.json()) as { status: string; redirectUrl?: string };
  assert.ok(status.redirectUrl, `the waiting page has somewhere to go: ${JSON.stringify(status)}`);
  return { sessionId, pageHtml, phoneUrl, redirectUrl: status.redirectUrl, status: status.status };
}

/** The callback (redirect_uri + query) the browser lands on, as the connector would read it. */
function callbackQuery(redirectUrl: string): URLSearchParams {
  const url = new URL(redirectUrl);
  assert.equal(`${url.origin}${url.pathname}`, CALLBACK, 'DingTalk sends the browser to the registered redirect_uri');
  return url.searchParams;
}

/** A confirmed new-flow login through the real pages: returns the authCode from the callback. */
async function newFlowCode(dt: DingTalkClient, unionId = ZHANGSAN, state = 'st-new'): Promise<string> {
  const login = await qrLogin(dt.buildAuthorizeUrl({ redirectUri: CALLBACK, state }), { confirmAs: unionId });
  const result = dt.parseCallback(callbackQuery(login.redirectUrl));
  assert.equal(result.kind, 'code');
  assert.equal(result.state, state);
  return result.kind === 'code' ? result.code : '';
}

/** A legacy tmp_auth_code without the pages (the simulator's authorize shortcut). */
async function legacyCode(unionId = ZHANGSAN): Promise<string> {
  const r = (await sim.api('POST', '/sim/api/authorize', {
    clientId: SIM_APP.appKey, redirectUri: CALLBACK, unionId, state: 'st-legacy', flow: 'legacy',
  })) as { code: string };
  return r.code;
}

// =================================================================================================

describe('new OAuth2 flow, connector against simulator', () => {
  test('completes end to end: authorize URL, hosted QR page, phone confirm, callback, token, users/me, refresh', async () => {
    const dt = client();
    const authorizeUrl = dt.buildAuthorizeUrl({ redirectUri: CALLBACK, state: 'state-123' });
    assert.ok(authorizeUrl.startsWith(`${sim.url}/oauth2/auth?`), authorizeUrl);

    const login = await qrLogin(authorizeUrl, { confirmAs: ZHANGSAN });
    assert.equal(login.status, 'confirmed');
    const query = callbackQuery(login.redirectUrl);
    assert.ok(query.get('code'), 'callback carries code');
    assert.equal(query.get('authCode'), query.get('code'), 'code and authCode carry the same value (ref §2.2)');
    assert.equal(query.get('state'), 'state-123');

    const cb = dt.parseCallback(query);
    assert.deepEqual(cb, { kind: 'code', code: query.get('code'), state: 'state-123' });
    assert.equal(cb.kind, 'code');
    if (cb.kind !== 'code') return;

    const token = await dt.exchangeUserToken(cb.code);
    assert.ok(token.accessToken.length >= 16);
    assert.ok(token.refreshToken.length >= 16);
    assert.equal(token.expireIn, 7200);
    assert.equal(token.corpId, undefined, 'no corpId without the corpid scope');

    const fixture = await fixtureUser(ZHANGSAN);
    const profile = await dt.getCurrentUser(token.accessToken);
    assert.equal(profile.unionId, fixture.unionId);
    assert.equal(profile.nick, fixture.nick);
    assert.equal(profile.mobile, fixture.mobile);
    assert.equal(profile.stateCode, '86');
    assert.equal(profile.email, fixture.email);
    assert.equal(profile.avatarUrl, `${sim.url}${fixture.avatar}`);
    assert.ok(profile.openId, 'openId for this app');

    const refreshed = await dt.refreshUserToken(token.refreshToken);
    assert.notEqual(refreshed.refreshToken, token.refreshToken, 'a new refresh token is issued');
    assert.equal(refreshed.expireIn, 7200);
    assert.equal((await dt.getCurrentUser(refreshed.accessToken)).unionId, ZHANGSAN, 'the refreshed token reads the same user');
  });

  test('with a forced organization, the token names the corp the user picked', async () => {
    const dt = client();
    const url = dt.buildAuthorizeUrl({ redirectUri: CALLBACK, state: 'st-corp', corpId: SIM_APP.corpId });
    assert.match(url, /scope=openid%20corpid/);
    const login = await qrLogin(url, { confirmAs: 'uLiSi0002' });
    const cb = dt.parseCallback(callbackQuery(login.redirectUrl));
    assert.equal(cb.kind, 'code');
    if (cb.kind !== 'code') return;
    const token = await dt.exchangeUserToken(cb.code);
    assert.equal(token.corpId, SIM_APP.corpId);
    assert.equal((await dt.getCurrentUser(token.accessToken)).unionId, 'uLiSi0002');
  });

  test('without the mobile grant, users/me still succeeds but carries no mobile or stateCode', async () => {
    await sim.api('PATCH', `/sim/api/apps/${SIM_APP.appKey}`, { grants: { contactUserMobile: false } });
    const dt = client();
    const token = await dt.exchangeUserToken(await newFlowCode(dt));
    const profile = await dt.getCurrentUser(token.accessToken);
    assert.equal(profile.unionId, ZHANGSAN);
    assert.equal(profile.mobile, undefined);
    assert.equal(profile.stateCode, undefined);
  });

  test('a user who declines on the phone comes back as error=access_denied and authorization_denied', async () => {
    const dt = client();
    const login = await qrLogin(dt.buildAuthorizeUrl({ redirectUri: CALLBACK, state: 'st-deny' }), 'decline');
    assert.equal(login.status, 'declined');
    const query = callbackQuery(login.redirectUrl);
    assert.equal(query.get('code'), null, 'no code on denial');
    const cb = dt.parseCallback(query);
    assert.deepEqual(cb, { kind: 'error', error: 'access_denied', state: 'st-deny' });
    if (cb.kind !== 'error') return;
    const err = callbackError(cb);
    assert.ok(err instanceof DingTalkError);
    assert.equal(err.code, 'dingtalk.authorization_denied');
    assert.equal(err.upstreamCode, 'access_denied');
  });

  test('an unregistered redirect_uri gets the simulator HTML error page, never a redirect', async () => {
    const dt = client();
    const url = dt.buildAuthorizeUrl({ redirectUri: 'https://attacker.example/steal', state: 'st-bad' });
    const res = await fetch(url, { redirect: 'manual' });
    const html = await res.text();
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('location'), null, 'no redirect to an unregistered URL');
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(html, /redirect_uri/);
    assert.doesNotMatch(html, /id="dt-qr"/, 'no QR code to scan');
  });
});

describe('legacy sns flow, connector against simulator', () => {
  test('completes end to end: qrconnect URL, QR page, phone confirm, sns_authorize 302, getuserinfo_bycode', async () => {
    const dt = client();
    const url = dt.buildLegacyQrConnectUrl({ redirectUri: CALLBACK, state: 'legacy-state' });
    assert.ok(url.startsWith(`${sim.url}/connect/qrconnect?`), url);

    const login = await qrLogin(url, { confirmAs: ZHANGSAN });
    assert.equal(login.status, 'confirmed');
    // The waiting page continues to sns_authorize with the loginTmpCode; DingTalk 302s to redirect_uri.
    const cont = new URL(login.redirectUrl);
    assert.equal(cont.pathname, '/connect/oauth2/sns_authorize');
    assert.ok(cont.searchParams.get('loginTmpCode'));
    const hop = await fetch(login.redirectUrl, { redirect: 'manual' });
    assert.equal(hop.status, 302);
    const location = hop.headers.get('location');
    assert.ok(location);
    const query = callbackQuery(location);
    assert.equal(query.get('state'), 'legacy-state');

    const cb = dt.parseCallback(query);
    assert.equal(cb.kind, 'code');
    if (cb.kind !== 'code') return;
    const profile = await dt.getUserInfoByTmpCode(cb.code); // real HMAC-SHA256 timestamp signature
    const fixture = await fixtureUser(ZHANGSAN);
    assert.equal(profile.unionId, fixture.unionId);
    assert.equal(profile.nick, fixture.nick);
    assert.ok(profile.openId);

    // Same person, same app: the openId agrees with the one the new flow's users/me gives.
    const token = await dt.exchangeUserToken(await newFlowCode(dt));
    assert.equal((await dt.getCurrentUser(token.accessToken)).openId, profile.openId);
  });

  test('an unregistered redirect_uri on qrconnect gets the HTML error page, never a redirect', async () => {
    const url = client().buildLegacyQrConnectUrl({ redirectUri: 'https://attacker.example/steal', state: 's' });
    const res = await fetch(url, { redirect: 'manual' });
    const html = await res.text();
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('location'), null);
    assert.match(html, /redirect_uri/);
  });
});

describe('org APIs, connector against simulator', () => {
  test('the app access token is the same on a second call and comes from the cache', async () => {
    const dt = client();
    const counter = await countRequests('/v1.0/oauth2/accessToken');
    const first = await dt.getAppAccessToken();
    const second = await dt.getAppAccessToken();
    assert.equal(second, first);
    assert.equal(await requestsSeen(counter), 1, 'the second call is served from the cache');
  });

  test('concurrent callers share one app token request (single flight)', async () => {
    const cache = new MemoryAppTokenCache();
    const a = client({ tokenCache: cache });
    const b = client({ tokenCache: cache });
    const slow = await armFault({ pathPrefix: '/v1.0/oauth2/accessToken', delayMs: 100, times: 1000 });
    const tokens = await Promise.all([a.getAppAccessToken(), b.getAppAccessToken(), a.getAppAccessToken(), b.getAppAccessToken(), a.getAppAccessToken()]);
    assert.equal(new Set(tokens).size, 1, 'everyone got the same token');
    assert.equal(1000 - (await faultLeft(slow)), 1, 'one request reached DingTalk');
  });

  test('the legacy gettoken flavour gets the same app token and it works on topapi', async () => {
    const neu = client();
    const legacy = client({ appTokenFlavour: 'legacy' });
    const counter = await countRequests('/gettoken');
    assert.equal(await legacy.getAppAccessToken(), await neu.getAppAccessToken());
    assert.equal(await requestsSeen(counter), 1);
    assert.deepEqual(await legacy.getUserIdByUnionId(ZHANGSAN), { userId: 'zhangsan', contactType: 0 });
  });

  test('unionId → userid → employee record (job number, mobile, departments)', async () => {
    const dt = client();
    const fixture = await fixtureUser(ZHANGSAN);
    const lookup = await dt.getUserIdByUnionId(ZHANGSAN);
    assert.deepEqual(lookup, { userId: fixture.userId, contactType: 0 });
    const user = await dt.getOrgUser(lookup.userId);
    assert.deepEqual(user, {
      userId: fixture.userId,
      unionId: fixture.unionId,
      name: fixture.name,
      avatar: `${sim.url}${fixture.avatar}`,
      mobile: fixture.mobile,
      stateCode: fixture.stateCode,
      email: fixture.email,
      orgEmail: fixture.orgEmail,
      jobNumber: fixture.jobNumber,
      title: fixture.title,
      deptIdList: fixture.deptIdList,
      active: true,
    });
  });

  test('a user added at run time through the test API is found by the org APIs', async () => {
    await sim.addUser({ unionId: 'uRuntime0042', userId: 'runtime42', name: '新人', mobile: '13700000042', jobNumber: 'R042', deptIdList: [1, 2] });
    const dt = client();
    const { userId } = await dt.getUserIdByUnionId('uRuntime0042');
    assert.equal(userId, 'runtime42');
    const user = await dt.getOrgUser(userId);
    assert.equal(user.jobNumber, 'R042');
    assert.equal(user.email, undefined, 'no email when none is set');
    assert.deepEqual(user.deptIdList, [1, 2]);
  });

  test('testConnection succeeds with good credentials and asks DingTalk every time', async () => {
    const dt = client();
    const counter = await countRequests('/v1.0/oauth2/accessToken');
    assert.deepEqual(await dt.testConnection(), { ok: true });
    assert.deepEqual(await dt.testConnection(), { ok: true });
    assert.equal(await requestsSeen(counter), 2, 'testConnection bypasses the cache');
  });

  test('a cached app token DingTalk no longer accepts (88/40014) is replaced once and the call succeeds', async () => {
    const dt = client();
    const old = await dt.getAppAccessToken();
    await sim.api('POST', '/sim/api/clock', { advanceMs: 7201 * 1000 }); // DingTalk's token expired, our cache does not know
    assert.deepEqual(await dt.getUserIdByUnionId(ZHANGSAN), { userId: 'zhangsan', contactType: 0 });
    assert.notEqual(await dt.getAppAccessToken(), old, 'the cache now holds the new token');
  });
});

describe('error cases: the simulator answers, the connector raises the typed error', () => {
  test('a reused authCode → auth_code_invalid (invalidParameter.authCode.notFound)', async () => {
    const dt = client();
    const code = await newFlowCode(dt);
    await dt.exchangeUserToken(code);
    await rejectsWith(dt.exchangeUserToken(code), 'dingtalk.auth_code_invalid', {
      upstreamCode: 'invalidParameter.authCode.notFound', httpStatus: 400,
    });
  });

  test('an expired authCode (simulator clock moved past its life) → auth_code_invalid', async () => {
    const dt = client();
    const code = await newFlowCode(dt);
    await sim.api('POST', '/sim/api/clock', { advanceMs: 5 * 60_000 + 1000 });
    await rejectsWith(dt.exchangeUserToken(code), 'dingtalk.auth_code_invalid', { upstreamCode: 'invalidParameter.authCode.notFound' });
  });

  test('an authCode past a tiny authCodeTtlMs → auth_code_invalid', async () => {
    const shortSim = await startSimulator({ authCodeTtlMs: 30 });
    try {
      await shortSim.allowRedirects([CALLBACK]);
      const dt = createDingTalkClient({
        appKey: SIM_APP.appKey, appSecret: SIM_APP.appSecret, endpoints: { login: shortSim.url, api: shortSim.url, oapi: shortSim.url },
      });
      const { code } = (await shortSim.api('POST', '/sim/api/authorize', { clientId: SIM_APP.appKey, redirectUri: CALLBACK, unionId: ZHANGSAN })) as { code: string };
      await new Promise((r) => setTimeout(r, 80));
      await rejectsWith(dt.exchangeUserToken(code), 'dingtalk.auth_code_invalid', { upstreamCode: 'invalidParameter.authCode.notFound' });
    } finally {
      await shortSim.close();
    }
  });

  test('a reused legacy tmp_auth_code → auth_code_invalid (40078)', async () => {
    const dt = client();
    const code = await legacyCode();
    await dt.getUserInfoByTmpCode(code);
    await rejectsWith(dt.getUserInfoByTmpCode(code), 'dingtalk.auth_code_invalid', { upstreamCode: '40078', httpStatus: 200 });
  });

  test('a wrong client secret → invalid_client on the code exchange', async () => {
    const code = await newFlowCode(client());
    await rejectsWith(client({ appSecret: 'not-the-secret' }).exchangeUserToken(code), 'dingtalk.invalid_client', {
      upstreamCode: 'invalidClientIdOrSecret', httpStatus: 400,
    });
  });

  test('a wrong client secret → invalid_client on the app token (new and legacy) and on testConnection', async () => {
    const wrong = client({ appSecret: 'not-the-secret' });
    await rejectsWith(wrong.getAppAccessToken(), 'dingtalk.invalid_client', { upstreamCode: 'invalidClientIdOrSecret', httpStatus: 400 });
    await rejectsWith(wrong.testConnection(), 'dingtalk.invalid_client', { upstreamCode: 'invalidClientIdOrSecret' });
    await rejectsWith(wrong.getUserIdByUnionId(ZHANGSAN), 'dingtalk.invalid_client');
    const wrongLegacy = client({ appSecret: 'not-the-secret', appTokenFlavour: 'legacy' });
    await rejectsWith(wrongLegacy.getAppAccessToken(), 'dingtalk.invalid_client', { upstreamCode: '40096', httpStatus: 200 });
    await rejectsWith(wrongLegacy.testConnection(), 'dingtalk.invalid_client', { upstreamCode: '40096' });
  });

  test('an unknown user token → token_invalid (InvalidAuthentication)', async () => {
    await rejectsWith(client().getCurrentUser('0123456789abcdef0123456789abcdef'), 'dingtalk.token_invalid', {
      upstreamCode: 'InvalidAuthentication', httpStatus: 400,
    });
  });

  test('an expired user token → token_invalid, and the refresh token still gets a working one', async () => {
    const dt = client();
    const token = await dt.exchangeUserToken(await newFlowCode(dt));
    await sim.api('POST', '/sim/api/clock', { advanceMs: 7201 * 1000 });
    await rejectsWith(dt.getCurrentUser(token.accessToken), 'dingtalk.token_invalid', { upstreamCode: 'InvalidAuthentication' });
    const fresh = await dt.refreshUserToken(token.refreshToken);
    assert.notEqual(fresh.accessToken, token.accessToken);
    assert.equal((await dt.getCurrentUser(fresh.accessToken)).unionId, ZHANGSAN);
  });

  test('a used refresh token → token_invalid', async () => {
    const dt = client();
    const token = await dt.exchangeUserToken(await newFlowCode(dt));
    await dt.refreshUserToken(token.refreshToken);
    await rejectsWith(dt.refreshUserToken(token.refreshToken), 'dingtalk.token_invalid', {
      upstreamCode: 'invalidParameter.refreshToken.notFound', httpStatus: 400,
    });
  });

  test('users/me without Contact.User.Read → permission_denied (403, required scope named)', async () => {
    const dt = client();
    const token = await dt.exchangeUserToken(await newFlowCode(dt));
    await sim.api('PATCH', `/sim/api/apps/${SIM_APP.appKey}`, { grants: { contactUserRead: false } });
    const err = await rejectsWith(dt.getCurrentUser(token.accessToken), 'dingtalk.permission_denied', {
      upstreamCode: 'Forbidden.AccessDenied.AccessTokenPermissionDenied', httpStatus: 403,
    });
    assert.deepEqual(err.requiredScopes, ['Contact.User.Read']);
  });

  test('topapi without qyapi_get_member → permission_denied (88/60011) on both org lookups', async () => {
    await sim.api('PATCH', `/sim/api/apps/${SIM_APP.appKey}`, { grants: { qyapiGetMember: false } });
    const dt = client();
    await rejectsWith(dt.getUserIdByUnionId(ZHANGSAN), 'dingtalk.permission_denied', { upstreamCode: '88/60011', httpStatus: 200 });
    await rejectsWith(dt.getOrgUser('zhangsan'), 'dingtalk.permission_denied', { upstreamCode: '88/60011' });
  });

  test('an unknown unionId, or one from another organization → user_not_in_org (60121)', async () => {
    const dt = client();
    await rejectsWith(dt.getUserIdByUnionId('uNobody9999'), 'dingtalk.user_not_in_org', { upstreamCode: '60121', httpStatus: 200 });
    await sim.api('POST', '/sim/api/orgs', { corpId: 'dingothercorp0002', name: 'Other Co' });
    await sim.api('POST', '/sim/api/users', {
      unionId: 'uOutsider0003', userId: 'outsider', corpId: 'dingothercorp0002', name: '外人', mobile: '13600000003',
    });
    await rejectsWith(dt.getUserIdByUnionId('uOutsider0003'), 'dingtalk.user_not_in_org', { upstreamCode: '60121' });
    await rejectsWith(dt.getOrgUser('no-such-userid'), 'dingtalk.user_not_in_org', { upstreamCode: '60121' });
  });

  test('a legacy call signed with the wrong secret → signature_invalid (853001)', async () => {
    const code = await legacyCode();
    await rejectsWith(client({ appSecret: 'not-the-secret' }).getUserInfoByTmpCode(code), 'dingtalk.signature_invalid', {
      upstreamCode: '853001', httpStatus: 200,
    });
  });

  test('a legacy call with a stale timestamp (client clock 2 h behind) → signature_invalid (853002)', async () => {
    const code = await legacyCode();
    const lagging = client({ now: () => Date.now() - 2 * 3600_000 });
    await rejectsWith(lagging.getUserInfoByTmpCode(code), 'dingtalk.signature_invalid', { upstreamCode: '853002' });
  });
});

describe('injected faults: availability, retries and timeouts', () => {
  afterEach(async () => {
    await sim.api('DELETE', '/sim/api/faults');
  });

  test('users/me answering 500 twice → unavailable after exactly one retry', async () => {
    const dt = client();
    const token = await dt.exchangeUserToken(await newFlowCode(dt));
    const fault = await armFault({ pathPrefix: '/v1.0/contact/users/me', status: 500, times: 5 });
    await rejectsWith(dt.getCurrentUser(token.accessToken), 'dingtalk.unavailable', { httpStatus: 500 });
    assert.equal(await faultLeft(fault), 3, 'two requests: the call and one retry');
  });

  test('users/me answering 500 once → the retry succeeds', async () => {
    const dt = client();
    const token = await dt.exchangeUserToken(await newFlowCode(dt));
    const fault = await armFault({ pathPrefix: '/v1.0/contact/users/me', status: 500, times: 1 });
    assert.equal((await dt.getCurrentUser(token.accessToken)).unionId, ZHANGSAN);
    assert.equal(await faultLeft(fault), 0);
  });

  test('the code exchange answering 500 → unavailable with NO retry, and the code is not spent', async () => {
    const dt = client();
    const code = await newFlowCode(dt);
    const fault = await armFault({ pathPrefix: '/v1.0/oauth2/userAccessToken', status: 500, times: 5 });
    await rejectsWith(dt.exchangeUserToken(code), 'dingtalk.unavailable', { httpStatus: 500 });
    assert.equal(await faultLeft(fault), 4, 'a single request: single-use codes are never retried');
    await sim.api('DELETE', '/sim/api/faults');
    assert.ok((await dt.exchangeUserToken(code)).accessToken, 'DingTalk never saw the code, so it still works');
  });

  test('the legacy code exchange answering 500 → unavailable with NO retry', async () => {
    const dt = client();
    const code = await legacyCode();
    const fault = await armFault({ pathPrefix: '/sns/getuserinfo_bycode', status: 500, times: 5 });
    await rejectsWith(dt.getUserInfoByTmpCode(code), 'dingtalk.unavailable', { httpStatus: 500 });
    assert.equal(await faultLeft(fault), 4);
  });

  test('the app token answering 500 → unavailable after one retry', async () => {
    const fault = await armFault({ pathPrefix: '/v1.0/oauth2/accessToken', status: 500, times: 5 });
    await rejectsWith(client().getAppAccessToken(), 'dingtalk.unavailable', { httpStatus: 500 });
    assert.equal(await faultLeft(fault), 3);
  });

  test('topapi answering 500 → unavailable after one retry; "system busy" (-1) once → the retry succeeds', async () => {
    const dt = client();
    await dt.getAppAccessToken();
    const fault = await armFault({ pathPrefix: '/topapi/user/getbyunionid', status: 500, times: 5 });
    await rejectsWith(dt.getUserIdByUnionId(ZHANGSAN), 'dingtalk.unavailable', { httpStatus: 500 });
    assert.equal(await faultLeft(fault), 3);
    await sim.api('DELETE', '/sim/api/faults');

    const busy = await armFault({ pathPrefix: '/topapi/v2/user/get', status: 200, body: { errcode: -1, errmsg: '系统繁忙', request_id: 'simbusy00001' }, times: 1 });
    assert.equal((await dt.getOrgUser('zhangsan')).jobNumber, 'E001');
    assert.equal(await faultLeft(busy), 0);
  });

  test('an answer slower than timeoutMs → timeout, not retried', async () => {
    const dt = client({ timeoutMs: 150 });
    const token = await dt.exchangeUserToken(await newFlowCode(dt));
    const fault = await armFault({ pathPrefix: '/v1.0/contact/users/me', delayMs: 600, times: 5 });
    const started = Date.now();
    await rejectsWith(dt.getCurrentUser(token.accessToken), 'dingtalk.timeout', { requestId: false });
    assert.ok(Date.now() - started < 550, 'gave up at the timeout, did not wait for the answer');
    assert.equal(await faultLeft(fault), 4, 'one request');
  });

  test('a slow legacy/org answer → timeout too', async () => {
    const dt = client({ timeoutMs: 150 });
    await dt.getAppAccessToken();
    await armFault({ pathPrefix: '/topapi/user/getbyunionid', delayMs: 600, times: 5 });
    await rejectsWith(dt.getUserIdByUnionId(ZHANGSAN), 'dingtalk.timeout', { requestId: false });
  });
});
