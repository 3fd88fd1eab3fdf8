// Decrypted HTTP push events (ref §2.4): PascalCase, ids only, DeptId as numbers or strings.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DingTalkPushError } from './push-crypto.ts';
import { parsePushEvent } from './push-event.ts';

const isPush = (code: string) => (e: unknown) => e instanceof DingTalkPushError && e.code === code;

test('parsePushEvent: user events (ref §2.4)', () => {
  assert.deepEqual(parsePushEvent('{"EventType":"user_add_org","UserId":["u001"],"CorpId":"dingcorp0001","TimeStamp":"1700000000000"}'), { eventType: 'user_add_org', corpId: 'dingcorp0001', userIds: ['u001'], deptIds: [], timeStamp: 1700000000000 });
  assert.deepEqual(
    parsePushEvent('{"CorpId":"dingc","EventType":"user_leave_org","UserId":["184919295227658120","2"],"OptStaffId":"manager164","TimeStamp":"1640921671286"}'),
    { eventType: 'user_leave_org', corpId: 'dingc', userIds: ['184919295227658120', '2'], deptIds: [], timeStamp: 1640921671286, optStaffId: 'manager164' },
  );
});

test('parsePushEvent: DeptId as numbers or as strings', () => {
  const asNumbers = parsePushEvent('{"CorpId":"dingc","EventType":"org_dept_create","DeptId":[581208264],"TimeStamp":"1640669222083"}');
  const asStrings = parsePushEvent('{"CorpId":"dingc","EventType":"org_dept_create","DeptId":["581208264"],"TimeStamp":1640669222083}');
  assert.deepEqual(asNumbers, asStrings);
  assert.deepEqual(asNumbers.deptIds, ['581208264']);
});

test('parsePushEvent: check_url (the plaintext of official vector V1)', () => {
  assert.deepEqual(parsePushEvent('{"EventType":"check_url"}'), { eventType: 'check_url', userIds: [], deptIds: [] });
});

test('parsePushEvent: not JSON, not an object, or no EventType → push_malformed', () => {
  for (const text of ['nope', '[1]', '{"UserId":["a"]}', '{"EventType":""}']) {
    assert.throws(() => parsePushEvent(text), isPush('dingtalk.push_malformed'), text);
  }
});
