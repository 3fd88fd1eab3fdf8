/** Users > Identity Sources: each DingTalk organisation kept in sync, its last and next run, its Stream connection, and buttons to run it. */
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import type { IdentitySource } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../lib/router.tsx';
import { useCan } from '../../lib/permissions.ts';
import { useLabels } from '../../lib/labels.ts';
import { formatDateTime } from '../../lib/format.ts';
import { Badge, Empty, ErrorNotice, Loading } from '../../components/States.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { UsersTabs } from '../users/UsersTabs.tsx';
import { RunStatusBadge, StreamBadge } from './SyncBadges.tsx';
import { RunButtons } from './RunButtons.tsx';
import { countsLine } from './syncText.ts';

export function IdentitySourcesPage() {
  const { t } = useI18n();
  const can = useCan();
  const sources = useAsync(() => api<{ items: IdentitySource[] }>('GET', '/identity-sources'), []);
  const items = sources.data?.items ?? [];
  return (
    <div className="page">
      <PageHeader title={t('users.title')} subtitle={t('idSources.subtitle')}>
        {can('users:write') && (
          <Link to="/users/identity-sources/new" className="btn primary">
            {t('idSources.add')}
          </Link>
        )}
      </PageHeader>
      <UsersTabs current="identitySources" />
      {sources.error !== undefined && <ErrorNotice error={sources.error} retry={sources.reload} />}
      {sources.loading && !sources.data && <Loading />}
      {sources.data && items.length === 0 && <Empty title={t('idSources.empty')}><p className="muted small">{t('idSources.emptyHint')}</p></Empty>}
      {items.length > 0 && (
        <div className={`table-wrap card flush${sources.loading ? ' busy' : ''}`}>
          <table className="table">
            <thead>
              <tr>
                <th>{t('idSources.col.name')}</th>
                <th>{t('idSources.col.type')}</th>
                <th>{t('idSources.col.enabled')}</th>
                <th>{t('idSources.col.lastRun')}</th>
                <th>{t('idSources.col.nextRun')}</th>
                <th>{t('idSources.col.stream')}</th>
                {can('users:write') && (
                  <th>
                    <span className="sr-only">{t('idSources.col.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <SourceRow key={s.id} source={s} writable={can('users:write')} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function SourceRow({ source: s, writable }: { source: IdentitySource; writable: boolean }) {
  const { t, locale } = useI18n();
  const labels = useLabels();
  return (
    <tr data-source-id={s.id}>
      <td>
        <Link to={`/users/identity-sources/${s.id}`}>{s.name}</Link>
      </td>
      <td>
        <Badge kind="info">{labels.sourceType(s.type)}</Badge>
      </td>
      <td>
        <Badge kind={s.enabled ? 'ok' : 'muted'}>{t(s.enabled ? 'idSource.enabled' : 'idSource.disabled')}</Badge>
      </td>
      <td>
        {s.lastRun ? (
          <div className="stack">
            <Link to={`/users/sync-runs/${s.lastRun.id}`} className="with-badge">
              <RunStatusBadge status={s.lastRun.status} />
              <span className="nowrap">{formatDateTime(s.lastRun.startedAt, locale)}</span>
            </Link>
            <span className="muted small">{countsLine(s.lastRun.counts, t)}</span>
          </div>
        ) : (
          <span className="muted">{t('idSource.neverRun')}</span>
        )}
      </td>
      <td className="nowrap">{s.nextRunAt ? formatDateTime(s.nextRunAt, locale) : <span className="muted">{t('idSource.noSchedule')}</span>}</td>
      <td>
        <StreamBadge state={s.stream.state} />
      </td>
      {writable && (
        <td>
          <RunButtons sourceId={s.id} sourceName={s.name} small />
        </td>
      )}
    </tr>
  );
}
