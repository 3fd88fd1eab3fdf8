import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guardCell, unguardCell } from './formula-guard.ts';

test('cells a spreadsheet would run as a formula get a leading apostrophe', () => {
  for (const value of ['=1+2', '+SUM(A1)', '-2+3', '@cmd', '\t=1', '\r=1', '=HYPERLINK("http://evil","点我")']) {
    assert.equal(guardCell(value), `'${value}`, JSON.stringify(value));
  }
});

test('a phone number in E.164 form is written as it is', () => {
  assert.equal(guardCell('+8613800000001'), '+8613800000001');
  assert.equal(guardCell('+14155550123'), '+14155550123');
  assert.equal(guardCell('+86 138'), "'+86 138");
});

test('ordinary text is left alone, including an apostrophe before ordinary text', () => {
  for (const value of ['张三', 'zhangsan@example.com', "'Twas", 'a=b', '']) assert.equal(guardCell(value), value);
});

test('reading takes the apostrophe off again, so every value round-trips', () => {
  for (const value of ['=1+2', "'=1+2", "''-3", '+8613800000001', "'+8613800000001", "'Twas", "'", '张三', '@', "'@"]) {
    assert.equal(unguardCell(guardCell(value)), value, JSON.stringify(value));
  }
});

test('an apostrophe a person typed before a formula-like value is taken off too', () => {
  assert.equal(unguardCell("'+8613800000001"), '+8613800000001');
  assert.equal(unguardCell("'Twas"), "'Twas");
});
