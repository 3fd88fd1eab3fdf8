import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boundIdentity, boundOrgRecord } from './profile.ts';
import { isDingTalkError } from '../../connectors/dingtalk/index.ts';

test('what people read is cleaned of invisible characters and shortened; what is matched is kept as given or not at all', () => {
  const bounded = boundIdentity({ unionId: 'uAbC123', nick: `\u202e${'长'.repeat(500)}\u200b`, email: ' a@b.example ', mobile: '1380000\u200b0001' });
  assert.equal(bounded.nick, '长'.repeat(64));
  assert.equal(bounded.email, 'a@b.example');
  assert.equal(bounded.mobile, undefined, 'a hidden character could make it match someone else');
  assert.equal(boundIdentity({ unionId: 'u1', email: 'admin\u200b@corp.example' }).email, undefined);
  assert.equal(boundIdentity({ unionId: 'u1', email: `${'a'.repeat(250)}@b.example` }).email, undefined);
  assert.equal(boundOrgRecord({ userId: 'user1', name: '\u0000\u200b', jobNumber: ' J-1 ' }).name, undefined, 'nothing visible: no name');
  assert.equal(boundOrgRecord({ userId: 'user1', jobNumber: ' J-1 ' }).jobNumber, 'J-1');
});

test('an avatar is kept only as an https URL, or plain http from this machine (the simulator)', () => {
  const avatar = (avatarUrl: string) => boundIdentity({ unionId: 'u1', avatarUrl }).avatarUrl;
  assert.equal(avatar('https://static.dingtalk.com/media/a.png'), 'https://static.dingtalk.com/media/a.png');
  assert.equal(avatar('http://127.0.0.1:3001/sim/avatar/u1.svg'), 'http://127.0.0.1:3001/sim/avatar/u1.svg');
  for (const bad of ['http://static.dingtalk.com/a.png', 'javascript:alert(1)', 'data:image/png;base64,AAAA', '//evil.example/a.png', 'https://user:pw@evil.example/a.png', `https://x.example/${'a'.repeat(2000)}`]) {
    assert.equal(avatar(bad), undefined, bad);
  }
});

test('identifiers that are not DingTalk-like are refused, never cut', () => {
  for (const unionId of ['u'.repeat(65), 'has space', 'u\u200b1', '', '联合']) {
    assert.throws(() => boundIdentity({ unionId }), (e: unknown) => isDingTalkError(e) && e.code === 'dingtalk.bad_response', JSON.stringify(unionId));
  }
  assert.throws(() => boundOrgRecord({ userId: 'x'.repeat(100) }), isDingTalkError);
});
