/** What to register in the application, as its protocol says (GET /applications/{id}/endpoints), each with a copy button. */
import { Fragment } from 'react';
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import type { Application, ApplicationEndpoints } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useLabels } from '../../lib/labels.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { ErrorNotice } from '../../components/States.tsx';

/** `clientId` → `client-id`: the data-field tests and scripts find a value by. */
const fieldName = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function ApplicationEndpointsList({ app }: { app: Application }) {
  const { t } = useI18n();
  const labels = useLabels();
  // Reloaded when the application changes: its identifiers may have.
  const loaded = useAsync(() => api<ApplicationEndpoints>('GET', `/applications/${encodeURIComponent(app.id)}/endpoints`), [app.id, app.updatedAt]);
  return (
    <section aria-labelledby="app-endpoints">
      <h2 id="app-endpoints">{t('apps.endpoints')}</h2>
      <p className="muted">{t('apps.endpoints.intro')}</p>
      {loaded.error !== undefined && <ErrorNotice error={loaded.error} retry={loaded.reload} />}
      {loaded.data && (
        <dl className="details">
          {loaded.data.endpoints.map(({ key, value, download }) => (
            <Fragment key={key}>
              <dt>{labels.endpoint(key)}</dt>
              <dd className="with-button">
                <code data-field={fieldName(key)}>{value}</code>
                {download ? (
                  <a className="btn small ghost" href={value} download>
                    {t('apps.downloadEndpoint')}
                  </a>
                ) : (
                  <CopyButton value={value} label={t('apps.copyEndpoint', { name: labels.endpoint(key) })} />
                )}
              </dd>
            </Fragment>
          ))}
        </dl>
      )}
    </section>
  );
}
