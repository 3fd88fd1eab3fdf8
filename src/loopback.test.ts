import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isHttpsOrLoopback, isLoopbackHost } from './loopback.ts';

test('loopback is 127.0.0.0/8, ::1 and localhost, and nothing that merely looks like them', () => {
  for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1']) assert.equal(isLoopbackHost(host), true, host);
  for (const host of ['0.0.0.0', '128.0.0.1', '::', 'localhost.evil.example', 'evil.localhost', '10.0.0.1', '']) assert.equal(isLoopbackHost(host), false, host);
});

test('https anywhere, plain http only to this machine, credentials never', () => {
  const ok = (u: string) => isHttpsOrLoopback(new URL(u));
  for (const u of ['https://sms.example/send', 'http://127.0.0.1:3001/x', 'http://localhost/x', 'http://[::1]:80/']) assert.equal(ok(u), true, u);
  for (const u of ['http://sms.example/send', 'https://user:pw@sms.example/', 'http://u@127.0.0.1/', 'ftp://127.0.0.1/', 'javascript:alert(1)']) assert.equal(ok(u), false, u);
});
