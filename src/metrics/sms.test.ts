import { test } from 'node:test';
import assert from 'node:assert/strict';
import { meteredSmsSender } from './sms.ts';
import { createPorticoMetrics } from './portico.ts';
import type { SmsMessage } from '../sms/types.ts';

const message: SmsMessage = { phone: '+8613800000001', code: '123456', purpose: 'login', locale: 'en', ttlMinutes: 5 };

test('sends are counted by sender and outcome, timed, and failures still reach the caller', async () => {
  const metrics = createPorticoMetrics();
  try {
    let fail = false;
    const sender = meteredSmsSender(
      {
        kind: 'webhook',
        async send() {
          if (fail) throw new Error('provider down');
          return { providerMessageId: 'm1' };
        },
      },
      metrics,
    );
    assert.deepEqual(await sender.send(message), { providerMessageId: 'm1' });
    fail = true;
    await assert.rejects(sender.send(message), /provider down/);
    assert.equal(sender.kind, 'webhook');
    assert.equal(metrics.smsSends.get({ sender: 'webhook', outcome: 'success' }), 1);
    assert.equal(metrics.smsSends.get({ sender: 'webhook', outcome: 'failure' }), 1);
    assert.equal(metrics.smsDuration.get({ sender: 'webhook' }).count, 2);
  } finally {
    metrics.stop();
  }
});
