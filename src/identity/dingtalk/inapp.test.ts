import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DingTalkError, type DingTalkClient } from '../../connectors/dingtalk/index.ts';
import { DEFAULT_DINGTALK_ENDPOINTS } from '../../connectors/dingtalk/index.ts';
import { PorticoError } from '../../errors.ts';
import { HOSTED_DINGTALK_JSAPI, jsapiOf, type DingTalkConfig } from './config.ts';
import { completeInApp, inAppRefusal, isInsideDingTalk, isPhoneBrowser } from './inapp.ts';
import { dingtalkSourceType } from './type.ts';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AliApp(DingTalk/7.6.0)';
const PC = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 DingTalk(7.6.0-Release) Channel/201200';
const SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

const warnings: string[] = [];
const log = { warn: (_obj: Record<string, unknown>, msg: string) => void warnings.push(msg) };

const config = (o: Partial<DingTalkConfig> = {}) => ({ corpId: 'dingcorp', protocol: 'oauth2', endpoints: { ...DEFAULT_DINGTALK_ENDPOINTS }, ...o }) as DingTalkConfig;

test("DingTalk's client is recognised by its User-Agent, on phones and on PCs", () => {
  assert.equal(isInsideDingTalk(IPHONE), true);
  assert.equal(isInsideDingTalk(PC), true);
  assert.equal(isInsideDingTalk(SAFARI), false);
  assert.equal(isInsideDingTalk(undefined), false);
});

test('in-app sign-in goes ahead only inside the client, with a CorpId, unless the page asked for the QR code', () => {
  assert.equal(inAppRefusal(config(), { userAgent: IPHONE, query: {} }), undefined);
  assert.match(inAppRefusal(config(), { userAgent: SAFARI, query: {} })!, /not inside/);
  assert.match(inAppRefusal(config({ corpId: null }), { userAgent: IPHONE, query: {} })!, /CorpId/);
  assert.match(inAppRefusal(config({ protocol: 'legacy' }), { userAgent: IPHONE, query: {} })!, /legacy/);
  assert.match(inAppRefusal(config(), { userAgent: IPHONE, query: { inapp: 'off' } })!, /JSAPI refused/);
});

test("DingTalk's own servers get DingTalk's hosted JSAPI; other servers their own stand-in, which the page may call", () => {
  assert.deepEqual(jsapiOf(config().endpoints), { scriptUrl: HOSTED_DINGTALK_JSAPI, scriptOrigin: 'https://g.alicdn.com', connectOrigins: [] });
  const sim = 'http://127.0.0.1:7001';
  assert.deepEqual(jsapiOf({ login: sim, api: sim, oapi: `${sim}/` }), { scriptUrl: `${sim}/jsapi/dingtalk.open.js`, scriptOrigin: sim, connectOrigins: [sim] });
});

/** A client answering getuserinfo and v2/user/get as the given functions do; nothing else is called. */
function client(getUserInfoByCode: DingTalkClient['getUserInfoByCode'], getOrgUser: DingTalkClient['getOrgUser'] = async (userId) => ({ userId, unionId: 'uOrg', name: 'Zhang San', mobile: '13800000001', stateCode: '86', jobNumber: 'E1', deptIdList: [1] })) {
  return { getUserInfoByCode, getOrgUser } as DingTalkClient;
}

test('the code becomes the same identity as a scan of the person: unionId subject, attributes from the organisation record', async () => {
  const identity = await completeInApp(client(async () => ({ userId: 'zhangsan', unionId: 'uZhang', sys: false, sysLevel: 0 })), { inapp_code: 'c1' }, log);
  assert.equal(identity.subject, 'uZhang');
  assert.equal(identity.externalUserId, 'zhangsan');
  assert.equal(identity.displayName, 'Zhang San');
  assert.deepEqual(identity.attributes, { mobile: '+8613800000001', email: undefined, unionId: 'uZhang', userId: 'zhangsan', jobNumber: 'E1' });
  assert.deepEqual([...identity.verified].sort(), ['jobNumber', 'mobile', 'unionId', 'userId']);
});

