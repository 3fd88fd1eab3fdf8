/**
 * What an application admin does to an application from its page: change it, issue a new client
 * secret (confirmed, then shown once), delete it (not the built-in User Center).
 */
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import type { Application, ApplicationWithSecret } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { navigate } from '../../lib/router.tsx';
import { ConfirmDialog, Dialog, DialogFormActions } from '../../components/Dialog.tsx';
import { ErrorNotice } from '../../components/States.tsx';
import { useAction } from '../../lib/useAction.ts';
import { ApplicationForm } from './ApplicationForm.tsx';
import { ClientCredentialsDialog } from './ClientCredentials.tsx';
import { protocolUi } from './protocols.ts';

type Open = 'edit' | 'rotate' | 'delete';

export function ApplicationActions({ app, onChanged }: { app: Application; onChanged(result: ApplicationWithSecret): void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<Open>();
  const { busy, error, run, clearError } = useAction();
  const [issued, setIssued] = useState<ApplicationWithSecret>();
  const path = `/applications/${encodeURIComponent(app.id)}`;

  const close = () => {
    setOpen(undefined);
    clearError();
  };
  const changed = (result: ApplicationWithSecret) => {
    close();
    onChanged(result);
    if (result.clientSecret) setIssued(result);
  };
  const confirm =
    open === 'rotate'
      ? {
          title: t('apps.rotateTitle', { name: app.name }),
          message: t('apps.rotateMessage'),
          confirmLabel: t('apps.rotateConfirm'),
          onConfirm: () => run(async () => changed(await api<ApplicationWithSecret>('POST', `${path}/secret`))),
        }
      : open === 'delete'
        ? {
            title: t('apps.deleteTitle', { name: app.name }),
            message: t('apps.deleteMessage'),
            confirmLabel: t('action.delete'),
            onConfirm: () =>
              run(async () => {
                await api('DELETE', path);
                navigate('/applications', { replace: true });
              }),
          }
        : undefined;

  return (
    <div className="header-actions">
      <button type="button" className="btn" onClick={() => setOpen('edit')}>
        {t('apps.edit')}
      </button>
      {protocolUi(app.protocol)?.hasSecret?.(app) && (
        <button type="button" className="btn" onClick={() => setOpen('rotate')}>
          {t('apps.rotate')}
        </button>
      )}
      {!app.builtIn && (
        <button type="button" className="btn danger ghost" onClick={() => setOpen('delete')}>
          {t('action.delete')}
        </button>
      )}
      {open === 'edit' && (
        <Dialog title={t('apps.editNamed', { name: app.name })} onClose={close}>
          <ApplicationForm
            app={app}
            onSaved={changed}
            footer={(saving) => <DialogFormActions busy={saving} submitLabel={t('action.save')} onCancel={close} />}
          />
        </Dialog>
      )}
      {confirm && <ConfirmDialog {...confirm} busy={busy} error={error !== undefined && <ErrorNotice error={error} />} onClose={close} />}
      {issued && <ClientCredentialsDialog title={t('apps.secretIssued', { name: issued.application.name })} clientId={protocolUi(issued.application.protocol)?.credentials?.(issued.application)?.clientId ?? ''} result={issued} doneLabel={t('apps.secret.stored')} onDone={() => setIssued(undefined)} />}
    </div>
  );
}
