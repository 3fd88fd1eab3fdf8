// The RPC signature must reproduce Alibaba Cloud's own published worked examples, byte for byte.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aliyunTimestamp, canonicalQuery, percentEncode, signRpc, stringToSign } from './aliyun-signature.ts';

test("matches the SendSms example of Aliyun's SMS signature documentation (testId / testSecret)", () => {
  // Short Message Service > "Signature method" (help.aliyun.com/document_detail/56189.html, Java SignDemo):
  // these parameters, secret "testSecret", give StringToSign below and Signature zJDF+Lrzhj/ThnlvIToysFRq6t4=.
  const params = {
    AccessKeyId: 'testId',
    Action: 'SendSms',
    Format: 'XML',
    OutId: '123',
    PhoneNumbers: '15300000001',
    RegionId: 'cn-hangzhou',
    SignName: '阿里云短信测试专用',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
    SignatureVersion: '1.0',
    TemplateCode: 'SMS_71390007',
    TemplateParam: '{"customer":"test"}',
    Timestamp: '2017-07-12T02:42:19Z',
    Version: '2017-05-25',
  };
  assert.equal(
    stringToSign('GET', params),
    'GET&%2F&AccessKeyId%3DtestId%26Action%3DSendSms%26Format%3DXML%26OutId%3D123%26PhoneNumbers%3D15300000001' +
      '%26RegionId%3Dcn-hangzhou%26SignName%3D%25E9%2598%25BF%25E9%2587%258C%25E4%25BA%2591%25E7%259F%25AD%25E4%25BF%25A1' +
      '%25E6%25B5%258B%25E8%25AF%2595%25E4%25B8%2593%25E7%2594%25A8%26SignatureMethod%3DHMAC-SHA1' +
      '%26SignatureNonce%3D45e25e9b-0a6f-4070-8c85-2956eda1b466%26SignatureVersion%3D1.0%26TemplateCode%3DSMS_71390007' +
      '%26TemplateParam%3D%257B%2522customer%2522%253A%2522test%2522%257D%26Timestamp%3D2017-07-12T02%253A42%253A19Z' +
      '%26Version%3D2017-05-25',
  );
  assert.equal(signRpc('GET', params, 'testSecret'), 'zJDF+Lrzhj/ThnlvIToysFRq6t4=');
});

test("matches the DescribeRegions example of Aliyun's RPC request-signature documentation (testid / testsecret)", () => {
  // Alibaba Cloud "Request signature" (RPC APIs, ECS example): signed with "testsecret&" → OLeaidS1JvxuMvnyHOwuJ+uX5qY=.
  const params = {
    AccessKeyId: 'testid',
    Action: 'DescribeRegions',
    Format: 'XML',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
    SignatureVersion: '1.0',
    Timestamp: '2016-02-23T12:46:24Z',
    Version: '2014-05-26',
  };
  assert.equal(signRpc('GET', params, 'testsecret'), 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
});

test('the Signature parameter never signs itself and the order of the input does not matter', () => {
  const a = { B: '2', A: '1', Signature: 'x' };
  assert.equal(canonicalQuery(a), 'A=1&B=2');
  assert.equal(signRpc('GET', a, 's'), signRpc('GET', { A: '1', B: '2' }, 's'));
});

test("percent-encoding follows Aliyun's rules, not form encoding", () => {
  assert.equal(percentEncode("a b*c~d!'()-_."), 'a%20b%2Ac~d%21%27%28%29-_.');
  assert.equal(percentEncode('+/=&:'), '%2B%2F%3D%26%3A');
  assert.equal(percentEncode('派'), '%E6%B4%BE');
});

test('timestamps are UTC ISO 8601 without milliseconds', () => {
  assert.equal(aliyunTimestamp(new Date('2017-07-12T02:42:19.987Z')), '2017-07-12T02:42:19Z');
});
