/**
 * /sources/:id and /sources/new/:type: load the source and the kinds of source, then show the source's
 * form as its type describes it; a built-in type has nothing to configure and says so.
 */
import type { ReactNode } from 'react';
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import type { Source } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useLabels } from '../../lib/labels.ts';
import { Link } from '../../lib/router.tsx';
import { Empty, ErrorNotice, Loading } from '../../components/States.tsx';
import { SourceFormPage } from './SourceFormPage.tsx';
import { useSourceTypes } from './useSourceTypes.ts';

export function SourcePage({ id }: { id: string }) {
  const { t } = useI18n();
  const labels = useLabels();
  const source = useAsync(() => api<Source>('GET', `/sources/${encodeURIComponent(id)}`), [id]);
  const types = useSourceTypes();
  const type = types.data?.items.find((x) => x.type === source.data?.type);
  if (source.data && types.data && type?.form) return <SourceFormPage type={type} policy={types.data.policy} source={source.data} onSaved={source.reload} />;
  return (
    <Frame>
      {source.error !== undefined && <ErrorNotice error={source.error} retry={source.reload} />}
      {types.error !== undefined && <ErrorNotice error={types.error} retry={types.reload} />}
      {(source.loading || types.loading) && !(source.data && types.data) && <Loading />}
      {source.data && types.data && (
        <section className="card">
          <h1>{source.data.name}</h1>
          <p>{labels.sourceType(source.data.type)}</p>
          <p className="muted">{t('sources.builtInDetail')}</p>
        </section>
      )}
    </Frame>
  );
}

/** A new source of a type that has a form and may have several sources. */
export function NewSourcePage({ type: name }: { type: string }) {
  const { t } = useI18n();
  const types = useSourceTypes();
  const type = types.data?.items.find((x) => x.type === name && x.form && !x.singleton);
  if (types.data && type) return <SourceFormPage type={type} policy={types.data.policy} />;
  return (
    <Frame>
      {types.error !== undefined && <ErrorNotice error={types.error} retry={types.reload} />}
      {types.loading && !types.data && <Loading />}
      {types.data && <Empty title={t('sourceForm.unknownType', { type: name })} />}
    </Frame>
  );
}

function Frame({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="page narrow">
      <p className="crumbs">
        <Link to="/sources">{t('nav.sources')}</Link>
      </p>
      {children}
    </div>
  );
}
