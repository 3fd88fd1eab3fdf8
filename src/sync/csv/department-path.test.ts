import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDepartmentPath, parseDepartmentPath } from './department-path.ts';

test('a path is the names below the root joined by slashes', () => {
  assert.equal(formatDepartmentPath(['研发部', '后端组']), '研发部/后端组');
  assert.deepEqual(parseDepartmentPath('研发部/后端组'), ['研发部', '后端组']);
});

test('an empty cell is the root', () => {
  assert.equal(formatDepartmentPath([]), '');
  assert.deepEqual(parseDepartmentPath(''), []);
  assert.deepEqual(parseDepartmentPath('  '), []);
});

test('names are trimmed and empty names dropped', () => {
  assert.deepEqual(parseDepartmentPath(' /研发部 // 后端组 /'), ['研发部', '后端组']);
});

test('a slash or backslash inside a name round-trips as part of the name', () => {
  for (const names of [['市场/销售', '华东'], ['R&D\\Lab'], ['a\\/b'], ['\\']]) {
    assert.deepEqual(parseDepartmentPath(formatDepartmentPath(names)), names, JSON.stringify(names));
  }
  assert.equal(formatDepartmentPath(['市场/销售', '华东']), '市场\\/销售/华东');
});

test('a backslash before any other character is an ordinary character', () => {
  assert.deepEqual(parseDepartmentPath('C:\\dept/x'), ['C:\\dept', 'x']);
});
