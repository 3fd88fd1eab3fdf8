/** Authentication Sources: the built-in password and SMS sources, and every DingTalk organisation's source. */
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import type { Source } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useLabels } from '../../lib/labels.ts';
import { Link } from '../../lib/router.tsx';
import { Badge, Empty, ErrorNotice, Loading } from '../../components/States.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useCan } from '../../lib/permissions.ts';
import { PageHeader } from '../../components/PageHeader.tsx';

export function SourcesPage() {
  const { t, locale } = useI18n();
  const labels = useLabels();
  const can = useCan();
  const sources = useAsync(() => api<{ items: Source[] }>('GET', '/sources'), []);
  const items = sources.data?.items ?? [];
  return (
    <div className="page">
      <PageHeader title={t('sources.title')} subtitle={t('sources.subtitle')}>
        {can('sources:write') && (
          <Link to="/sources/new/dingtalk" className="btn primary">
            {t('sources.addDingTalk')}
          </Link>
        )}
      </PageHeader>
      {sources.error !== undefined && <ErrorNotice error={sources.error} retry={sources.reload} />}
      {sources.loading && !sources.data && <Loading />}
      {sources.data && items.length === 0 && <Empty title={t('sources.empty')} />}
      {items.length > 0 && (
        <div className="table-wrap card flush">
          <table className="table">
            <thead>
              <tr>
                <th>{t('sources.col.name')}</th>
                <th>{t('sources.col.type')}</th>
                <th>{t('sources.col.details')}</th>
                <th>{t('sources.col.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.id}>
                  <td>
                    {s.type === 'dingtalk' ? <Link to={`/sources/${s.id}`}>{s.name}</Link> : <span>{s.name}</span>}
                  </td>
                  <td>
                    <Badge kind={s.type === 'dingtalk' ? 'info' : 'muted'}>{labels.sourceType(s.type)}</Badge>
                  </td>
                  <td className="muted small">
                    {s.type === 'dingtalk' ? (
                      <>
                        {t('sources.appKey', { key: String(s.config.appKey ?? '') })} · {s.config.autoBind === false ? t('sources.autoBindOff') : t('sources.autoBindOn')}
                      </>
                    ) : (
                      t('sources.builtIn')
                    )}
                  </td>
                  <td className="nowrap">{formatDateTime(s.updatedAt, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted small">{t('sources.enableHint')}</p>
    </div>
  );
}
