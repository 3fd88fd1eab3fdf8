/**
 * /users/sync-runs/:id: one run of an identity source or a CSV import. While it is queued or running the page
 * polls it every second and shows its progress; then what it plans or did (counts and a sample per kind),
 * its warnings, and Apply or the confirmation it waits for.
 */
import { useEffect } from 'react';
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import type { IdentitySource, SyncRun } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link, navigate } from '../../lib/router.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { ErrorNotice, Loading } from '../../components/States.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RunStatusBadge } from '../identity-sources/SyncBadges.tsx';
import { durationOf, isActive } from '../identity-sources/syncText.ts';
import { RunProgress } from './RunProgress.tsx';
import { RunOutcome } from './RunOutcome.tsx';
import { RunDiff } from './RunDiff.tsx';

const POLL_MS = 1000;

export function SyncRunPage({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const loaded = useAsync(() => api<SyncRun>('GET', `/sync-runs/${encodeURIComponent(id)}`), [id]);
  const run = loaded.data?.id === id ? loaded.data : undefined;
  const sourceId = run?.sourceId ?? null;
  const source = useAsync(() => (sourceId ? api<IdentitySource>('GET', `/identity-sources/${encodeURIComponent(sourceId)}`) : Promise.resolve(undefined)), [sourceId]);

  // Each answer while the run goes on asks again a second later; a failed poll stops, with the error and Try again.
  useEffect(() => {
    if (!run || !isActive(run)) return;
    const timer = window.setTimeout(loaded.reload, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [run, loaded.reload]);

  const applied = (next: SyncRun) => (next.id === id ? loaded.reload() : navigate(`/users/sync-runs/${next.id}`));
  const title = !run ? '' : run.origin === 'csv' ? t('syncRun.title.csv') : t(run.mode === 'dry_run' ? 'syncRun.title.dryRun' : 'syncRun.title.apply');
  const who = run?.requestedBy ?? (run ? t(`syncRun.trigger.${run.trigger}`) : '');

  return (
    <div className="page">
      <p className="crumbs">
        <Link to="/users">{t('users.title')}</Link>
        {sourceId && (
          <>
            {' / '}
            <Link to="/users/identity-sources">{t('users.tab.identitySources')}</Link> / <Link to={`/users/identity-sources/${sourceId}`}>{source.data?.name ?? sourceId}</Link>
          </>
        )}
      </p>
      {loaded.error !== undefined && <ErrorNotice error={loaded.error} retry={loaded.reload} />}
      {loaded.loading && !run && <Loading />}
      {run && (
        <>
          <PageHeader
            title={
              <>
                {title} <RunStatusBadge status={run.status} />
              </>
            }
            subtitle={[run.label, t('syncRun.startedBy', { at: formatDateTime(run.startedAt, locale), who }), durationOf(run, t)].filter(Boolean).join(' · ')}
          />
          {isActive(run) ? (
            <RunProgress run={run} />
          ) : (
            <>
              <RunOutcome run={run} thresholdPercent={source.data?.config.disableThresholdPercent} onApplied={applied} />
              <RunDiff run={run} />
            </>
          )}
          {run.origin === 'csv' && run.status === 'succeeded' && (
            <p>
              <Link to="/users">{t('syncRun.toUsers')}</Link>
            </p>
          )}
        </>
      )}
    </div>
  );
}
