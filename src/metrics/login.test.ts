import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countLoginEvent } from './login.ts';
import { createPorticoMetrics } from './portico.ts';

test('a sign-in counts once by method when it ends; steps count only as events', () => {
  const metrics = createPorticoMetrics();
  try {
    countLoginEvent(metrics, { action: 'login.dingtalk.start', outcome: 'success', reason: 'dingtalk.qr_shown' });
    countLoginEvent(metrics, { action: 'login.dingtalk', outcome: 'success', reason: 'dingtalk.not_associated.bind_existing', method: 'dingtalk' });
    countLoginEvent(metrics, { action: 'login.dingtalk.bind.send', outcome: 'success', reason: 'otp.sent' });
    countLoginEvent(metrics, { action: 'login.dingtalk.bind', outcome: 'success', reason: 'dingtalk.bound_phone', userId: 'usr_1', method: 'dingtalk', boundByPhone: true });
    countLoginEvent(metrics, { action: 'login.password', outcome: 'failure', reason: 'login.invalid_credentials', method: 'password' });
    assert.equal(metrics.logins.get({ method: 'dingtalk', outcome: 'success' }), 0, 'going on to the phone page is not a sign-in yet');
    assert.equal(metrics.logins.get({ method: 'dingtalk_phone_bind', outcome: 'success' }), 1);
    assert.equal(metrics.logins.get({ method: 'password', outcome: 'failure' }), 1);
    assert.equal(metrics.loginEvents.get({ action: 'login.dingtalk.start', outcome: 'success', reason: 'dingtalk.qr_shown' }), 1);
    assert.equal(metrics.loginEvents.get({ action: 'login.dingtalk.bind.send', outcome: 'success', reason: 'otp.sent' }), 1);
  } finally {
    metrics.stop();
  }
});
