// The development sender: the code goes to the outbox (the dev channel) and only there; the log gets the masked phone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createConsoleSender } from './console.ts';
import { SmsSendError } from './errors.ts';
import { MemoryOutbox } from './memory-outbox.ts';
import type { SmsMessage } from './types.ts';

const MESSAGE: SmsMessage = { phone: '+8613800000001', code: '482913', purpose: 'login', locale: 'zh-CN', ttlMinutes: 5 };

function capture() {
  const lines: Array<{ level: string; obj: object; msg?: string }> = [];
  return {
    lines,
    logger: {
      info: (obj: object, msg?: string) => void lines.push({ level: 'info', obj, msg }),
      warn: (obj: object, msg?: string) => void lines.push({ level: 'warn', obj, msg }),
    },
  };
}

test('the full message goes to the outbox; the log line has only the masked phone and the purpose', async () => {
  const { lines, logger } = capture();
  const outbox = new MemoryOutbox();
  const s = createConsoleSender({ logger, outbox, now: () => new Date('2025-03-04T05:06:07.890Z') });
  assert.equal(s.kind, 'console');
  assert.deepEqual(await s.send(MESSAGE), {});
  assert.deepEqual(await outbox.recent(10), [{ phone: '+8613800000001', code: '482913', purpose: 'login', sentAt: '2025-03-04T05:06:07.890Z' }]);
  assert.deepEqual(lines, [{ level: 'info', obj: { phone: '+86138****0001', purpose: 'login' }, msg: 'SMS code written to the development outbox' }]);
  assert.ok(!JSON.stringify(lines).includes('482913'));
});

test('an invalid message is refused and nothing is written', async () => {
  const { lines, logger } = capture();
  const outbox = new MemoryOutbox();
  const s = createConsoleSender({ logger, outbox });
  await assert.rejects(s.send({ ...MESSAGE, code: '4829' }), SmsSendError);
  assert.deepEqual(await outbox.recent(10), []);
  assert.deepEqual(lines, []);
});

test('the memory outbox returns the newest first, honours the limit and keeps at most its capacity', async () => {
  const outbox = new MemoryOutbox(3);
  for (let i = 1; i <= 5; i++) await outbox.append({ phone: `+861380000000${i}`, code: `00000${i}`, purpose: 'bind', sentAt: `t${i}` });
  assert.deepEqual((await outbox.recent(10)).map((e) => e.code), ['000005', '000004', '000003']);
  assert.deepEqual((await outbox.recent(2)).map((e) => e.code), ['000005', '000004']);
  assert.deepEqual(await outbox.recent(0), []);
  // Entries are copies: changing one does not change the outbox.
  (await outbox.recent(1))[0].code = 'tampered';
  assert.equal((await outbox.recent(1))[0].code, '000005');
});
