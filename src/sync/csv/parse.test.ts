import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CSV_LIMITS, parseCsv, type CsvItem } from './parse.ts';

const parse = (text: string, limits = CSV_LIMITS) => [...parseCsv(text, limits)];
const rows = (text: string) =>
  parse(text).map((item) => {
    assert.equal(item.kind, 'row', JSON.stringify(item));
    return (item as Extract<CsvItem, { kind: 'row' }>).cells;
  });

test('plain cells split on commas, records on LF, CRLF or a lone CR', () => {
  assert.deepEqual(rows('a,b\n1,2\r\n3,4\r5,6'), [['a', 'b'], ['1', '2'], ['3', '4'], ['5', '6']]);
});

test('quoted cells keep commas, line breaks and doubled quotes', () => {
  assert.deepEqual(rows('name,note\r\n"Zhang, San","say ""hi""\r\nand bye"\r\n'), [
    ['name', 'note'],
    ['Zhang, San', 'say "hi"\r\nand bye'],
  ]);
});

test('empty cells, an empty quoted cell and a trailing comma are cells', () => {
  assert.deepEqual(rows('a,b,c\n,"",\n'), [['a', 'b', 'c'], ['', '', '']]);
});

test('a byte order mark is not part of the first column name', () => {
  assert.deepEqual(rows('\uFEFFusername,displayName\nzs,张三'), [['username', 'displayName'], ['zs', '张三']]);
});

test('a trailing line break and blank lines add no rows', () => {
  assert.deepEqual(rows('a\n1\n\n\r\n2\r\n'), [['a'], ['1'], ['2']]);
});

test('rows carry the line they start on, counting line breaks inside quotes and blank lines', () => {
  const lines = parse('a,b\n"multi\nline",x\n\n3,4\n').map((item) => item.line);
  assert.deepEqual(lines, [1, 2, 5]);
});

test('a row with more or fewer cells than the header is an error, and reading goes on', () => {
  const items = parse('a,b\n1\n1,2,3\n4,5\n');
  assert.deepEqual(
    items.map((item) => (item.kind === 'row' ? item.cells : [item.code, item.line, item.fatal])),
    [['a', 'b'], ['csv.ragged_row', 2, false], ['csv.ragged_row', 3, false], ['4', '5']],
  );
});

test('text after a closing quote spoils that row only', () => {
  const items = parse('a,b\n"x"y,2\n3,4\n');
  assert.equal(items[1].kind, 'error');
  assert.equal(items[1].kind === 'error' && items[1].code, 'csv.text_after_quote');
  assert.deepEqual(items[2], { kind: 'row', line: 3, cells: ['3', '4'] });
});

test('a quote never closed stops the reading at the row that opened it', () => {
  const items = parse('a,b\n1,2\n3,"oops\n5,6\n');
  assert.deepEqual(items.at(-1), { kind: 'error', line: 3, code: 'csv.unclosed_quote', detail: 'cell 2 opens a quote that is never closed.', fatal: true });
  assert.equal(items.length, 3);
});

test('a quote inside an unquoted cell is kept as a character, as Excel reads it', () => {
  assert.deepEqual(rows('a\n5" screen\n'), [['a'], ['5" screen']]);
});

test('a file over the byte limit is refused before any row is read', () => {
  const items = parse('a\n' + 'x'.repeat(20), { ...CSV_LIMITS, maxBytes: 10 });
  assert.deepEqual(items.map((item) => item.kind === 'error' && [item.code, item.fatal]), [['csv.too_large', true]]);
});

test('the byte limit counts UTF-8 bytes, not characters', () => {
  assert.equal(parse('张三张三', { ...CSV_LIMITS, maxBytes: 11 })[0].kind, 'error');
  assert.equal(parse('张三张三', { ...CSV_LIMITS, maxBytes: 12 })[0].kind, 'row');
});

test('rows beyond the row limit stop the reading; the header does not count', () => {
  const items = parse('a\n1\n2\n3\n', { ...CSV_LIMITS, maxRows: 2 });
  assert.deepEqual(items.map((item) => (item.kind === 'row' ? item.cells[0] : item.code)), ['a', '1', '2', 'csv.too_many_rows']);
  assert.equal(parse('a\n1\n2\n', { ...CSV_LIMITS, maxRows: 2 }).length, 3);
});

test('a cell over the length limit spoils its row only', () => {
  const items = parse(`a,b\n${'x'.repeat(11)},1\n"${'y'.repeat(11)}",2\nok,3\n`, { ...CSV_LIMITS, maxCellLength: 10 });
  assert.deepEqual(items.map((item) => (item.kind === 'row' ? item.cells[0] : item.code)), ['a', 'csv.cell_too_long', 'csv.cell_too_long', 'ok']);
});

test('an empty file has no records', () => {
  assert.deepEqual(parse(''), []);
  assert.deepEqual(parse('\uFEFF'), []);
});
