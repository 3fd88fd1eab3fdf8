// HTTP push crypto against DingTalk's official vectors (ref §2.2 V1–V3) and the constructed vector with every intermediate value.
import assert from 'node:assert/strict';
import { createCipheriv } from 'node:crypto';
import { test } from 'node:test';
import { createPushCrypto, DingTalkPushError, readPushRequest, type PushRequest } from './push-crypto.ts';

interface Vector { name: string; token: string; aesKey: string; ownerKey: string; req: PushRequest; plaintext: string }

const VECTORS: Vector[] = [
  {
    name: 'V1 (official Python library, check_url)', token: 'mryue', aesKey: 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7', ownerKey: 'ding6ccabc44d2c8d38b',
    req: {
      signature: '03044561471240d4a14bb09372dfcfd4fd0e40cb', timestamp: '1608001896814', nonce: 'WL4PK6yA',
      encrypt: '0vJiX6vliEpwG3U45CtXqi+m8PXbQRARJ8p8BbDuD1EMTDf0jKpQ79QS93qEk7XHpP6u+oTTrd15NRPvNvmBKyDCYxxOK+HZeKju4yhELOFchzNukR+t8SB/qk4ROMu3',
    },
    plaintext: '{"EventType":"check_url"}',
  },
  {
    name: 'V2 (official Go and C# libraries, a reply padded to 16)', token: 'tokenxxxx', aesKey: 'o1w0aum42yaptlz8alnhwikjd3jenzt9cb9wmzptgus', ownerKey: 'dingxxxxxx',
    req: {
      signature: 'f36f4ba5337d426c7d4bca0dbcb06b3ddc1388fc', timestamp: '1605695694141', nonce: 'WelUQl6bCqcBa2fM',
      encrypt: 'X1VSe9cTJUMZu60d3kyLYTrBq5578ZRJtteU94wG0Q4Uk6E/wQYeJRIC0/UFW5Wkya1Ihz9oXAdLlyC9TRaqsQ==',
    },
    plaintext: 'success',
  },
  {
    name: 'V3 (official Rust library test, old doc)', token: '123456', aesKey: '4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij', ownerKey: 'suite4xxxxxxxxxxxxxxx',
    req: {
      signature: '5a65ceeef9aab2d149439f82dc191dd6c5cbe2c0', timestamp: '1445827045067', nonce: 'nEXhMP4r',
      encrypt: '1a3NBxmCFwkCJvfoQ7WhJHB+iX3qHPsc9JbaDznE1i03peOk1LaOQoRz3+nlyGNhwmwJ3vDMG+OzrHMeiZI7gTRWVdUBmfxjZ8Ej23JVYa9VrYeJ5as7XM/ZpulX8NEQis44w53h1qAgnC3PRzM7Zc/D6Ibr0rgUathB6zRHP8PYrfgnNOS9PhSBdHlegK+AGGanfwjXuQ9+0pZcy0w9lQ==',
    },
    plaintext: '{"EventType":"check_create_suite_url","Random":"LPIdSnlF","TestSuiteKey":"suite4xxxxxxxxxxxxxxx"}',
  },
];

for (const v of VECTORS) {
  test(`${v.name}: signature and decryption`, () => {
    const crypto = createPushCrypto(v);
    assert.equal(crypto.signature(v.req.timestamp, v.req.nonce, v.req.encrypt), v.req.signature);
    assert.equal(crypto.decrypt(v.req), v.plaintext);
  });
}

