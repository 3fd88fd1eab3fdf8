// Both error families → stable Portico codes (ref §2.5, §5.5, §7.2).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DINGTALK_ERROR_CODES, DingTalkError, type DingTalkErrorCode } from './errors.ts';
import { clientWith } from './testing-client.ts';

type NewCase = [status: number, code: string | undefined, expected: DingTalkErrorCode];
const NEW_FAMILY: NewCase[] = [
  [400, 'invalidClientIdOrSecret', 'dingtalk.invalid_client'],
  [400, 'invalidParameter.authCode.notFound', 'dingtalk.auth_code_invalid'],
  [400, 'InvalidAuthentication', 'dingtalk.token_invalid'],
  [400, 'AuthenticationFailed.MissingParameter', 'dingtalk.missing_token'],
  [403, 'Forbidden.AccessDenied.AccessTokenPermissionDenied', 'dingtalk.permission_denied'],
  [403, 'Forbidden.AccessDenied.IpNotInWhiteList', 'dingtalk.ip_not_whitelisted'],
  [403, 'Forbidden.AccessDenied.QpsLimitForApi', 'dingtalk.rate_limited'],
  [403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', 'dingtalk.rate_limited'],
  [403, 'Forbidden.AccessDenied.ApiCountLimitForOrg', 'dingtalk.quota_exceeded'],
  [429, undefined, 'dingtalk.rate_limited'],
  [500, 'unknownError', 'dingtalk.unavailable'],
  [404, 'InvalidAction.NotFound', 'dingtalk.upstream_error'],
  [400, 'Missingbody', 'dingtalk.upstream_error'],
  [400, 'constructor', 'dingtalk.upstream_error'], // no prototype lookups in the table
];

type LegacyCase = [body: Record<string, unknown>, expected: DingTalkErrorCode, upstreamCode: string];
const LEGACY_FAMILY: LegacyCase[] = [
  [{ errcode: 40096, errmsg: '不合法的appKey或appSecret' }, 'dingtalk.invalid_client', '40096'],
  [{ errcode: 40089, errmsg: '不合法的corpid或corpsecret' }, 'dingtalk.invalid_client', '40089'],
  [{ errcode: 40078, errmsg: '不存在的临时授权码' }, 'dingtalk.auth_code_invalid', '40078'],
  [{ errcode: 88, sub_code: '40014', sub_msg: '不合法的access_token', errmsg: 'x' }, 'dingtalk.token_invalid', '88/40014'],
  [{ errcode: 40014, errmsg: '不合法的access_token' }, 'dingtalk.token_invalid', '40014'],
  [{ errcode: 88, sub_code: '40000', sub_msg: 'access_token is blank', errmsg: 'x' }, 'dingtalk.missing_token', '88/40000'],
  [{ errcode: 88, sub_code: '60011', sub_msg: '没有调用该接口的权限', errmsg: 'x' }, 'dingtalk.permission_denied', '88/60011'],
  [{ errcode: 60011, errmsg: '没有调用该接口的权限' }, 'dingtalk.permission_denied', '60011'],
  [{ errcode: 60121, errmsg: '未找到对应员工' }, 'dingtalk.user_not_in_org', '60121'],
  [{ errcode: 60003, errmsg: '部门不存在' }, 'dingtalk.department_not_found', '60003'],
  [{ errcode: 60020, errmsg: '访问ip不在白名单之中,request ip=1.2.3.4 appKey(k)' }, 'dingtalk.ip_not_whitelisted', '60020'],
  [{ errcode: 90002, errmsg: 'x' }, 'dingtalk.rate_limited', '90002'],
  [{ errcode: 90018, errmsg: 'x' }, 'dingtalk.rate_limited', '90018'],
  [{ errcode: 90019, errmsg: 'x' }, 'dingtalk.rate_limited', '90019'],
  [{ errcode: 90020, errmsg: '您的企业本月api调用量已超过限制' }, 'dingtalk.quota_exceeded', '90020'],
  [{ errcode: -1, errmsg: '系统繁忙' }, 'dingtalk.unavailable', '-1'],
  [{ errcode: 22, errmsg: '不合法ApiName' }, 'dingtalk.upstream_error', '22'],
  [{ errcode: 400002, errmsg: '无效的参数' }, 'dingtalk.upstream_error', '400002'],
  [{ errcode: 853002, errmsg: '签名不匹配' }, 'dingtalk.signature_invalid', '853002'], // UNCONFIRMED code, matched by text
];

for (const [status, code, expected] of NEW_FAMILY) {
  test(`new family: HTTP ${status} ${code ?? '(no code)'} → ${expected}`, async () => {
    const json = code === undefined ? {} : { code, message: '消息', requestid: 'req-new-1' };
    const { client } = clientWith([{ status, json, headers: { 'x-acs-request-id': 'hdr-1' } }]);
    const err = await client.exchangeUserToken('c').then(() => assert.fail('resolved'), (e: unknown) => e);
    assert.ok(err instanceof DingTalkError);
    assert.equal(err.code, expected);
    assert.equal(err.httpStatus, status);
    assert.equal(err.upstreamCode, code);
    assert.equal(err.requestId, code === undefined ? 'hdr-1' : 'req-new-1');
    assert.equal(err.retryable, ['dingtalk.unavailable', 'dingtalk.rate_limited'].includes(expected));
  });
}

for (const [body, expected, upstreamCode] of LEGACY_FAMILY) {
  test(`legacy family (HTTP 200): errcode ${upstreamCode} → ${expected}`, async () => {
    const { client } = clientWith([{ json: { ...body, request_id: 'req-old-1' } }]);
    const err = await client.getUserInfoByTmpCode('c').then(() => assert.fail('resolved'), (e: unknown) => e);
    assert.ok(err instanceof DingTalkError);
    assert.equal(err.code, expected);
    assert.equal(err.upstreamCode, upstreamCode);
    assert.equal(err.httpStatus, 200);
    assert.equal(err.requestId, 'req-old-1');
    assert.equal(typeof err.upstreamMessage, 'string');
  });
}

test('403 permission denied keeps requiredScopes (ref §2.5)', async () => {
  const { client } = clientWith([{
    status: 403,
    json: { code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied', message: '没有权限', accessdenieddetail: { requiredScopes: ['Contact.User.Read'] } },
  }]);
  await assert.rejects(client.getCurrentUser('t'), (e) => e instanceof DingTalkError && e.code === 'dingtalk.permission_denied' && e.requiredScopes?.[0] === 'Contact.User.Read');
});

test('the per-IP WAF block body counts as rate limiting (ref §7.2)', async () => {
  const { client } = clientWith([{ json: { status: 1111, wait: 5, source: 'x5', punish: 'deny', uuid: 'u' } }]);
  await assert.rejects(client.getUserInfoByTmpCode('c'), (e) => e instanceof DingTalkError && e.code === 'dingtalk.rate_limited' && e.retryable);
});

test('errcode 0 is success even as the string "0"; any other errcode is an error', async () => {
  const { client } = clientWith([{ json: { errcode: '0', user_info: { unionid: 'u' } } }, { json: { errcode: 1, errmsg: 'x', user_info: { unionid: 'u' } } }]);
  assert.equal((await client.getUserInfoByTmpCode('a')).unionId, 'u');
  await assert.rejects(client.getUserInfoByTmpCode('b'), (e) => e instanceof DingTalkError && e.code === 'dingtalk.upstream_error');
});

test('every upstream-derived code is covered by the tables above', () => {
  const covered = new Set<string>([...NEW_FAMILY.map((c) => c[2]), ...LEGACY_FAMILY.map((c) => c[1])]);
  const local = ['dingtalk.timeout', 'dingtalk.bad_response', 'dingtalk.callback_invalid', 'dingtalk.authorization_denied', 'dingtalk.throttled'];
  assert.deepEqual(DINGTALK_ERROR_CODES.filter((c) => !covered.has(c) && !local.includes(c)), []);
});