test("without a unionId in getuserinfo's answer, the organisation record's is the subject", async () => {
  const identity = await completeInApp(client(async () => ({ userId: 'zhangsan', sys: false, sysLevel: 0 })), { inapp_code: 'c1' }, log);
  assert.equal(identity.subject, 'uOrg');
});

test('a used or expired code is reported as one to get afresh; a missing code as an incomplete answer', async () => {
  const used = client(async () => {
    throw new DingTalkError('dingtalk.auth_code_invalid', { upstreamCode: '40078' });
  });
  await assert.rejects(completeInApp(used, { inapp_code: 'c1' }, log), (e: unknown) => e instanceof PorticoError && e.code === 'dingtalk.inapp_code_invalid');
  const never = client(async () => assert.fail('DingTalk is not asked'));
  for (const query of [{}, { inapp_code: '' }, { inapp_code: ['a', 'b'] }]) {
    await assert.rejects(completeInApp(never, query, log), (e: unknown) => e instanceof PorticoError && e.code === 'dingtalk.callback_invalid');
  }
});

test("a userId that is not DingTalk's kind of identifier is refused before the organisation is asked", async () => {
  const odd = client(async () => ({ userId: 'zhang san', unionId: 'u', sys: false, sysLevel: 0 }), async () => assert.fail('not asked'));
  await assert.rejects(completeInApp(odd, { inapp_code: 'c1' }, log), (e: unknown) => e instanceof DingTalkError && e.code === 'dingtalk.bad_response');
});

test('a member the organisation no longer knows is refused as not a member; DingTalk down ends the sign-in too', async () => {
  for (const [code, reported] of [['dingtalk.user_not_in_org', 'dingtalk.wrong_organization'], ['dingtalk.unavailable', 'dingtalk.unavailable']] as const) {
    const gone = client(async () => ({ userId: 'zhangsan', unionId: 'uZhang', sys: false, sysLevel: 0 }), async () => {
      throw new DingTalkError(code);
    });
    await assert.rejects(completeInApp(gone, { inapp_code: 'c1' }, log), (e: unknown) => {
      const failure = dingtalkSourceType.external!.failure(e);
      return failure instanceof PorticoError && failure.code === reported;
    });
  }
});

test('without the organisation record (no permission) the member is still known by unionId, with no attributes to match', async () => {
  warnings.length = 0;
  const denied = client(async () => ({ userId: 'zhangsan', unionId: 'uZhang', name: 'Zhang', sys: false, sysLevel: 0 }), async () => {
    throw new DingTalkError('dingtalk.permission_denied');
  });
  const identity = await completeInApp(denied, { inapp_code: 'c1' }, log);
  assert.equal(identity.subject, 'uZhang');
  assert.equal(identity.displayName, 'Zhang');
  assert.equal(identity.attributes.mobile, undefined);
  assert.deepEqual(warnings, ['DingTalk org record unavailable'], 'the operator learns why');
  const unknown = client(async () => ({ userId: 'zhangsan', sys: false, sysLevel: 0 }), async () => {
    throw new DingTalkError('dingtalk.permission_denied');
  });
  await assert.rejects(completeInApp(unknown, { inapp_code: 'c1' }, log), (e: unknown) => e instanceof DingTalkError && e.code === 'dingtalk.permission_denied', 'no unionId anywhere: no one to sign in');
});

test("a phone's own browser is told apart from DingTalk's web view, a tablet and a computer", () => {
  const android = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36';
  const androidTablet = 'Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
  const ipad = 'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
  const desktop = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
  assert.deepEqual([SAFARI, android, IPHONE, androidTablet, ipad, desktop, undefined].map(isPhoneBrowser), [true, true, false, false, false, false, false]);
});