const C = { token: 'testtoken', aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFE', ownerKey: 'dingtestappkey0001' };
const C_ENCRYPT = 'Q3stYC6hdFzMh9T8HCvyDMsdwHgPW20ibzncttljRpDIIHr90oZhfPuULtN1iFDib0SXOgE3o5iRk21bA6kNyoGSBDZAE4XFnQjyptY2021GBiHojNqRsPrS/p98Q4Vq3mNv76ORPFdkr3RzKJBrKOLTXSadGvwAGVjYnPjUf5KYf3l1B72fajdckdQ96WdFjYEmjYCL+sasal7voaRcgQ==';
const C_REQ: PushRequest = { signature: 'df575cf4e8644a474d0d1eaad0fd50f4ae5186d0', timestamp: '1700000000123', nonce: 'nonce123', encrypt: C_ENCRYPT };
const C_MSG = '{"EventType":"user_add_org","UserId":["u001"],"CorpId":"dingcorp0001","TimeStamp":"1700000000000"}';

test('constructed vector: signature and decryption', () => {
  const crypto = createPushCrypto(C);
  assert.equal(crypto.signature(C_REQ.timestamp, C_REQ.nonce, C_ENCRYPT), C_REQ.signature);
  assert.equal(crypto.decrypt(C_REQ), C_MSG);
});

test('constructed vector: the reply with fixed random16, timestamp and nonce, byte for byte', () => {
  const reply = createPushCrypto(C).encryptReply('success', { random16: 'fedcba9876543210', timestamp: '1700000001000', nonce: 'replynonce' });
  assert.deepEqual(reply, {
    msg_signature: '37adb9295569a9db8efa4cbd2f399ce36a279e8a',
    timeStamp: '1700000001000',
    nonce: 'replynonce',
    encrypt: 'DpQeJfnf/MGZ/+GTIspwVIrytpxseNieWpwBrdmfR/brf964LVtvBkJl69zSNRcJ6w0NKZoOilgOBVdJaGmXLQ==',
  });
});

test('a reply with defaults decrypts back to "success" and carries a fresh ms timestamp and a 16-character nonce', () => {
  const crypto = createPushCrypto(C);
  const reply = crypto.encryptReply();
  assert.match(reply.nonce, /^[a-zA-Z0-9]{16}$/);
  assert.ok(Math.abs(Number(reply.timeStamp) - Date.now()) < 5000);
  assert.equal(crypto.decrypt({ signature: reply.msg_signature, timestamp: reply.timeStamp, nonce: reply.nonce, encrypt: reply.encrypt }), 'success');
  assert.notEqual(crypto.encryptReply().encrypt, reply.encrypt); // random16 differs
});

test('a multi-byte message round-trips (the length field counts UTF-8 bytes)', () => {
  const crypto = createPushCrypto(C);
  const r = crypto.encryptReply('{"EventType":"org_dept_create","名":"研发部"}', { timestamp: '1', nonce: 'n' });
  assert.equal(crypto.decrypt({ signature: r.msg_signature, timestamp: '1', nonce: 'n', encrypt: r.encrypt }), '{"EventType":"org_dept_create","名":"研发部"}');
});

const isPush = (code: string) => (e: unknown) => e instanceof DingTalkPushError && e.code === code;

test('a wrong signature is refused before anything is decrypted', () => {
  const crypto = createPushCrypto(C);
  assert.throws(() => crypto.decrypt({ ...C_REQ, signature: 'ef575cf4e8644a474d0d1eaad0fd50f4ae5186d0' }), isPush('dingtalk.push_signature_invalid'));
  assert.throws(() => crypto.decrypt({ ...C_REQ, signature: 'short' }), isPush('dingtalk.push_signature_invalid'));
  assert.throws(() => crypto.decrypt({ ...C_REQ, nonce: 'nonce124' }), isPush('dingtalk.push_signature_invalid'));
  assert.throws(() => createPushCrypto({ ...C, token: 'other' }).decrypt(C_REQ), isPush('dingtalk.push_signature_invalid'));
  // An upper-case hex signature is the same signature.
  assert.equal(crypto.decrypt({ ...C_REQ, signature: C_REQ.signature.toUpperCase() }), C_MSG);
});

test('another owner (AppKey) is refused', () => {
  assert.throws(() => createPushCrypto({ ...C, ownerKey: 'dingotherapp' }).decrypt(C_REQ), isPush('dingtalk.push_owner_mismatch'));
  assert.throws(() => createPushCrypto({ ...C, ownerKey: 'dingtestappkey000' }).decrypt(C_REQ), isPush('dingtalk.push_owner_mismatch'));
});

test('the AES key must be 43 characters of [a-zA-Z0-9]', () => {
  for (const aesKey of ['abc', C.aesKey + 'x', C.aesKey.slice(0, 42) + '+', C.aesKey.slice(0, 42) + '=']) {
    assert.throws(() => createPushCrypto({ ...C, aesKey }), isPush('dingtalk.push_aes_key_invalid'));
  }
  assert.throws(() => createPushCrypto({ ...C, token: '' }), TypeError);
  assert.throws(() => createPushCrypto({ ...C, ownerKey: '' }), TypeError);
});

/** A signed push whose plaintext bytes are given as is (to test padding and length checks). */
function signedRaw(plain: Buffer): PushRequest {
  const key = Buffer.from(C.aesKey + '=', 'base64');
  const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  c.setAutoPadding(false);
  const encrypt = Buffer.concat([c.update(plain), c.final()]).toString('base64');
  return { signature: createPushCrypto(C).signature('1', 'n', encrypt), timestamp: '1', nonce: 'n', encrypt };
}

function framed(msg: string, padTo: number, padValue?: number): Buffer {
  const body = Buffer.from(msg);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  const p = Buffer.concat([Buffer.from('0123456789abcdef'), len, body, Buffer.from(C.ownerKey)]);
  const n = padTo - (p.length % padTo);
  return Buffer.concat([p, Buffer.alloc(n, padValue ?? n)]);
}

test('any pad from 1 to 32 is accepted (Go and Rust pad to 16)', () => {
  const crypto = createPushCrypto(C);
  assert.equal(crypto.decrypt(signedRaw(framed('success', 16))), 'success');
  assert.equal(crypto.decrypt(signedRaw(framed('success', 32))), 'success');
  const full = framed('x'.repeat(32 - 16 - 4 - C.ownerKey.length + 32), 32); // plaintext a multiple of 32 → a whole block of 32
  assert.equal(full[full.length - 1], 32);
  assert.equal(crypto.decrypt(signedRaw(full)), 'x'.repeat(32 - 16 - 4 - C.ownerKey.length + 32));
});

test('malformed but correctly signed pushes are refused as malformed', () => {
  const crypto = createPushCrypto(C);
  const bad = [
    signedRaw(framed('success', 32, 0)), // pad 0
    signedRaw(framed('success', 32, 33)), // pad > 32
    signedRaw(Buffer.concat([Buffer.from('0123456789abcdef'), Buffer.from([0, 0, 1, 0]), Buffer.alloc(12, 12)])), // length beyond the data
  ];
  for (const req of bad) assert.throws(() => crypto.decrypt(req), isPush('dingtalk.push_malformed'));
  const notBase64 = 'not base64!';
  assert.throws(() => crypto.decrypt({ signature: crypto.signature('1', 'n', notBase64), timestamp: '1', nonce: 'n', encrypt: notBase64 }), isPush('dingtalk.push_malformed'));
  const shortCipher = Buffer.alloc(16).toString('base64');
  assert.throws(() => crypto.decrypt({ signature: crypto.signature('1', 'n', shortCipher), timestamp: '1', nonce: 'n', encrypt: shortCipher }), isPush('dingtalk.push_malformed'));
  assert.throws(() => crypto.decrypt({ ...C_REQ, nonce: '' }), isPush('dingtalk.push_malformed'));
});

test('errors name the code but never the key, token or plaintext', () => {
  try {
    createPushCrypto({ ...C, ownerKey: 'dingother' }).decrypt(C_REQ);
    assert.fail('decrypted');
  } catch (e) {
    const text = String(e) + JSON.stringify(e);
    for (const secret of [C.aesKey, C.token, 'dingtestappkey0001', 'u001']) assert.ok(!text.includes(secret));
  }
});

test('readPushRequest: signature or msg_signature, timestamp or timeStamp, nonce, body.encrypt', () => {
  assert.deepEqual(readPushRequest({ signature: 's', timestamp: 't', nonce: 'n' }, { encrypt: 'e' }), { signature: 's', timestamp: 't', nonce: 'n', encrypt: 'e' });
  assert.deepEqual(readPushRequest({ msg_signature: 'm', signature: 's', timeStamp: 'T', timestamp: 't', nonce: 'n' }, { encrypt: 'e' }),
    { signature: 'm', timestamp: 'T', nonce: 'n', encrypt: 'e' });
  assert.throws(() => readPushRequest({ signature: 's', timestamp: 't', nonce: 'n' }, {}), isPush('dingtalk.push_malformed'));
  assert.throws(() => readPushRequest({ timestamp: 't', nonce: 'n' }, { encrypt: 'e' }), isPush('dingtalk.push_malformed'));
  assert.throws(() => readPushRequest({ signature: ['a'], timestamp: 't', nonce: 'n' }, { encrypt: 'e' }), isPush('dingtalk.push_malformed'));
});
