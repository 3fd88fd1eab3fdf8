import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvReader, type CsvMatchKey } from './reader.ts';
import type { UpstreamDepartment, UpstreamPerson } from '../reader.ts';

async function read(text: string, matchKey: CsvMatchKey = 'mobile') {
  const reader = csvReader(text, { matchKey });
  const departments: UpstreamDepartment[] = [];
  for await (const d of reader.departments()) departments.push(d);
  const pages: UpstreamPerson[][] = [];
  for await (const page of reader.people()) pages.push(page);
  return { reader, departments, pages, people: pages.flat(), problems: reader.problems() };
}

const HEADER = 'username,displayName,mobile,email,employeeNumber,externalId,status,department';

test('each row is a person keyed by the normalized match key, with every column of the file as a value', async () => {
  const { people, problems } = await read(`${HEADER}\r\nZhangSan,张三,138 0000 0001,ZS@Example.com, E001 ,dt-1,active,研发部/后端组\r\n`);
  assert.deepEqual(problems, []);
  assert.deepEqual(people, [
    {
      externalId: '+8613800000001',
      subject: null,
      departmentIds: ['研发部/后端组'],
      active: true,
      values: { username: 'zhangsan', displayName: '张三', mobile: '+8613800000001', email: 'zs@example.com', employeeNumber: 'E001', externalId: 'dt-1' },
      origin: 'row 2',
    },
  ]);
});

test('columns are found in any order and any case; a column not in the file is no value at all', async () => {
  const { reader, people } = await read('EMAIL,DisplayName\nls@example.com,李四\n', 'email');
  assert.deepEqual(reader.columns, ['displayName', 'email']);
  assert.deepEqual(people[0].values, { displayName: '李四', email: 'ls@example.com' });
  assert.equal(people[0].externalId, 'ls@example.com');
  assert.deepEqual(people[0].departmentIds, []);
});

test('an empty cell clears the value, except a username, which is left out', async () => {
  const { people } = await read('employeeNumber,displayName,mobile,email,username\nE9,王五,,,\n', 'employeeNumber');
  assert.deepEqual(people[0].values, { employeeNumber: 'E9', displayName: '王五', mobile: null, email: null });
});

test('status: active or empty is active, disabled is not, in any case', async () => {
  const { people } = await read('mobile,displayName,status\n13800000001,a,Active\n13800000002,b,\n13800000003,c,DISABLED\n');
  assert.deepEqual(people.map((p) => p.active), [true, true, false]);
});

test('any other status is a problem naming the row and column, and the row is not a person', async () => {
  const { people, problems } = await read('mobile,displayName,status\n13800000001,a,locked\n');
  assert.deepEqual(people, []);
  assert.deepEqual(problems, [{ externalId: 'row 2', name: 'a', code: 'csv.invalid_status', detail: 'row 2, column status: "locked" is neither active nor disabled.' }]);
});

test("cells breaking a user field's rule are problems with that rule's code, one per column", async () => {
  const { people, problems } = await read(`${HEADER}\nzs,张三,13800000001,x@y.z,,,,\nbad name,李四,12ab,not-an-email,,,,\nok,  ,13800000003,,,,,\n`);
  assert.deepEqual(people.map((p) => p.origin), ['row 2']);
  assert.deepEqual(
    problems.map((p) => [p.externalId, p.name, p.code, p.detail]),
    [
      ['row 3', '李四', 'csv.invalid_username', 'row 3, column username: "bad name" is not a valid username.'],
      ['row 3', '李四', 'user.invalid_mobile', 'row 3, column mobile: "12ab" is not a valid phone number.'],
      ['row 3', '李四', 'user.invalid_email', 'row 3, column email: "not-an-email" is not a valid email address.'],
      ['row 4', 'row 4', 'user.invalid_display_name', 'row 4, column displayName: Display name cannot be blank.'],
    ],
  );
});

test('a display name with control characters is refused as the user rules refuse it', async () => {
  const { problems } = await read('mobile,displayName\n13800000001,"a\u0007b"\n');
  assert.equal(problems[0].code, 'user.invalid_display_name');
});

test('a row without its match key is a problem', async () => {
  const { people, problems } = await read('mobile,displayName\n,张三\n');
  assert.deepEqual(people, []);
  assert.deepEqual(problems.map((p) => [p.code, p.detail]), [['csv.missing_key', 'row 2, column mobile: empty, but mobile is the match key.']]);
});

test('a match-key value on an earlier row is a problem for the later row, compared normalized', async () => {
  const { people, problems } = await read('mobile,displayName\n13800000001,张三\n+86 138-0000-0001,张三丰\n13800000002,李四\n');
  assert.deepEqual(people.map((p) => p.origin), ['row 2', 'row 4']);
  assert.deepEqual(problems.map((p) => [p.externalId, p.code, p.detail]), [['row 3', 'csv.duplicate_key', 'row 3, column mobile: "+8613800000001" is also on row 2.']]);
});

