/**
 * A CSV file of users as a DirectoryReader (../reader.ts), for the sync engine's diff, dry run and apply.
 * The header names the columns (./columns.ts), in any order and any case; each row is a person whose
 * externalId is the match key's value. A cell is checked by the rules a user's field follows
 * (normalizeUserFields), and what breaks one is a problem naming the row and the column, with the rule's
 * code; such a row is not read as a person. Rows are numbered as an editor numbers lines: the header is
 * row 1, and a row with a line break inside a quoted cell takes the number of the line it starts on.
 *
 * The file is read once for its shape when the reader is made, then once by departments() and once by
 * people(): the text is in memory anyway (≤ 10 MB), and no pass holds more than one page of people.
 */
import { PorticoError } from '../../errors.ts';
import type { CoreErrorCode } from '../../codes/core.ts';
import { hasInvisibleCharacters } from '../../validation.ts';
import { normalizeUserFields, USERNAME_PATTERN } from '../../directory/users.ts';
import type { DirectoryReader, UpstreamDepartment, UpstreamPerson, UpstreamProblem } from '../reader.ts';
import type { MatchKey, SyncedAttribute } from '../views.ts';
import { CSV_COLUMNS, type CsvColumn } from './columns.ts';
import { parseCsv, type CsvItem } from './parse.ts';
import { unguardCell } from './formula-guard.ts';
import { formatDepartmentPath, parseDepartmentPath } from './department-path.ts';

/** A file is matched to Portico's users by one of its columns (never by a name). */
export type CsvMatchKey = Exclude<MatchKey, 'none'>;

export interface CsvReaderOptions {
  matchKey: CsvMatchKey;
}

export interface CsvReader extends DirectoryReader {
  /**
   * What is wrong with the file as a whole: its size, its header, too many rows, a quote left open.
   * When there is anything, departments() and people() yield nothing (an import should refuse the file).
   */
  fileProblems: UpstreamProblem[];
  /**
   * The columns the file has. A person's `values` hold only these; without a `department` column a
   * person's departmentIds is empty as for the root, so an import should leave their unit alone.
   */
  columns: CsvColumn[];
  problems(): UpstreamProblem[];
}

/** People per page: small enough to hold, large enough that the engine's per-page queries stay few. */
const PAGE_SIZE = 500;

const USER_FIELDS = ['username', 'displayName', 'mobile', 'email', 'employeeNumber', 'externalId'] as const satisfies readonly (CsvColumn & SyncedAttribute)[];
const USERNAME = new RegExp(USERNAME_PATTERN);

const problemAt = (line: number, code: CoreErrorCode<'invalid'>, detail: string, name = ''): UpstreamProblem => ({ externalId: `row ${line}`, name: name || `row ${line}`, code, detail: `row ${line}${detail}` });

type Row = { line: number; cells: string[] };
type ReadRow = { person: UpstreamPerson; path: string[] } | { problems: UpstreamProblem[] };

