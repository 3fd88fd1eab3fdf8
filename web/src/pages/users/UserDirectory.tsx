/** Where a user sits in the directory: their departments (the main one first) and the identity sources that sync them. */
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import type { UserDirectory as Directory } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { Link } from '../../lib/router.tsx';
import { Badge, ErrorNotice, Loading } from '../../components/States.tsx';

export function UserDirectory({ userId }: { userId: string }) {
  const { t, locale } = useI18n();
  const loaded = useAsync(() => api<Directory>('GET', `/users/${encodeURIComponent(userId)}/directory`), [userId]);
  const data = loaded.data;
  return (
    <section className="card" aria-labelledby="directory-title">
      <h2 id="directory-title">{t('userDirectory.title')}</h2>
      {loaded.error !== undefined && <ErrorNotice error={loaded.error} retry={loaded.reload} />}
      {loaded.loading && !data && <Loading />}
      {data && (
        <>
          <ul className="plain-list" aria-label={t('userDirectory.departments')}>
            {data.memberships.map((m) => (
              <li key={m.orgUnitId}>
                {m.path.join(' / ')} {m.primary && <Badge kind="info">{t('userDirectory.main')}</Badge>}
              </li>
            ))}
          </ul>
          {data.links.length === 0 ? (
            <p className="muted">{t('userDirectory.notSynced')}</p>
          ) : (
            <ul className="plain-list" aria-label={t('userDirectory.syncedFrom')}>
              {data.links.map((l) => (
                <li key={l.sourceId}>
                  {t('userDirectory.syncedBy')} <Link to={`/users/identity-sources/${encodeURIComponent(l.sourceId)}`}>{l.sourceName}</Link> · userid <code>{l.externalId}</code>
                  {l.leftAt && <span className="muted"> · {t('userDirectory.left', { at: formatDateTime(l.leftAt, locale) })}</span>}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