test('departments: the root, then every path prefix once, parents first; people name their path', async () => {
  const { departments, people } = await read('mobile,displayName,department\n13800000001,a,研发部/后端组\n13800000002,b, 研发部 / 前端组 \n13800000003,c,\n13800000004,d,市场部\n');
  assert.deepEqual(departments, [
    { externalId: '', parentExternalId: null, name: '' },
    { externalId: '研发部', parentExternalId: '', name: '研发部' },
    { externalId: '研发部/后端组', parentExternalId: '研发部', name: '后端组' },
    { externalId: '研发部/前端组', parentExternalId: '研发部', name: '前端组' },
    { externalId: '市场部', parentExternalId: '', name: '市场部' },
  ]);
  assert.deepEqual(people.map((p) => p.departmentIds), [['研发部/后端组'], ['研发部/前端组'], [], ['市场部']]);
});

test('a row with a problem brings no department with it', async () => {
  const { departments } = await read('mobile,displayName,department\n12ab,a,幽灵部\n');
  assert.deepEqual(departments, [{ externalId: '', parentExternalId: null, name: '' }]);
});

test('a department name with control characters is a problem for its row', async () => {
  const { problems } = await read('mobile,displayName,department\n13800000001,a,"研发\u0000部"\n');
  assert.equal(problems[0].code, 'org_unit.invalid_name');
  assert.match(problems[0].detail, /^row 2, column department: /);
});

test('the apostrophe the export puts before formula-like cells is taken off', async () => {
  const { people } = await read(`mobile,displayName,employeeNumber\n+8613800000001,'=HYPERLINK("x"),'-7\n`);
  assert.deepEqual(people[0].values, { mobile: '+8613800000001', displayName: '=HYPERLINK("x")', employeeNumber: '-7' });
});

test('a ragged row is a problem naming its row; the rows after it are read', async () => {
  const { people, problems } = await read('mobile,displayName\n13800000001\n13800000002,b\n');
  assert.deepEqual(people.map((p) => p.origin), ['row 3']);
  assert.deepEqual(problems.map((p) => [p.externalId, p.code, p.detail]), [['row 2', 'csv.ragged_row', 'row 2: 1 cell, but the header has 2 columns.']]);
});

test('rows are numbered as lines: a line break inside a quoted cell counts', async () => {
  const { people, problems } = await read('mobile,displayName,department\n13800000001,"two\nlines",\n12ab,c,\n');
  assert.equal(people.length, 0);
  assert.deepEqual(problems.map((p) => p.externalId), ['row 2', 'row 4']);
});

test('people come in pages of 500', async () => {
  const rows = Array.from({ length: 1201 }, (_, i) => `E${i},person ${i}`).join('\n');
  const { pages } = await read(`employeeNumber,displayName\n${rows}\n`, 'employeeNumber');
  assert.deepEqual(pages.map((p) => p.length), [500, 500, 201]);
});

test('unknown, repeated and missing columns are file problems, and nothing is read', async () => {
  const { reader, departments, people, problems } = await read('Mobile,phone,mobile,dept\n13800000001,x,y,z\n');
  assert.deepEqual(
    reader.fileProblems.map((p) => [p.externalId, p.code, p.detail]),
    [
      ['row 1', 'csv.unknown_columns', 'row 1: unknown columns "phone", "dept"; the columns are username, displayName, mobile, email, employeeNumber, externalId, status, department.'],
      ['row 1', 'csv.duplicate_columns', 'row 1: mobile named more than once.'],
      ['row 1', 'csv.missing_column', 'row 1: no displayName column; the columns are username, displayName, mobile, email, employeeNumber, externalId, status, department.'],
    ],
  );
  assert.deepEqual([departments, people], [[], []]);
  assert.deepEqual(problems, reader.fileProblems);
});

test('the match key column is required', async () => {
  const { reader } = await read('displayName,email\na,a@example.com\n', 'employeeNumber');
  assert.deepEqual(reader.fileProblems.map((p) => p.detail), [
    'row 1: no employeeNumber column, the match key; the columns are username, displayName, mobile, email, employeeNumber, externalId, status, department.',
  ]);
});

test('columns without a name (empty ones a spreadsheet leaves at the right) are ignored', async () => {
  const { reader, people } = await read('mobile,displayName,,\n13800000001,a,,\n');
  assert.deepEqual(reader.fileProblems, []);
  assert.equal(people.length, 1);
});

test('an empty file and a quote never closed are file problems', async () => {
  assert.deepEqual(csvReader('', { matchKey: 'mobile' }).fileProblems.map((p) => p.code), ['csv.no_header']);
  const open = csvReader('mobile,displayName\n13800000001,"a\n', { matchKey: 'mobile' });
  assert.deepEqual(open.fileProblems.map((p) => [p.externalId, p.code]), [['row 2', 'csv.unclosed_quote']]);
});
