import { test } from 'node:test';
import assert from 'node:assert/strict';
import Keygrip from 'keygrip';
import { cookieSigner } from './cookie-signer.ts';

test('cookies signed by the default signer before still verify, and new signatures are the same', () => {
  const keys = ['current-key', 'previous-key'];
  const before = new Keygrip(keys);
  const signer = cookieSigner(keys);
  const data = 'portico_oidc_session=abc123';
  assert.equal(signer.sign(data), before.sign(data));
  assert.equal(signer.index(data, new Keygrip(['previous-key']).sign(data)), 1);
  assert.equal(signer.verify(data, before.sign(data)), true);
});

test('a signature for other data, under another key, or cut short does not verify', () => {
  const signer = cookieSigner(['k1']);
  const signature = signer.sign('a=1');
  assert.equal(signer.verify('a=2', signature), false);
  assert.equal(cookieSigner(['k2']).verify('a=1', signature), false);
  assert.equal(signer.verify('a=1', signature.slice(0, -1)), false);
  assert.equal(signer.index('a=1', ''), -1);
});
