/**
 * What a finished run asks of the admin, above its diff: why it failed; its warnings (a field permission
 * not granted: which to grant); that an incomplete fetch disabled nobody; and the next step: Apply a
 * planned dry run, or confirm one that would disable more people than the threshold allows.
 */
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { useAction } from '../../lib/useAction.ts';
import { useCan } from '../../lib/permissions.ts';
import { useLabels } from '../../lib/labels.ts';
import type { SyncRun } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { ErrorNotice, Notice } from '../../components/States.tsx';

export interface RunOutcomeProps {
  run: SyncRun;
  /** The identity source's disable threshold (%), when the run has a source. */
  thresholdPercent?: number;
  /** The run that applying started (the same run, or a new one). */
  onApplied(run: SyncRun): void;
}

export function RunOutcome({ run, thresholdPercent, onApplied }: RunOutcomeProps) {
  const { t } = useI18n();
  const labels = useLabels();
  const writable = useCan()('users:write');
  const apply = useAction();
  const [confirming, setConfirming] = useState(false);
  const send = (confirmDisables: boolean) =>
    apply.run(async () => {
      onApplied(await api<SyncRun>('POST', `/sync-runs/${encodeURIComponent(run.id)}/apply`, confirmDisables ? { confirmDisables } : {}));
      setConfirming(false);
    });
  const disables = run.counts.disable;

  return (
    <>
      <div className="run-notices">
        {run.error && (
          <Notice kind="bad">
            <strong>{labels.reason(run.error.code)}</strong>
            <span>{run.error.detail}</span>
          </Notice>
        )}
        {run.warnings.map((w) => (
          <Notice key={w.code} kind="warn">
            <span aria-hidden="true">⚠</span>
            <span data-code={w.code}>
              <strong>{labels.reason(w.code)}</strong> <span>{w.detail}</span>
            </span>
          </Notice>
        ))}
        {!run.complete && run.status !== 'failed' && <Notice kind="info">{t('syncRun.incomplete')}</Notice>}
        {run.status === 'superseded' && <Notice kind="info">{t('syncRun.superseded')}</Notice>}
        {run.status === 'succeeded' && <Notice kind="ok">{t('syncRun.applied')}</Notice>}
      </div>
      {run.status === 'planned' && (
        <div className="card apply-bar">
          <p>{t('syncRun.planned')}</p>
          {writable && (
            <button type="button" className="btn primary" disabled={apply.busy} onClick={() => send(false)}>
              {apply.busy ? t('syncRun.applying') : t('syncRun.apply')}
            </button>
          )}
        </div>
      )}
      {run.status === 'awaiting_confirmation' && (
        <div className="card apply-bar">
          <Notice kind="warn">
            <span aria-hidden="true">⚠</span>
            <span>{thresholdPercent === undefined ? t('syncRun.overThreshold', { n: disables }) : t('syncRun.overThresholdOf', { n: disables, percent: thresholdPercent })}</span>
          </Notice>
          {writable && (
            <button type="button" className="btn danger" onClick={() => setConfirming(true)}>
              {t('syncRun.confirmDisables')}
            </button>
          )}
        </div>
      )}
      {apply.error !== undefined && !confirming && <ErrorNotice error={apply.error} />}
      {confirming && (
        <ConfirmDialog
          title={t('syncRun.confirmTitle', { n: disables })}
          message={t('syncRun.confirmMessage', { n: disables })}
          confirmLabel={t('syncRun.confirmDisables')}
          busy={apply.busy}
          error={apply.error !== undefined && <ErrorNotice error={apply.error} />}
          onConfirm={() => send(true)}
          onClose={() => {
            setConfirming(false);
            apply.clearError();
          }}
        />
      )}
    </>
  );
}
