/** An identity source's runs, newest first: when, why, dry run or not, how it ended, its counts, how long it took, what went wrong. */
import { useState } from 'react';
import { api, query } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import type { Page, SyncRun } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useLabels } from '../../lib/labels.ts';
import { Link } from '../../lib/router.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { Empty, ErrorNotice, Loading } from '../../components/States.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { RunStatusBadge } from './SyncBadges.tsx';
import { countsLine, durationOf } from './syncText.ts';

const PAGE_SIZE = 10;

export function RunHistory({ sourceId }: { sourceId: string }) {
  const { t, locale } = useI18n();
  const labels = useLabels();
  const [page, setPage] = useState(1);
  const runs = useAsync(() => api<Page<SyncRun>>('GET', `/identity-sources/${encodeURIComponent(sourceId)}/runs${query({ page, pageSize: PAGE_SIZE })}`), [sourceId, page]);
  const items = runs.data?.items ?? [];
  return (
    <section className="stack-section" aria-labelledby="run-history-title">
      <h2 id="run-history-title">{t('idSource.runs')}</h2>
      {runs.error !== undefined && <ErrorNotice error={runs.error} retry={runs.reload} />}
      {runs.loading && !runs.data && <Loading />}
      {runs.data && items.length === 0 && <Empty title={t('idSource.runs.empty')} />}
      {items.length > 0 && (
        <div className={`table-wrap card flush${runs.loading ? ' busy' : ''}`}>
          <table className="table runs">
            <thead>
              <tr>
                <th>{t('syncRun.col.started')}</th>
                <th>{t('syncRun.col.trigger')}</th>
                <th>{t('syncRun.col.mode')}</th>
                <th>{t('syncRun.col.status')}</th>
                <th>{t('syncRun.col.counts')}</th>
                <th>{t('syncRun.col.duration')}</th>
                <th>{t('syncRun.col.error')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((run) => (
                <tr key={run.id} data-run-id={run.id}>
                  <td className="nowrap">
                    <Link to={`/users/sync-runs/${run.id}`}>{formatDateTime(run.startedAt, locale)}</Link>
                  </td>
                  <td>
                    {t(`syncRun.trigger.${run.trigger}`)}
                    {run.requestedBy && <div className="muted small">{run.requestedBy}</div>}
                  </td>
                  <td className="nowrap">{t(`syncRun.mode.${run.mode}`)}</td>
                  <td>
                    <RunStatusBadge status={run.status} />
                  </td>
                  <td className="small">{countsLine(run.counts, t)}</td>
                  <td className="nowrap">{durationOf(run, t) || '—'}</td>
                  <td className="small">{run.error ? <span title={run.error.detail}>{labels.reason(run.error.code)}</span> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {runs.data && <Pagination page={runs.data.page} pageSize={runs.data.pageSize} total={runs.data.total} onPage={setPage} />}
    </section>
  );
}
