/**
 * On a source's page, for a type whose upstream opens applications itself (DingTalk's workbench): the
 * address to register there for each application that enables the source (GET /sources/{id}/entry-addresses).
 */
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import type { EntryAddress as EntryAddressView } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../lib/router.tsx';
import { ErrorNotice, Loading } from '../../components/States.tsx';
import { EntryAddress, type EntryAddressWords } from './EntryAddress.tsx';

export function SourceEntryAddresses({ sourceId, words }: { sourceId: string; words: EntryAddressWords }) {
  const { t, locale } = useI18n();
  const loaded = useAsync(() => api<{ items: EntryAddressView[] }>('GET', `/sources/${encodeURIComponent(sourceId)}/entry-addresses`), [sourceId]);
  return (
    <section className="card" aria-labelledby="entry-addresses">
      <h2 id="entry-addresses">{words.title[locale]}</h2>
      <p className="muted">{words.help[locale]}</p>
      {loaded.error !== undefined && <ErrorNotice error={loaded.error} retry={loaded.reload} />}
      {loaded.loading && !loaded.data && <Loading />}
      {loaded.data?.items.length === 0 && (
        <p className="muted">
          {t('entryAddress.none')} <Link to="/applications">{t('sourceForm.createdNext')}</Link>
        </p>
      )}
      {loaded.data?.items.map((item) => (
        <div key={item.applicationId} className="entry-address-app" data-application-id={item.applicationId}>
          <h3>
            <Link to={`/applications/${item.applicationId}`}>{item.applicationName}</Link>
          </h3>
          <EntryAddress words={words} url={item.url} withHelp={false} />
        </div>
      ))}
    </section>
  );
}
