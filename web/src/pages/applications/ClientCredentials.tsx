/** An application's client ID and, when one was just issued, its client secret: shown this once. */
import { useI18n } from '../../i18n/i18n.tsx';
import type { ApplicationWithSecret } from '../../lib/types.ts';
import { CopyField, OnceDialog } from '../../components/OnceDialog.tsx';

export function ClientCredentialsDialog({ title, clientId, result, doneLabel, onDone }: { title: string; clientId: string; result: ApplicationWithSecret; doneLabel: string; onDone(): void }) {
  const { t } = useI18n();
  const { clientSecret } = result;
  return (
    <OnceDialog title={title} warning={clientSecret ? t('apps.secret.once') : undefined} doneLabel={doneLabel} onDone={onDone}>
      <CopyField id="credentials-client-id" label={t('apps.field.clientId')} value={clientId} copyLabel={t('apps.copyClientId')} />
      {clientSecret ? (
        <CopyField id="credentials-client-secret" label={t('apps.field.clientSecret')} value={clientSecret} copyLabel={t('apps.copyClientSecret')} hint={t('apps.secret.store')} />
      ) : (
        <p className="muted">{t('apps.secret.none')}</p>
      )}
    </OnceDialog>
  );
}
