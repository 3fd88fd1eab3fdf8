/** What a run plans or did: a count for every kind of change (each kind with changes opens its sample), and the people left alone. */
import { useState } from 'react';
import { api, query } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import type { ChangeKind, Page, SyncChange, SyncRun } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { CHANGE_KINDS } from '../../../../src/sync/views.ts';
import { ChangeTable } from './ChangeTable.tsx';

/** Applied (a dry run applied later too), or an apply that failed part way: its changes were made, or some were. */
const madeChanges = (run: SyncRun) => run.status === 'succeeded' || (run.status === 'failed' && run.mode === 'apply');

/**
 * The departments a run creates, by the reference its other changes name them with (`ext:<upstream id>`),
 * so that people landing in them read with their names: the first page of 100 (beyond, by their ids).
 */
function usePendingUnits(run: SyncRun) {
  const creates = run.counts.create_unit > 0;
  return useAsync(
    async () =>
      creates ? new Map((await api<Page<SyncChange>>('GET', `/sync-runs/${encodeURIComponent(run.id)}/changes${query({ kind: 'create_unit', pageSize: 100 })}`)).items.map((c) => [`ext:${c.externalId}`, c.name])) : new Map<string, string>(),
    [run.id, creates],
  );
}

export function RunDiff({ run }: { run: SyncRun }) {
  const { t } = useI18n();
  const pendingUnits = usePendingUnits(run);
  const [kind, setKind] = useState<ChangeKind>(() => CHANGE_KINDS.find((k) => run.counts[k] > 0) ?? 'create');
  return (
    <section className="stack-section" aria-labelledby="run-diff-title">
      <h2 id="run-diff-title">{t(madeChanges(run) ? 'syncRun.diff.done' : 'syncRun.diff.planned')}</h2>
      <div className="chips" role="tablist" aria-label={t('syncRun.diff.kinds')}>
        {CHANGE_KINDS.map((k) => (
          <button key={k} type="button" role="tab" aria-selected={k === kind} className={`chip kind-${k}${k === kind ? ' active' : ''}${run.counts[k] ? '' : ' zero'}`} onClick={() => setKind(k)} data-kind={k}>
            <span>{t(`syncRun.kind.${k}`)}</span> <strong>{run.counts[k]}</strong>
          </button>
        ))}
        {(['unchanged', 'skipped'] as const).map((k) => (
          <span key={k} className="chip quiet" data-kind={k}>
            <span>{t(`syncRun.kind.${k}`)}</span> <strong>{run.counts[k]}</strong>
          </span>
        ))}
      </div>
      <div role="tabpanel" aria-label={t(`syncRun.kind.${kind}`)}>
        <ChangeTable key={`${run.id}-${run.status}-${kind}`} runId={run.id} kind={kind} pendingUnits={pendingUnits.data} />
      </div>
    </section>
  );
}
