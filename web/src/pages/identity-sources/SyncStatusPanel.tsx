/** An identity source's state at a glance: its last run, its next scheduled one, and the Stream connection (which node holds it, since when). */
import type { IdentitySource } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../lib/router.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { RunStatusBadge, StreamBadge } from './SyncBadges.tsx';
import { countsLine, durationOf } from './syncText.ts';

export function SyncStatusPanel({ source: s }: { source: IdentitySource }) {
  const { t, locale } = useI18n();
  const run = s.lastRun;
  return (
    <section className="card" aria-labelledby="sync-status-title">
      <h2 id="sync-status-title">{t('idSource.status')}</h2>
      <dl className="details">
        <dt>{t('idSource.lastRun')}</dt>
        <dd>
          {run ? (
            <div className="stack">
              <Link to={`/users/sync-runs/${run.id}`} className="with-badge">
                <RunStatusBadge status={run.status} />
                <span>{formatDateTime(run.startedAt, locale)}</span>
                <span className="muted">{t(`syncRun.mode.${run.mode}`)}</span>
              </Link>
              <span className="muted small">
                {countsLine(run.counts, t)}
                {run.finishedAt && ` · ${durationOf(run, t)}`}
              </span>
            </div>
          ) : (
            <span className="muted">{t('idSource.neverRun')}</span>
          )}
        </dd>
        <dt>{t('idSource.nextRun')}</dt>
        <dd>{s.nextRunAt ? formatDateTime(s.nextRunAt, locale) : <span className="muted">{t('idSource.noSchedule')}</span>}</dd>
        <dt>{t('idSource.stream')}</dt>
        <dd>
          <div className="stack">
            <StreamBadge state={s.stream.state} />
            {s.stream.holder && <span className="small">{t('idSource.stream.holder', { node: s.stream.holder })}</span>}
            {s.stream.since && <span className="small muted">{t('idSource.stream.since', { at: formatDateTime(s.stream.since, locale) })}</span>}
            {s.stream.lastError && <span className="small field-error">{s.stream.lastError}</span>}
          </div>
        </dd>
      </dl>
    </section>
  );
}
