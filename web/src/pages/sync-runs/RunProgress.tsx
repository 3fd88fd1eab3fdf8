/** A queued or running run's progress: the phase it is in and how far through it, or a moving bar while the total is unknown. */
import type { SyncRun } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';

export function RunProgress({ run }: { run: SyncRun }) {
  const { t } = useI18n();
  const { done, total } = run.progress;
  const known = total !== null && total > 0;
  const percent = known ? Math.min(100, Math.round((done / total) * 100)) : undefined;
  const phase = run.status === 'queued' ? t('syncRun.queued') : t(`syncRun.phase.${run.phase}`);
  const amount = run.status === 'queued' ? '' : known ? t('syncRun.progress.of', { done, total }) : done > 0 ? t('syncRun.progress.sofar', { done }) : '';
  return (
    <section className="card" aria-labelledby="run-progress-title">
      <div className="section-head">
        <h2 id="run-progress-title">{phase}</h2>
        <span className="muted">{amount}</span>
      </div>
      <div
        className={`progress${known ? '' : ' indeterminate'}`}
        role="progressbar"
        aria-labelledby="run-progress-title"
        aria-valuemin={known ? 0 : undefined}
        aria-valuemax={known ? total : undefined}
        aria-valuenow={known ? done : undefined}
        aria-valuetext={amount || phase}
      >
        <span style={known ? { width: `${percent}%` } : undefined} />
      </div>
    </section>
  );
}
