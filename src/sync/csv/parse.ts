/**
 * CSV as RFC 4180 writes it, read as Excel and WPS save it: quoted cells with `""` for a quote and commas
 * and line breaks inside, CRLF or LF (or a lone CR, old Excel for Mac) between records, a UTF-8 byte
 * order mark, a trailing line break. Rows come one at a time with the line they start on, so a caller
 * names "row 5" as an editor numbers it, and holds no more than one row. No library: the grammar is
 * small, and what matters here (line numbers, limits, errors that name the row) is what libraries vary on.
 */
import type { CoreErrorCode } from '../../codes/core.ts';

/** 10 MB: what POST /users/import takes; 100,000 rows of ~100 bytes fit with room to spare. */
export const MAX_CSV_BYTES = 10 * 1024 * 1024;
/** 100,000 rows below the header: the largest organisation a file is for; larger ones sync from their directory. */
export const MAX_CSV_ROWS = 100_000;
/**
 * 1,000 characters: far above any user field (an email is at most 254), so a longer cell is a mistake,
 * most often a quote left open that swallowed the rows after it.
 */
export const MAX_CSV_CELL_LENGTH = 1_000;

export interface CsvLimits {
  maxBytes: number;
  maxRows: number;
  maxCellLength: number;
}

export const CSV_LIMITS: CsvLimits = { maxBytes: MAX_CSV_BYTES, maxRows: MAX_CSV_ROWS, maxCellLength: MAX_CSV_CELL_LENGTH };

export type CsvErrorCode = Extract<CoreErrorCode<'invalid'>, `csv.${string}`>;

/** A record (the first one is the header), or what kept one from being read. */
export type CsvItem =
  | { kind: 'row'; line: number; cells: string[] }
  /** `fatal`: nothing after it is read (the file is too large, has too many rows, or ends inside a quote). */
  | { kind: 'error'; line: number; code: CsvErrorCode; detail: string; fatal: boolean };

const BOM = 0xfeff;
const CELL_END = /[,\r\n]/g;
const NEXT_LINE = /[\r\n]/g;
const LINE_BREAK = /\r\n?|\n/g;

const breaksIn = (s: string) => s.match(LINE_BREAK)?.length ?? 0;

/** Every record of `text` in order; rows whose cell count differs from the header's are errors. */
export function* parseCsv(text: string, limits: CsvLimits = CSV_LIMITS): Generator<CsvItem> {
  if (Buffer.byteLength(text, 'utf8') > limits.maxBytes) {
    yield { kind: 'error', line: 1, code: 'csv.too_large', detail: `the file is larger than ${limits.maxBytes / 1024 / 1024} MB.`, fatal: true };
    return;
  }
  const n = text.length;
  let i = text.charCodeAt(0) === BOM ? 1 : 0;
  let line = 1;
  let width: number | undefined;
  let rows = 0;

  while (i < n) {
    // A blank line is no record (a trailing line break, an empty line left between rows).
    if (text[i] === '\r' || text[i] === '\n') {
      i += text.startsWith('\r\n', i) ? 2 : 1;
      line++;
      continue;
    }
    const start = line;
    const cells: string[] = [];
    let problem: { code: CsvErrorCode; detail: string } | undefined;
    for (;;) {
      let cell: string;
      if (text[i] === '"') {
        cell = '';
        let from = i + 1;
        for (;;) {
          const quote = text.indexOf('"', from);
          if (quote === -1) {
            yield { kind: 'error', line: start, code: 'csv.unclosed_quote', detail: `cell ${cells.length + 1} opens a quote that is never closed.`, fatal: true };
            return;
          }
          cell += text.slice(from, quote);
          if (text[quote + 1] !== '"') {
            i = quote + 1;
            break;
          }
          cell += '"';
          from = quote + 2;
        }
        line += breaksIn(cell);
        if (i < n && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
          // The row is wrong from here: skip to the end of the line, so the next row starts where an editor shows it.
          problem ??= { code: 'csv.text_after_quote', detail: `cell ${cells.length + 1} has text after its closing quote.` };
          NEXT_LINE.lastIndex = i;
          i = NEXT_LINE.exec(text) ? NEXT_LINE.lastIndex - 1 : n;
        }
      } else {
        CELL_END.lastIndex = i;
        const end = CELL_END.exec(text) ? CELL_END.lastIndex - 1 : n;
        cell = text.slice(i, end);
        i = end;
      }
      if (cell.length > limits.maxCellLength) {
        problem ??= { code: 'csv.cell_too_long', detail: `cell ${cells.length + 1} is longer than ${limits.maxCellLength} characters (a quote left open?).` };
        cell = '';
      }
      cells.push(cell);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (i < n) {
        i += text.startsWith('\r\n', i) ? 2 : 1;
        line++;
      }
      break;
    }

    if (width !== undefined && ++rows > limits.maxRows) {
      yield { kind: 'error', line: start, code: 'csv.too_many_rows', detail: `the file has more than ${limits.maxRows} rows below the header.`, fatal: true };
      return;
    }
    width ??= cells.length;
    if (!problem && cells.length !== width) {
      problem = { code: 'csv.ragged_row', detail: `${cells.length} cell${cells.length === 1 ? '' : 's'}, but the header has ${width} columns.` };
    }
    yield problem ? { kind: 'error', line: start, ...problem, fatal: false } : { kind: 'row', line: start, cells };
  }
}