export function csvReader(text: string, opts: CsvReaderOptions): CsvReader {
  const { matchKey } = opts;
  const fileProblems: UpstreamProblem[] = [];
  const rowProblems: UpstreamProblem[] = [];
  const index = new Map<CsvColumn, number>();

  // The shape of the file: its header, and whatever stops it being read to its end.
  let header: CsvItem | undefined;
  for (const item of parseCsv(text)) {
    header ??= item;
    if (item.kind === 'error' && (item.fatal || item === header)) fileProblems.push(problemAt(item.line, item.code, `: ${item.detail}`));
  }
  const expected = `the columns are ${CSV_COLUMNS.join(', ')}.`;
  if (!header) fileProblems.push(problemAt(1, 'csv.no_header', `: the file is empty, but its first row must name the columns; ${expected}`));
  else if (header.kind === 'row') {
    const unknown: string[] = [];
    const twice: string[] = [];
    header.cells.forEach((raw, at) => {
      const name = raw.trim();
      // A column without a name can say nothing: spreadsheets leave such empty columns at the right.
      if (!name) return;
      const column = CSV_COLUMNS.find((c) => c.toLowerCase() === name.toLowerCase());
      if (!column) unknown.push(JSON.stringify(name));
      else if (index.has(column)) twice.push(column);
      else index.set(column, at);
    });
    if (unknown.length) fileProblems.push(problemAt(1, 'csv.unknown_columns', `: unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; ${expected}`));
    if (twice.length) fileProblems.push(problemAt(1, 'csv.duplicate_columns', `: ${twice.join(', ')} named more than once.`));
    for (const required of new Set<CsvColumn>(['displayName', matchKey])) {
      if (!index.has(required)) {
        const why = required === matchKey ? `, the match key` : '';
        fileProblems.push(problemAt(1, 'csv.missing_column', `: no ${required} column${why}; ${expected}`));
      }
    }
  }

  const cellOf = (cells: string[], column: CsvColumn) => {
    const at = index.get(column);
    return at === undefined ? undefined : unguardCell(cells[at]);
  };

  /** One row as a person, or the problems that keep it from being one. `seen`: match-key values of the rows before. */
  function readRow({ line, cells }: Row, seen: Map<string, number>): ReadRow {
    const problems: UpstreamProblem[] = [];
    const failed = new Set<CsvColumn>();
    const name = cellOf(cells, 'displayName')?.trim() ?? '';
    const report = (column: CsvColumn, code: CoreErrorCode<'invalid'>, detail: string) => {
      failed.add(column);
      problems.push(problemAt(line, code, `, column ${column}: ${detail}`, name));
    };
    const values: UpstreamPerson['values'] = {};

    for (const field of USER_FIELDS) {
      const raw = cellOf(cells, field);
      if (raw === undefined) continue;
      // A username is never cleared: an empty cell leaves it out (a new person gets one as a synced person does).
      if (!raw.trim() && field !== 'displayName') {
        if (field !== 'username') values[field] = null;
        continue;
      }
      try {
        const value = normalizeUserFields({ [field]: raw })[field] as string | null;
        if (field === 'username' && !USERNAME.test(value ?? '')) {
          report(field, 'csv.invalid_username', `"${raw}" is not a valid username.`);
        } else values[field] = value;
      } catch (error) {
        if (!(error instanceof PorticoError)) throw error;
        // normalizeUserFields raises only its own `user.invalid_*` codes.
        report(field, error.code as CoreErrorCode<'invalid'>, error.message);
      }
    }

    const key = values[matchKey];
    if (!failed.has(matchKey) && !key) report(matchKey, 'csv.missing_key', `empty, but ${matchKey} is the match key.`);
    else if (key) {
      const earlier = seen.get(key);
      if (earlier !== undefined) report(matchKey, 'csv.duplicate_key', `"${key}" is also on row ${earlier}.`);
      else seen.set(key, line);
    }

    let active = true;
    const status = cellOf(cells, 'status')?.trim().toLowerCase();
    if (status === 'disabled') active = false;
    else if (status && status !== 'active') report('status', 'csv.invalid_status', `"${cellOf(cells, 'status')}" is neither active nor disabled.`);

    const path = parseDepartmentPath(cellOf(cells, 'department') ?? '');
    const badUnit = path.find((unit) => hasInvisibleCharacters(unit));
    if (badUnit !== undefined) report('department', 'org_unit.invalid_name', `${JSON.stringify(badUnit)} has invisible or control characters.`);

    if (problems.length) return { problems };
    const departmentIds = path.length ? [formatDepartmentPath(path)] : [];
    return { path, person: { externalId: key!, subject: null, departmentIds, active, values, origin: `row ${line}` } };
  }

  /** Every row below the header, read; nothing when the file as a whole is wrong. */
  function* rows(): Generator<ReadRow> {
    if (fileProblems.length) return;
    const seen = new Map<string, number>();
    let first = true;
    for (const item of parseCsv(text)) {
      if (first) {
        first = false;
        continue;
      }
      if (item.kind === 'row') yield readRow(item, seen);
      else yield { problems: [problemAt(item.line, item.code, `: ${item.detail}`)] };
    }
  }

  return {
    fileProblems,
    columns: CSV_COLUMNS.filter((c) => index.has(c)),

    /** The root, then each department a readable row names, parents first: a path's prefixes are its parents. */
    async *departments(): AsyncGenerator<UpstreamDepartment> {
      if (fileProblems.length) return;
      yield { externalId: '', parentExternalId: null, name: '' };
      const known = new Set<string>();
      for (const row of rows()) {
        if (!('person' in row)) continue;
        for (let depth = 1; depth <= row.path.length; depth++) {
          const externalId = formatDepartmentPath(row.path.slice(0, depth));
          if (known.has(externalId)) continue;
          known.add(externalId);
          yield { externalId, parentExternalId: formatDepartmentPath(row.path.slice(0, depth - 1)), name: row.path[depth - 1] };
        }
      }
    },

    async *people(): AsyncGenerator<UpstreamPerson[]> {
      rowProblems.length = 0;
      let page: UpstreamPerson[] = [];
      for (const row of rows()) {
        if (!('person' in row)) {
          rowProblems.push(...row.problems);
          continue;
        }
        page.push(row.person);
        if (page.length === PAGE_SIZE) {
          yield page;
          page = [];
        }
      }
      if (page.length) yield page;
    },

    problems: () => [...fileProblems, ...rowProblems],
  };
}
