/** Authentication Sources: the built-in password and SMS sources, and the sources of every kind with a form (a DingTalk organisation's, …), with a button to add each kind. */
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import type { Source, SourceTypeView } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../lib/router.tsx';
import { Badge, Empty, ErrorNotice, Loading } from '../../components/States.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useCan } from '../../lib/permissions.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useSourceTypes } from './useSourceTypes.ts';
import { summaryOf } from './sourceForm.ts';
import { useLabels } from '../../lib/labels.ts';

export function SourcesPage() {
  const { t, locale } = useI18n();
  const can = useCan();
  const sources = useAsync(() => api<{ items: Source[] }>('GET', '/sources'), []);
  const items = sources.data?.items ?? [];
  // Each row says what its type is: the list waits for the kinds of source.
  const kinds = useSourceTypes();
  const types = kinds.data?.items ?? [];
  const addable = types.filter((x) => x.form && !x.singleton);
  return (
    <div className="page">
      <PageHeader title={t('sources.title')} subtitle={t('sources.subtitle')}>
        {can('sources:write') &&
          addable.map((type) => (
            <Link key={type.type} to={`/sources/new/${type.type}`} className="btn primary">
              {t('sources.add', { type: type.labels[locale] })}
            </Link>
          ))}
      </PageHeader>
      {sources.error !== undefined && <ErrorNotice error={sources.error} retry={sources.reload} />}
      {kinds.error !== undefined && <ErrorNotice error={kinds.error} retry={kinds.reload} />}
      {(sources.loading || kinds.loading) && !(sources.data && kinds.data) && <Loading />}
      {sources.data && items.length === 0 && <Empty title={t('sources.empty')} />}
      {kinds.data && items.length > 0 && (
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
                <SourceRow key={s.id} source={s} type={types.find((x) => x.type === s.type)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted small">{t('sources.enableHint')}</p>
    </div>
  );
}

/** One source: its name (a link to its page when its type has a form), its type, what its type says of it, when it changed. */
function SourceRow({ source: s, type }: { source: Source; type?: SourceTypeView }) {
  const { t, locale } = useI18n();
  const labels = useLabels();
  const summary = type?.form
    ? summaryOf(type, s)
        .map(({ label, value }) => (typeof value === 'boolean' ? t(value ? 'sources.on' : 'sources.off', { label: label[locale] }) : `${label[locale]} ${value}`))
        .join(' · ')
    : t('sources.builtIn');
  return (
    <tr>
      <td>{type?.form ? <Link to={`/sources/${s.id}`}>{s.name}</Link> : <span>{s.name}</span>}</td>
      <td>
        <Badge kind={type?.external ? 'info' : 'muted'}>{labels.sourceType(s.type)}</Badge>
      </td>
      <td className="muted small">{summary}</td>
      <td className="nowrap">{formatDateTime(s.updatedAt, locale)}</td>
    </tr>
  );
}
