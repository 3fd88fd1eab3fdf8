/** A user's bound external accounts (DingTalk), with remove: the next scan asks to bind again. */
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import type { Binding, Page } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import { Badge, Empty, ErrorNotice, Loading } from '../../components/States.tsx';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { useCan } from '../../lib/permissions.ts';

export function UserBindings({ userId }: { userId: string }) {
  const { t, locale } = useI18n();
  const labels = useLabels();
  const removable = useCan()('bindings:write');
  const bindings = useAsync(() => api<Page<Binding>>('GET', `/bindings?userId=${encodeURIComponent(userId)}&pageSize=100`), [userId]);
  const [removing, setRemoving] = useState<Binding>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const remove = async () => {
    if (!removing) return;
    setBusy(true);
    try {
      await api('DELETE', `/bindings/${encodeURIComponent(removing.id)}`);
      setRemoving(undefined);
      bindings.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const items = bindings.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="bindings-title">
      <h2 id="bindings-title">{t('bindings.title')}</h2>
      <p className="muted">{t('bindings.intro')}</p>
      {bindings.error !== undefined && <ErrorNotice error={bindings.error} retry={bindings.reload} />}
      {bindings.loading && !bindings.data && <Loading />}
      {bindings.data && items.length === 0 && <Empty title={t('bindings.empty')} />}
      {items.length > 0 && (
        <ul className="bindings">
          {items.map((b) => (
            <li key={b.id} data-binding-id={b.id}>
              {b.avatarUrl ? <img className="avatar" src={b.avatarUrl} alt="" /> : <span className="avatar" aria-hidden="true" />}
              <div className="grow">
                <div>
                  <strong>{b.nick ?? b.subject}</strong> <Badge kind="info">{labels.sourceType(b.sourceType)}</Badge> <span className="muted">{b.sourceName}</span>
                </div>
                <div className="muted small">
                  unionId <code>{b.subject}</code>
                  {b.externalUserId && (
                    <>
                      {' '}
                      · userId <code>{b.externalUserId}</code>
                    </>
                  )}
                </div>
                <div className="muted small">
                  {t('bindings.boundAt', { at: formatDateTime(b.createdAt, locale) })} · {b.lastUsedAt ? t('bindings.lastUsed', { at: formatDateTime(b.lastUsedAt, locale) }) : t('bindings.neverUsed')}
                </div>
              </div>
              {removable && (
                <button type="button" className="btn small danger ghost" onClick={() => setRemoving(b)}>
                  {t('bindings.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {removing && (
        <ConfirmDialog
          title={t('bindings.removeTitle')}
          message={t('bindings.removeMessage', { nick: removing.nick ?? removing.subject, source: removing.sourceName })}
          confirmLabel={t('bindings.remove')}
          busy={busy}
          error={error !== undefined && <ErrorNotice error={error} />}
          onConfirm={remove}
          onClose={() => {
            setRemoving(undefined);
            setError(undefined);
          }}
        />
      )}
    </section>
  );
}
