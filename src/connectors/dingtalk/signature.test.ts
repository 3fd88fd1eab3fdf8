import assert from 'node:assert/strict';
import { test } from 'node:test';
import { legacySignature } from './signature.ts';
import { clientWith } from './testing-client.ts';

// Official vector (ref §4.3 step 4).
const TS = 1546084445901;
const SIG = 'HCbG3xNE3vzhO+u7qCUL1jS5hsu2n5r2cFhnTrtyDAE=';
const SIG_ENCODED = 'HCbG3xNE3vzhO%2Bu7qCUL1jS5hsu2n5r2cFhnTrtyDAE%3D';

test('legacySignature reproduces the official test vector', () => {
  assert.equal(legacySignature('testappSecret', TS), SIG);
  assert.equal(legacySignature('testappSecret', String(TS)), SIG);
  assert.equal(encodeURIComponent(legacySignature('testappSecret', TS)), SIG_ENCODED);
});

test('legacySignature signs the timestamp alone: a different secret or timestamp changes it', () => {
  assert.notEqual(legacySignature('otherSecret', TS), SIG);
  assert.notEqual(legacySignature('testappSecret', TS + 1), SIG);
});

test('legacySignature rejects a timestamp that is not integer milliseconds', () => {
  assert.throws(() => legacySignature('testappSecret', '1546084445.901'), TypeError);
  assert.throws(() => legacySignature('testappSecret', -1), TypeError);
});

test('getuserinfo_bycode sends the vector signature URL-encoded exactly once', async () => {
  const { client, ff } = clientWith([{ json: { errcode: 0, errmsg: 'ok', user_info: { unionid: 'u1' } } }], {
    appSecret: 'testappSecret',
    now: () => TS,
  });
  await client.getUserInfoByTmpCode('tmpcode');
  const url = new URL(ff.calls[0].url);
  assert.equal(url.search, `?accessKey=dingtestappkey01&timestamp=${TS}&signature=${SIG_ENCODED}`);
  assert.equal(url.searchParams.get('signature'), SIG);
});
