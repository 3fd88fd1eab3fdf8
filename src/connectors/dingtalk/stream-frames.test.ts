// Stream frames (ref §2.3): parsing what the server sends and the exact text of what the client answers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callbackAck, eventAck, parseFrame, pingReply } from './stream-frames.ts';

test('ACK texts are exactly the protocol', () => {
  assert.equal(eventAck('m1', 'SUCCESS'), '{"code":200,"headers":{"contentType":"application/json","messageId":"m1"},"message":"OK","data":"{\\"status\\":\\"SUCCESS\\",\\"message\\":\\"success\\"}"}');
  assert.equal(JSON.parse(JSON.parse(eventAck('m1', 'LATER')).data).status, 'LATER');
  assert.equal(pingReply('p1', '{"opaque":"o"}'), '{"code":200,"headers":{"contentType":"application/json","messageId":"p1"},"message":"OK","data":"{\\"opaque\\":\\"o\\"}"}');
  assert.deepEqual(JSON.parse(callbackAck('c1')).data, '{"response":null}');
});

test('an event with data as an object (not double-encoded) and a lone userId is read too', () => {
  const f = parseFrame(JSON.stringify({ type: 'EVENT', headers: { messageId: 'm', eventType: 'user_modify_org' }, data: { userId: 'u1', diffInfo: [] } }));
  assert.deepEqual(f, { kind: 'event', event: { messageId: 'm', eventId: 'm', eventType: 'user_modify_org', data: { userId: ['u1'], deptId: [], diffInfo: [] } } });
});

test('SYSTEM disconnect carries its reason; other SYSTEM topics and frame types are ignored', () => {
  assert.deepEqual(parseFrame('{"type":"SYSTEM","headers":{"topic":"disconnect"},"data":"{\\"reason\\":\\"connection is expired\\"}"}'), { kind: 'disconnect', reason: 'connection is expired' });
  assert.deepEqual(parseFrame('{"type":"SYSTEM","headers":{"topic":"REGISTERED"}}'), { kind: 'ignored' });
  assert.deepEqual(parseFrame('{"type":"NEW","headers":{}}'), { kind: 'ignored' });
  assert.deepEqual(parseFrame('{"type":"CALLBACK","headers":{"messageId":"c"},"data":"{}"}'), { kind: 'callback', messageId: 'c' });
});

test('malformed frames: not JSON, no messageId (no ACK possible), no eventType or bad data (ACK possible)', () => {
  assert.equal(parseFrame('nope').kind, 'malformed');
  assert.equal(parseFrame('[1]').kind, 'malformed');
  assert.deepEqual(parseFrame('{"type":"EVENT","headers":{"eventType":"x"},"data":"{}"}'), { kind: 'malformed', why: 'event without messageId' });
  assert.equal((parseFrame('{"type":"EVENT","headers":{"messageId":"m"},"data":"{}"}') as { messageId?: string }).messageId, 'm');
  assert.equal((parseFrame('{"type":"EVENT","headers":{"messageId":"m","eventType":"x"},"data":"not json"}') as { messageId?: string }).messageId, 'm');
});
