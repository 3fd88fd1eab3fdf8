/** "Dry run" and "Sync now" for one identity source: each starts a run (POST /identity-sources/:id/runs) and opens its live page. */
import { api } from '../../lib/api.ts';
import { useAction } from '../../lib/useAction.ts';
import { navigate } from '../../lib/router.tsx';
import type { SyncRun, SyncRunMode } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice } from '../../components/States.tsx';

/** `sourceName`: in a list of sources, which one each button is for. */
export function RunButtons({ sourceId, sourceName, small }: { sourceId: string; sourceName?: string; small?: boolean }) {
  const { t } = useI18n();
  const { busy, error, run } = useAction();
  const start = (mode: SyncRunMode) =>
    run(async () => {
      const started = await api<SyncRun>('POST', `/identity-sources/${encodeURIComponent(sourceId)}/runs`, { mode });
      navigate(`/users/sync-runs/${started.id}`);
    });
  const size = small ? ' small' : '';
  return (
    <div className="stack">
      <div className="row-actions">
        <button type="button" className={`btn${size}`} disabled={busy} onClick={() => start('dry_run')} aria-label={sourceName && t('idSource.dryRunNamed', { name: sourceName })}>
          {t('idSource.dryRun')}
        </button>
        <button type="button" className={`btn primary${size}`} disabled={busy} onClick={() => start('apply')} aria-label={sourceName && t('idSource.syncNowNamed', { name: sourceName })}>
          {t('idSource.syncNow')}
        </button>
      </div>
      {error !== undefined && <ErrorNotice error={error} />}
    </div>
  );
}
