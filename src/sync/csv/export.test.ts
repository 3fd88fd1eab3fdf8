import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvRecord, departmentCells } from './export.ts';
import { ROOT_ORG_UNIT_ID, type OrgUnit } from '../../directory/org-units.ts';

const unit = (id: string, parentId: string | null, name: string): OrgUnit => ({ id, parentId, name, createdAt: '', updatedAt: '' });

test('a record ends in CRLF; cells with commas, quotes or line breaks are quoted, quotes doubled; null is empty', () => {
  assert.equal(csvRecord(['张三', null, 'a,b', 'say "hi"', 'two\nlines']), '张三,,"a,b","say ""hi""","two\nlines"\r\n');
});

test('formula-like cells get their apostrophe; an E.164 mobile does not', () => {
  assert.equal(csvRecord(['=1+2', '+8613800000001', '@x', '-', "'=x"]), "'=1+2,+8613800000001,'@x,'-,''=x\r\n");
});

test("a unit's department cell is its path below the root; the root's is empty", () => {
  const cells = departmentCells([
    unit(ROOT_ORG_UNIT_ID, null, 'Demo Tech'),
    unit('ou_be', 'ou_rd', '后端组'),
    unit('ou_rd', ROOT_ORG_UNIT_ID, '研发部'),
    unit('ou_mk', ROOT_ORG_UNIT_ID, '市场/销售'),
  ]);
  assert.deepEqual(Object.fromEntries(cells), { [ROOT_ORG_UNIT_ID]: '', ou_be: '研发部/后端组', ou_rd: '研发部', ou_mk: '市场\\/销售' });
});
