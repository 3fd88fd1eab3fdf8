/**
 * Resources > APIs: the registered APIs (OAuth resource servers) applications may get access tokens
 * for, with their scopes; roles that may write register, change and delete them, the others read.
 */
import { useState } from 'react';
import { api as call } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import { useAction } from '../../lib/useAction.ts';
import type { Api } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useCan } from '../../lib/permissions.ts';
import { Empty, ErrorNotice, Loading } from '../../components/States.tsx';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { ReadOnlyNotice } from '../../components/Access.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ApiDialog } from './ApiDialog.tsx';

type Open = { kind: 'new' } | { kind: 'edit' | 'delete'; api: Api };

export function ApisPage() {
  const { t } = useI18n();
  const writable = useCan()('apis:write');
  const apis = useAsync(() => call<{ items: Api[] }>('GET', '/apis'), []);
  const [open, setOpen] = useState<Open>();
  const { busy, error, run, clearError } = useAction();
  const all = apis.data?.items ?? [];
  const close = () => {
    setOpen(undefined);
    clearError();
  };
  const done = () => {
    close();
    apis.reload();
  };
  return (
    <div className="page">
      <PageHeader title={t('apis.title')} subtitle={t('apis.subtitle')}>
        {writable && (
          <button type="button" className="btn primary" onClick={() => setOpen({ kind: 'new' })}>
            {t('apis.new')}
          </button>
        )}
      </PageHeader>
      {!writable && <ReadOnlyNotice />}
      {apis.error !== undefined && <ErrorNotice error={apis.error} retry={apis.reload} />}
      {apis.loading && !apis.data && <Loading />}
      {apis.data && all.length === 0 && <Empty title={t('apis.empty')} />}
      {all.length > 0 && (
        <div className={`table-wrap card flush${apis.loading ? ' busy' : ''}`}>
          <table className="table cards-on-phone">
            <thead>
              <tr>
                <th>{t('apis.col.api')}</th>
                <th>{t('apis.col.scopes')}</th>
                <th>{t('apis.col.token')}</th>
                {writable && <th>{t('apis.col.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {all.map((a) => (
                <tr key={a.id} data-api={a.identifier}>
                  <td data-label={t('apis.col.api')}>
                    <strong>{a.name}</strong>
                    <div>
                      <code>{a.identifier}</code>
                    </div>
                    {a.description && <div className="muted small">{a.description}</div>}
                  </td>
                  <td data-label={t('apis.col.scopes')}>
                    {a.scopes.length ? (
                      <ul className="plain">
                        {a.scopes.map((s) => (
                          <li key={s.name}>
                            <code>{s.name}</code> {s.description && <span className="muted small">{s.description}</span>}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="muted">{t('apis.noScopes')}</span>
                    )}
                  </td>
                  <td data-label={t('apis.col.token')} className="nowrap">
                    {t('apis.token', { alg: a.signingAlg, seconds: a.accessTokenLifetimeSeconds })}
                  </td>
                  {writable && (
                    <td className="cell-actions">
                      <div className="row-actions wrap">
                        <button type="button" className="btn small ghost" aria-label={t('apis.editNamed', { name: a.name })} onClick={() => setOpen({ kind: 'edit', api: a })}>
                          {t('apis.edit')}
                        </button>
                        <button type="button" className="btn small danger ghost" aria-label={t('apis.deleteNamed', { name: a.name })} onClick={() => setOpen({ kind: 'delete', api: a })}>
                          {t('action.delete')}
                        </button>
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(open?.kind === 'new' || open?.kind === 'edit') && <ApiDialog api={open.kind === 'edit' ? open.api : undefined} onSaved={done} onClose={close} />}
      {open?.kind === 'delete' && (
        <ConfirmDialog
          title={t('apis.deleteTitle', { name: open.api.name })}
          message={t('apis.deleteMessage')}
          confirmLabel={t('action.delete')}
          busy={busy}
          error={error !== undefined && <ErrorNotice error={error} />}
          onClose={close}
          onConfirm={() =>
            run(async () => {
              await call('DELETE', `/apis/${encodeURIComponent(open.api.id)}`);
              done();
            })
          }
        />
      )}
    </div>
  );
}
