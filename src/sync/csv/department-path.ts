/**
 * A department as a CSV cell: the names of the units from below the root down to it, joined by `/`
 * ("研发部/后端组"); an empty cell is the root. A `/` or `\` inside a name is written `\/` or `\\`, so a
 * unit called "市场/销售" exports and imports back as one unit, not two.
 */

const escape = (name: string) => name.replace(/[\\/]/g, (c) => `\\${c}`);

export function formatDepartmentPath(names: readonly string[]): string {
  return names.map(escape).join('/');
}

/** The names in a cell, each trimmed; empty names (`a//b`, a trailing `/`) are dropped. A `\` before any other character stays. */
export function parseDepartmentPath(cell: string): string[] {
  const names: string[] = [];
  let name = '';
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i];
    if (c === '\\' && (cell[i + 1] === '/' || cell[i + 1] === '\\')) name += cell[++i];
    else if (c === '/') {
      names.push(name);
      name = '';
    } else name += c;
  }
  names.push(name);
  return names.map((n) => n.trim()).filter(Boolean);
}
