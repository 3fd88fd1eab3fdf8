/** /sources/:id: loads the source and shows its type's page. */
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import type { Source } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useLabels } from '../../lib/labels.ts';
import { Link } from '../../lib/router.tsx';
import { ErrorNotice, Loading } from '../../components/States.tsx';
import { DingTalkSourcePage } from './DingTalkSourcePage.tsx';

export function SourcePage({ id }: { id: string }) {
  const { t } = useI18n();
  const labels = useLabels();
  const source = useAsync(() => api<Source>('GET', `/sources/${encodeURIComponent(id)}`), [id]);
  if (source.data?.type === 'dingtalk') return <DingTalkSourcePage source={source.data} onSaved={source.reload} />;
  return (
    <div className="page narrow">
      <p className="crumbs">
        <Link to="/sources">{t('nav.sources')}</Link>
      </p>
      {source.error !== undefined && <ErrorNotice error={source.error} retry={source.reload} />}
      {source.loading && !source.data && <Loading />}
      {source.data && (
        <section className="card">
          <h1>{source.data.name}</h1>
          <p>{labels.sourceType(source.data.type)}</p>
          <p className="muted">{t('sources.builtInDetail')}</p>
        </section>
      )}
    </div>
  );
}
