/**
 * Every user as a CSV file, in the columns an import reads (./columns.ts), so that an export edited in
 * a spreadsheet imports back. Written for Excel, which reads a file as UTF-8 only when it starts with a
 * byte order mark (else 张三 comes out garbled), and for RFC 4180: CRLF after every record. Formula-like
 * cells are guarded (./formula-guard.ts). The users are read in batches by id (keyset, not offset: each
 * batch costs the same however deep), so no more than one batch is held; a user created or deleted while
 * the file is written may or may not be in it, and every other user is in it once.
 */
import type { Db } from '../../store/database.ts';
import { listOrgUnits, ROOT_ORG_UNIT_ID, type OrgUnit } from '../../directory/org-units.ts';
import { CSV_COLUMNS, type CsvColumn } from './columns.ts';
import { guardCell } from './formula-guard.ts';
import { formatDepartmentPath } from './department-path.ts';

/** Users per query: a few hundred kilobytes of text at most, and 100 queries for 100,000 users. */
export const EXPORT_BATCH_SIZE = 1_000;

const BOM = '\uFEFF';
const NEEDS_QUOTES = /[",\r\n]/;

function csvCell(value: string | null): string {
  const cell = guardCell(value ?? '');
  return NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

export const csvRecord = (cells: readonly (string | null)[]) => cells.map(csvCell).join(',') + '\r\n';

/**
 * Each unit's department cell: the names below the root down to it (the root's is empty). Units are
 * few next to users (one per department), so they are read at once.
 */
export function departmentCells(units: readonly OrgUnit[]): Map<string, string> {
  const byId = new Map(units.map((u) => [u.id, u]));
  const names = new Map<string, string[]>([[ROOT_ORG_UNIT_ID, []]]);
  const namesOf = (id: string, depth = 0): string[] => {
    const known = names.get(id);
    if (known) return known;
    const unit = byId.get(id);
    // A unit without a parent other than the root, or a chain deeper than any tree has (a guard only), hangs off the root.
    const path = unit ? [...(unit.parentId && depth < 64 ? namesOf(unit.parentId, depth + 1) : []), unit.name] : [];
    names.set(id, path);
    return path;
  };
  return new Map(units.map((u) => [u.id, formatDepartmentPath(namesOf(u.id))]));
}

/** The file, chunk by chunk: the byte order mark and header, then one chunk per batch of users. */
export async function* exportUsersCsv(db: Db): AsyncGenerator<string> {
  const departments = departmentCells(await listOrgUnits(db));
  yield BOM + csvRecord(CSV_COLUMNS);
  let after = '';
  for (;;) {
    const users = await db
      .selectFrom('users')
      .select(['id', 'username', 'display_name', 'mobile', 'email', 'employee_number', 'external_id', 'status', 'org_unit_id'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(EXPORT_BATCH_SIZE)
      .execute();
    if (!users.length) return;
    yield users
      .map((u) => {
        const cells: Record<CsvColumn, string | null> = {
          username: u.username,
          displayName: u.display_name,
          mobile: u.mobile,
          email: u.email,
          employeeNumber: u.employee_number,
          externalId: u.external_id,
          status: u.status,
          department: departments.get(u.org_unit_id) ?? '',
        };
        return csvRecord(CSV_COLUMNS.map((c) => cells[c]));
      })
      .join('');
    after = users[users.length - 1].id;
    if (users.length < EXPORT_BATCH_SIZE) return;
  }
}
