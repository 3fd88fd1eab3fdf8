/** Picks an org unit from the tree, indented by depth. */
import { api } from '../lib/api.ts';
import { flattenTree } from '../lib/orgTree.ts';
import type { OrgUnit } from '../lib/types.ts';
import { useAsync } from '../lib/useAsync.ts';
import { useI18n } from '../i18n/i18n.tsx';

export function useOrgUnits() {
  return useAsync(() => api<{ items: OrgUnit[] }>('GET', '/org-units').then((r) => flattenTree(r.items)), []);
}

export function OrgUnitSelect({ id, value, onChange, allowEmpty, invalid, describedBy, disabled }: { id: string; value: string; onChange(id: string): void; allowEmpty?: boolean; invalid?: boolean; describedBy?: string; disabled?: boolean }) {
  const { t } = useI18n();
  const units = useOrgUnits();
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled || (units.loading && !units.data)} aria-invalid={invalid || undefined} aria-describedby={describedBy}>
      {(allowEmpty || !value) && <option value="">{units.loading ? t('state.loading') : t('org.choose')}</option>}
      {units.data?.map(({ unit, depth }) => (
        <option key={unit.id} value={unit.id}>
          {'\u00a0\u00a0\u00a0'.repeat(depth) + unit.name}
        </option>
      ))}
    </select>
  );
}
