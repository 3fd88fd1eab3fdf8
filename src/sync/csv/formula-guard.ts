/**
 * CSV injection (OWASP, "CSV Injection"): a spreadsheet opening the export runs a cell that starts with
 * `=`, `+`, `-` or `@` as a formula, and a leading TAB or CR can hide one, so a display name typed as
 * `=HYPERLINK(...)` would act in the admin's Excel. Such cells are written with a leading `'`, which
 * spreadsheets read as "text" and do not show. One exception: a phone number in E.164 form
 * (`+8613800000001`) is written as it is, as mobiles are stored; it is only digits, so at worst a
 * spreadsheet shows it as a number, and the file says what Portico holds.
 *
 * The reader takes the `'` off again (unguardCell), so an export imports back to the same values. To
 * make that exact, a value that already starts with `'` before such a character gets one more `'`:
 * unguardCell(guardCell(v)) === v for every v.
 */

/** Any run of `'` before a character a spreadsheet would start a formula with. */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const E164 = /^\+[1-9]\d{6,14}$/;

export function guardCell(value: string): string {
  return FORMULA_START.test(value) && !E164.test(value) ? `'${value}` : value;
}

export function unguardCell(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}
