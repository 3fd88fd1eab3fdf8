/** The changes DingTalk announced (Stream or HTTP push), newest first: what, which ids, and what Portico did with each. */
import { useState } from 'react';
import { api, query } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import type { Page, SyncEvent } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { Empty, ErrorNotice, Loading } from '../../components/States.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { EventStatusBadge } from './SyncBadges.tsx';

const PAGE_SIZE = 10;

export function EventLog({ sourceId }: { sourceId: string }) {
  const { t, locale } = useI18n();
  const [page, setPage] = useState(1);
  const events = useAsync(() => api<Page<SyncEvent>>('GET', `/identity-sources/${encodeURIComponent(sourceId)}/events${query({ page, pageSize: PAGE_SIZE })}`), [sourceId, page]);
  const items = events.data?.items ?? [];
  return (
    <section className="stack-section" aria-labelledby="event-log-title">
      <h2 id="event-log-title">{t('idSource.events')}</h2>
      {events.error !== undefined && <ErrorNotice error={events.error} retry={events.reload} />}
      {events.loading && !events.data && <Loading />}
      {events.data && items.length === 0 && <Empty title={t('idSource.events.empty')} />}
      {items.length > 0 && (
        <div className={`table-wrap card flush${events.loading ? ' busy' : ''}`}>
          <table className="table">
            <thead>
              <tr>
                <th>{t('idSource.events.col.received')}</th>
                <th>{t('idSource.events.col.transport')}</th>
                <th>{t('idSource.events.col.type')}</th>
                <th>{t('idSource.events.col.ids')}</th>
                <th>{t('idSource.events.col.status')}</th>
                <th>{t('idSource.events.col.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">{formatDateTime(e.receivedAt, locale)}</td>
                  <td className="nowrap">{t(`idSource.transport.${e.transport}`)}</td>
                  <td>
                    <code>{e.eventType}</code>
                  </td>
                  <td className="small">{e.ids.join(', ') || '—'}</td>
                  <td>
                    <EventStatusBadge status={e.status} />
                  </td>
                  <td className="small muted">{e.detail ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {events.data && <Pagination page={events.data.page} pageSize={events.data.pageSize} total={events.data.total} onPage={setPage} />}
    </section>
  );
}
