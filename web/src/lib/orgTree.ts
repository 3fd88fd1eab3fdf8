import type { OrgUnit } from './types.ts';

export interface TreeRow {
  unit: OrgUnit;
  depth: number;
  /** The names from the root down, e.g. "Root / Sales / East". */
  path: string;
}

/** The org units in tree order (parents before children, siblings by name), with their depth. */
export function flattenTree(units: OrgUnit[]): TreeRow[] {
  const children = new Map<string | null, OrgUnit[]>();
  for (const u of units) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
  for (const list of children.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  const rows: TreeRow[] = [];
  const walk = (parentId: string | null, depth: number, prefix: string) => {
    for (const unit of children.get(parentId) ?? []) {
      const path = prefix ? `${prefix} / ${unit.name}` : unit.name;
      rows.push({ unit, depth, path });
      walk(unit.id, depth + 1, path);
    }
  };
  walk(null, 0, '');
  return rows;
}
