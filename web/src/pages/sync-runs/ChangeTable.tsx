/** A browsable page of one kind of change a run plans or made: whose, which attributes from what to what, and the problem of a conflict. */
import { useState } from 'react';
import { api, query } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import type { ChangeKind, Page, SyncChange } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useLabels } from '../../lib/labels.ts';
import { Empty, ErrorNotice, Loading } from '../../components/States.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { useOrgUnits } from '../../components/OrgUnitSelect.tsx';
import { changedAttributes, flatSide } from '../identity-sources/syncText.ts';

const PAGE_SIZE = 20;

/** Attributes whose values name org units: a Portico unit's id, or `ext:<id>`, a department the plan creates. */
const UNIT_ATTRIBUTES = new Set(['orgUnitId', 'parent', 'memberships']);

/** `pendingUnits`: the names of the departments the run creates, by their `ext:` reference. */
export function ChangeTable({ runId, kind, pendingUnits }: { runId: string; kind: ChangeKind; pendingUnits?: Map<string, string> }) {
  const { t, maybe } = useI18n();
  const labels = useLabels();
  const [page, setPage] = useState(1);
  const changes = useAsync(() => api<Page<SyncChange>>('GET', `/sync-runs/${encodeURIComponent(runId)}/changes${query({ kind, page, pageSize: PAGE_SIZE })}`), [runId, kind, page]);
  const items = changes.data?.items ?? [];
  const units = useOrgUnits();
  const attribute = (key: string) => maybe(`syncRun.attr.${key}`) ?? key;
  const unitName = (ref: string) => {
    const pending = pendingUnits?.get(ref);
    if (pending) return t('syncRun.pendingUnitNamed', { name: pending });
    return ref.startsWith('ext:') ? t('syncRun.pendingUnit', { id: ref.slice(4) }) : (units.data?.find((u) => u.unit.id === ref)?.path ?? ref);
  };
  const shown = (key: string, v: unknown): string => {
    if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return '—';
    if (Array.isArray(v)) return v.map((x) => shown(key, x)).join(', ');
    if (typeof v === 'boolean') return t(v ? 'syncRun.yes' : 'syncRun.no');
    if (typeof v === 'object') return JSON.stringify(v);
    if (UNIT_ATTRIBUTES.has(key)) return unitName(String(v));
    return (key === 'status' && maybe(`user.status.${v}`)) || String(v);
  };
  return (
    <>
      {changes.error !== undefined && <ErrorNotice error={changes.error} retry={changes.reload} />}
      {changes.loading && !changes.data && <Loading />}
      {changes.data && items.length === 0 && <Empty title={t('syncRun.changes.empty')} />}
      {items.length > 0 && (
        <div className={`table-wrap card flush${changes.loading ? ' busy' : ''}`}>
          <table className="table changes" data-kind={kind}>
            <thead>
              <tr>
                <th>{t('syncRun.changes.name')}</th>
                <th>{t('syncRun.changes.externalId')}</th>
                <th>{kind === 'conflict' ? t('syncRun.changes.problem') : t('syncRun.changes.what')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.seq}>
                  <td>{c.name}</td>
                  <td>
                    <code>{c.externalId}</code>
                  </td>
                  <td>
                    {c.problem && (
                      <div className="change-problem">
                        <strong>{labels.reason(c.problem.code)}</strong> <span>{c.problem.detail}</span>
                      </div>
                    )}
                    <ChangedAttributes before={flatSide(c.before)} after={flatSide(c.after)} attribute={attribute} shown={shown} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {changes.data && <Pagination page={changes.data.page} pageSize={changes.data.pageSize} total={changes.data.total} onPage={setPage} />}
    </>
  );
}

/** Each attribute a change changes: its old value struck through, an arrow, its new value. */
function ChangedAttributes({ before, after, attribute, shown }: { before: SyncChange['before']; after: SyncChange['after']; attribute(key: string): string; shown(key: string, value: unknown): string }) {
  const { t } = useI18n();
  return (
    <ul className="plain diff">
      {changedAttributes(before, after).map((key) => (
        <li key={key}>
          <span className="muted">{attribute(key)}:</span> {before && <del>{shown(key, before[key])}</del>}
          {before && after && <span aria-label={t('syncRun.changes.to')}> → </span>}
          {after && <ins>{shown(key, after[key])}</ins>}
        </li>
      ))}
    </ul>
  );
}
