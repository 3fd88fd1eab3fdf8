// The HTTP-push crypto against the reference's official vectors V1–V3 and the constructed vector (ref §2.2).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callbackSignature, decryptMessage, encryptMessage } from './callback-crypto.ts';

const OFFICIAL = [
  {
    name: 'V1', token: 'mryue', aesKey: 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7', owner: 'ding6ccabc44d2c8d38b',
    timestamp: '1608001896814', nonce: 'WL4PK6yA', signature: '03044561471240d4a14bb09372dfcfd4fd0e40cb', plaintext: '{"EventType":"check_url"}',
    encrypt: '0vJiX6vliEpwG3U45CtXqi+m8PXbQRARJ8p8BbDuD1EMTDf0jKpQ79QS93qEk7XHpP6u+oTTrd15NRPvNvmBKyDCYxxOK+HZeKju4yhELOFchzNukR+t8SB/qk4ROMu3',
  },
  {
    name: 'V2', token: 'tokenxxxx', aesKey: 'o1w0aum42yaptlz8alnhwikjd3jenzt9cb9wmzptgus', owner: 'dingxxxxxx',
    timestamp: '1605695694141', nonce: 'WelUQl6bCqcBa2fM', signature: 'f36f4ba5337d426c7d4bca0dbcb06b3ddc1388fc', plaintext: 'success',
    encrypt: 'X1VSe9cTJUMZu60d3kyLYTrBq5578ZRJtteU94wG0Q4Uk6E/wQYeJRIC0/UFW5Wkya1Ihz9oXAdLlyC9TRaqsQ==',
  },
  {
    name: 'V3', token: '123456', aesKey: '4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij', owner: 'suite4xxxxxxxxxxxxxxx',
    timestamp: '1445827045067', nonce: 'nEXhMP4r', signature: '5a65ceeef9aab2d149439f82dc191dd6c5cbe2c0',
    plaintext: '{"EventType":"check_create_suite_url","Random":"LPIdSnlF","TestSuiteKey":"suite4xxxxxxxxxxxxxxx"}',
    encrypt: '1a3NBxmCFwkCJvfoQ7WhJHB+iX3qHPsc9JbaDznE1i03peOk1LaOQoRz3+nlyGNhwmwJ3vDMG+OzrHMeiZI7gTRWVdUBmfxjZ8Ej23JVYa9VrYeJ5as7XM/ZpulX8NEQis44w53h1qAgnC3PRzM7Zc/D6Ibr0rgUathB6zRHP8PYrfgnNOS9PhSBdHlegK+AGGanfwjXuQ9+0pZcy0w9lQ==',
  },
];

const CONSTRUCTED = {
  token: 'testtoken', aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFE', owner: 'dingtestappkey0001', random16: '0123456789abcdef',
  timestamp: '1700000000123', nonce: 'nonce123', signature: 'df575cf4e8644a474d0d1eaad0fd50f4ae5186d0',
  msg: '{"EventType":"user_add_org","UserId":["u001"],"CorpId":"dingcorp0001","TimeStamp":"1700000000000"}',
  encrypt: 'Q3stYC6hdFzMh9T8HCvyDMsdwHgPW20ibzncttljRpDIIHr90oZhfPuULtN1iFDib0SXOgE3o5iRk21bA6kNyoGSBDZAE4XFnQjyptY2021GBiHojNqRsPrS/p98Q4Vq3mNv76ORPFdkr3RzKJBrKOLTXSadGvwAGVjYnPjUf5KYf3l1B72fajdckdQ96WdFjYEmjYCL+sasal7voaRcgQ==',
  reply: { random16: 'fedcba9876543210', timeStamp: '1700000001000', nonce: 'replynonce', encrypt: 'DpQeJfnf/MGZ/+GTIspwVIrytpxseNieWpwBrdmfR/brf964LVtvBkJl69zSNRcJ6w0NKZoOilgOBVdJaGmXLQ==', signature: '37adb9295569a9db8efa4cbd2f399ce36a279e8a' },
};

describe('HTTP push callback crypto', () => {
  for (const v of OFFICIAL) {
    it(`verifies and decrypts the official vector ${v.name}`, () => {
      assert.equal(callbackSignature(v.token, v.timestamp, v.nonce, v.encrypt), v.signature);
      assert.equal(decryptMessage(v.encrypt, v.aesKey, v.owner), v.plaintext);
    });
  }

  it('re-creates the constructed vector byte for byte from its fixed random16, and its reply', () => {
    const c = CONSTRUCTED;
    assert.equal(encryptMessage(c.msg, c.aesKey, c.owner, c.random16), c.encrypt);
    assert.equal(callbackSignature(c.token, c.timestamp, c.nonce, c.encrypt), c.signature);
    assert.equal(decryptMessage(c.encrypt, c.aesKey, c.owner), c.msg);
    assert.equal(encryptMessage('success', c.aesKey, c.owner, c.reply.random16), c.reply.encrypt);
    assert.equal(callbackSignature(c.token, c.reply.timeStamp, c.reply.nonce, c.reply.encrypt), c.reply.signature);
  });

  it('refuses another owner and a tampered ciphertext', () => {
    const c = CONSTRUCTED;
    assert.throws(() => decryptMessage(c.encrypt, c.aesKey, 'dingsomeoneelse'), /owner mismatch/);
    const tampered = Buffer.from(c.encrypt, 'base64');
    tampered[tampered.length - 1] ^= 0xff;
    assert.throws(() => decryptMessage(tampered.toString('base64'), c.aesKey, c.owner));
  });

  it('round-trips a message with a random prefix', () => {
    const msg = JSON.stringify({ EventType: 'org_dept_create', DeptId: [7], CorpId: 'ding1', TimeStamp: '1' });
    assert.equal(decryptMessage(encryptMessage(msg, CONSTRUCTED.aesKey, 'app'), CONSTRUCTED.aesKey, 'app'), msg);
  });
});
