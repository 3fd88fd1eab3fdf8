// Phones in logs are masked; Aliyun gets mainland numbers without +86 and others without +.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskPhone, toAliyunPhoneNumber } from './phone.ts';

test('a mainland mobile keeps +86, the operator prefix and the last 4 digits', () => {
  assert.equal(maskPhone('+8613800000001'), '+86138****0001');
});

test('shorter numbers show less and always hide at least 3 digits', () => {
  assert.equal(maskPhone('+14155550100'), '+141****0100');
  assert.equal(maskPhone('+85261234567'), '+852****4567');
  assert.equal(maskPhone('+12345678'), '+1***5678');
  assert.equal(maskPhone('+491701234567890'), '+49170******7890');
});

test('anything that is not E.164 is not logged at all', () => {
  for (const bad of ['13800000001', '', '+86 138 0000 0001', 'x', '+0123456789']) assert.equal(maskPhone(bad), '***', bad);
});

test('Aliyun PhoneNumbers: mainland without +86, elsewhere the country code without +', () => {
  assert.equal(toAliyunPhoneNumber('+8613800000001'), '13800000001');
  assert.equal(toAliyunPhoneNumber('+14155550100'), '14155550100');
  assert.equal(toAliyunPhoneNumber('+85261234567'), '85261234567');
});
