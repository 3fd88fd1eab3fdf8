/**
 * A user's two-step verification: their authenticator apps, passkeys and unused recovery codes, and for super admins
 * a reset (after a lost phone) behind a confirmation that says what it does.
 */
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import { useAction } from '../../lib/useAction.ts';
import type { User, UserFactors as Factors } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { Empty, ErrorNotice, Loading, Notice } from '../../components/States.tsx';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { useCan } from '../../lib/permissions.ts';

export function UserFactors({ user }: { user: User }) {
  const { t, locale } = useI18n();
  const resettable = useCan()('factors:write');
  const path = `/users/${encodeURIComponent(user.id)}/factors`;
  const loaded = useAsync(() => api<Factors>('GET', path), [path]);
  const [confirming, setConfirming] = useState(false);
  /** The user whose factors this page just reset: the notice is theirs only. */
  const [resetId, setResetId] = useState<string>();
  const { busy, error, run, clearError } = useAction();
  const close = () => {
    setConfirming(false);
    clearError();
  };
  const reset = () =>
    run(async () => {
      await api('DELETE', path);
      close();
      setResetId(user.id);
      loaded.reload();
    });

  const data = loaded.data;
  const anything = data !== undefined && (data.factors.length > 0 || data.recoveryCodesLeft > 0);
  return (
    <section className="card" aria-labelledby="factors-title">
      <div className="section-head">
        <h2 id="factors-title">{t('factors.title')}</h2>
        {resettable && anything && (
          <button type="button" className="btn danger ghost" onClick={() => setConfirming(true)}>
            {t('factors.reset')}
          </button>
        )}
      </div>
      <p className="muted">{t('factors.intro')}</p>
      {resetId === user.id && <Notice kind="ok">{t('factors.wasReset', { name: user.displayName })}</Notice>}
      {loaded.error !== undefined && <ErrorNotice error={loaded.error} retry={loaded.reload} />}
      {loaded.loading && !data && <Loading />}
      {data && data.factors.length === 0 && <Empty title={t('factors.none')} />}
      {data && data.factors.length > 0 && (
        <>
          <ul className="bindings" aria-label={t('factors.apps')}>
            {data.factors.map((f) => (
              <li key={f.id} data-factor-id={f.id}>
                <div className="grow">
                  <strong>{f.name}</strong> <span className="muted small">{t(`factors.type.${f.type}`)}</span>
                  <div className="muted small">
                    {t('factors.addedAt', { at: formatDateTime(f.createdAt, locale) })} · {f.lastUsedAt ? t('factors.lastUsed', { at: formatDateTime(f.lastUsedAt, locale) }) : t('factors.neverUsed')}
                  </div>
                </div>
              </li>
            ))}
          </ul>
          <p className="muted" data-recovery-codes-left={data.recoveryCodesLeft}>
            {t('factors.recoveryCodesLeft', { n: data.recoveryCodesLeft })}
          </p>
        </>
      )}
      {confirming && (
        <ConfirmDialog
          title={t('factors.resetTitle', { name: user.displayName })}
          message={t('factors.resetMessage', { name: user.displayName })}
          confirmLabel={t('factors.reset')}
          busy={busy}
          error={error !== undefined && <ErrorNotice error={error} />}
          onConfirm={reset}
          onClose={close}
        />
      )}
    </section>
  );
}
